package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.CharsetUtil;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The UDP chat inbound stage: one datagram in, one addressed line out, whatever it holds. */
class DatagramLineDecoderTest {
    private static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress TO = new InetSocketAddress("127.0.0.1", 9090);

    private final EmbeddedChannel channel = new EmbeddedChannel(new DatagramLineDecoder(64));

    @AfterEach
    void finish() {
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private AddressedLine decode(byte[] bytes) {
        ByteBuf content = Unpooled.buffer(bytes.length + 1).writeBytes(bytes); // a real buffer even when empty
        channel.writeInbound(new DatagramPacket(content, TO, FROM));
        assertThat(content.refCnt()).isZero(); // the decoder released the datagram
        AddressedLine line = channel.readInbound();
        assertThat(line.sender()).isEqualTo(FROM);
        return line;
    }

    private AddressedLine decode(String s) {
        return decode(s.getBytes(CharsetUtil.UTF_8));
    }

    @Test
    void nameAndTextAreSplitAtTheFirstSeparator() {
        assertThat(decode("alice : hi : there"))
                .isEqualTo(new AddressedLine(FROM, "alice", new ClientLine.Said("alice", "hi : there")));
    }

    @Test
    void oneTrailingLineEndIsIgnored() {
        assertThat(decode("bob : hi\n").line()).isEqualTo(new ClientLine.Said("bob", "hi"));
        assertThat(decode("bob : hi\r\n").line()).isEqualTo(new ClientLine.Said("bob", "hi"));
        assertThat(decode("太白 : 你好\n").line()).isEqualTo(new ClientLine.Said("太白", "你好"));
    }

    @Test
    void textStartingWithSlashIsACommandFromThatName() {
        assertThat(decode("bob : /join dev")).isEqualTo(new AddressedLine(FROM, "bob", new ClientLine.Command("join", "dev")));
        assertThat(decode("bob : /WHO").line()).isEqualTo(new ClientLine.Command("who", ""));
        assertThat(decode("bob : /time %H:%M").line()).isEqualTo(new ClientLine.Command("time", "%H:%M"));
    }

    @Test
    void quitTextIsPassedOnAsSaid() {
        assertThat(decode("bob : q").line()).isEqualTo(new ClientLine.Said("bob", "q"));
    }

    @Test
    void datagramWithoutSeparatorIsInvalid() {
        for (String s : new String[] {"hello", "", "\n", "q", "/who", "I think : yes", " : text", "bob :hi"}) {
            AddressedLine line = decode(s);
            assertThat(line.name()).as(s).isNull();
            assertThat(line.line()).as(s).isEqualTo(new ClientLine.Invalid("expected NAME : TEXT"));
        }
    }

    @Test
    void badNameIsInvalid() {
        AddressedLine line = decode("a/b : hi");
        assertThat(line.name()).isNull();
        assertThat(line.line()).isEqualTo(new ClientLine.Invalid("invalid name: 1 to 32 letters, digits, _ - or ."));
        assertThat(decode("x".repeat(33) + " : hi").line()).isInstanceOf(ClientLine.Invalid.class);
    }

    @Test
    void controlCharactersAreRemovedFromNameAndText() {
        assertThat(decode("bo\u001b[0mb : h\u0007i").line()).isEqualTo(new ClientLine.Said("bob", "hi"));
    }

    @Test
    void invalidUtf8IsInvalid() {
        byte[] bytes = {'b', 'o', 'b', ' ', ':', ' ', (byte) 0xC3, (byte) 0x28};
        assertThat(decode(bytes).line()).isEqualTo(new ClientLine.Invalid("invalid UTF-8, datagram discarded"));
    }

    @Test
    void datagramOverTheLimitIsInvalidEvenWithALineEnd() {
        String exactly = "bob : " + "x".repeat(64 - 6);
        assertThat(decode(exactly).line()).isEqualTo(new ClientLine.Said("bob", "x".repeat(58)));
        assertThat(decode(exactly + "\n").line())
                .isEqualTo(new ClientLine.Invalid("datagram too long (over 64 bytes), discarded"));
        assertThat(decode(exactly + "y").line()).isInstanceOf(ClientLine.Invalid.class);
    }
}
