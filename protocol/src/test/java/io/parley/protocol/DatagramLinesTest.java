package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.CharsetUtil;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class DatagramLinesTest {
    private static final InetSocketAddress TO = new InetSocketAddress("127.0.0.1", 40000);

    @Test
    void sharedLineBecomesADatagramOfTheSameBytesWithoutItsLineEnd() {
        ByteBuf line = ServerLine.encode(PooledByteBufAllocator.DEFAULT, "bob : hi");
        DatagramPacket a = DatagramLines.shared(line, TO);
        DatagramPacket b = DatagramLines.shared(line, TO);
        try {
            assertThat(a.content().toString(CharsetUtil.UTF_8)).isEqualTo("bob : hi");
            assertThat(a.recipient()).isEqualTo(TO);
            assertThat(line.refCnt()).isEqualTo(3); // one reference each, no copies
            line.setByte(0, 'B'); // the datagrams see the change: the bytes are shared
            assertThat(b.content().toString(CharsetUtil.UTF_8)).isEqualTo("Bob : hi");
            assertThat(line.readableBytes()).isEqualTo("bob : hi\n".length()); // the original is untouched
        } finally {
            a.release();
            b.release();
            line.release();
        }
        assertThat(line.refCnt()).isZero();
    }

    @Test
    void packetIsOneLineWithoutLineEnd() {
        DatagramPacket p = DatagramLines.packet(PooledByteBufAllocator.DEFAULT, "* you are 太白", TO);
        try {
            assertThat(p.content().toString(CharsetUtil.UTF_8)).isEqualTo("* you are 太白");
        } finally {
            p.release();
        }
    }

    @Test
    void textLeavesOutOneLineEndAndRefusesInvalidUtf8() {
        assertThat(DatagramLines.text(Unpooled.copiedBuffer("a\r\n", CharsetUtil.UTF_8))).isEqualTo("a");
        assertThat(DatagramLines.text(Unpooled.copiedBuffer("a\n\n", CharsetUtil.UTF_8))).isEqualTo("a\n");
        assertThat(DatagramLines.text(Unpooled.copiedBuffer("\n", CharsetUtil.UTF_8))).isEmpty();
        assertThat(DatagramLines.text(Unpooled.EMPTY_BUFFER)).isEmpty();
        assertThat(DatagramLines.text(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF}))).isNull();
    }
}
