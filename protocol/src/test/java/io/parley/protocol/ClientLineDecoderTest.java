package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.CharsetUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TCP inbound stages, framing then decoding, as the server wires them. */
class ClientLineDecoderTest {
    private final EmbeddedChannel channel =
            new EmbeddedChannel(LineFraming.newFrameDecoder(16), ClientLineDecoder.INSTANCE);

    @AfterEach
    void finish() {
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private void write(String s) {
        channel.writeInbound(Unpooled.copiedBuffer(s, CharsetUtil.UTF_8));
    }

    private ClientLine read() {
        return channel.readInbound();
    }

    @Test
    void partialLineWaitsForItsEnd() {
        write("bob : he");
        assertThat((Object) channel.readInbound()).isNull();
        write("llo\n");
        assertThat(read()).isEqualTo(new ClientLine.Said("bob", "hello"));
    }

    @Test
    void joinedLinesAreSplit() {
        write("a : 1\nb : 2\r\nc : 3\n");
        assertThat(read()).isEqualTo(new ClientLine.Said("a", "1"));
        assertThat(read()).isEqualTo(new ClientLine.Said("b", "2"));
        assertThat(read()).isEqualTo(new ClientLine.Said("c", "3"));
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void overlongLineIsReportedOnceAndConnectionStaysUsable() {
        write("x".repeat(10));
        write("y".repeat(10));
        write("z".repeat(30) + "\nbob : ok\n");
        assertThat(read()).isInstanceOf(ClientLine.Invalid.class)
                .extracting(l -> ((ClientLine.Invalid) l).reason()).asString().contains("too long");
        assertThat(read()).isEqualTo(new ClientLine.Said("bob", "ok"));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() {
        write("a".repeat(16) + "\n");
        assertThat(read()).isEqualTo(new ClientLine.Said(null, "a".repeat(16)));
    }

    @Test
    void invalidUtf8IsReportedAndNextLineWorks() {
        ByteBuf bad = Unpooled.buffer();
        bad.writeBytes(new byte[] {'a', ' ', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        channel.writeInbound(bad);
        write("a : fine\n");
        assertThat(read()).isEqualTo(new ClientLine.Invalid("invalid UTF-8, line discarded"));
        assertThat(read()).isEqualTo(new ClientLine.Said("a", "fine"));
    }

    @Test
    void overlongFormsSurrogatesAndTruncatedSequencesAreInvalid() {
        byte[][] invalid = {
            {(byte) 0xC0, (byte) 0xAF},                          // overlong '/'
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},             // overlong '/' in three bytes
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},             // a UTF-16 surrogate
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {(byte) 0xE2, (byte) 0x82},                          // cut short
            {(byte) 0x80},                                       // a stray continuation byte
        };
        for (byte[] bytes : invalid) {
            assertThat(ClientLineDecoder.decode(Unpooled.wrappedBuffer(bytes)))
                    .isEqualTo(new ClientLine.Invalid("invalid UTF-8, line discarded"));
        }
        assertThat(ClientLineDecoder.decode(Unpooled.copiedBuffer("a : 🙂 €", CharsetUtil.UTF_8)))
                .isEqualTo(new ClientLine.Said("a", "🙂 €"));
    }

    @Test
    void multibyteCharacterSplitAcrossPacketsIsDecoded() {
        byte[] bytes = "太白 : 月\n".getBytes(CharsetUtil.UTF_8);
        for (byte b : bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(read()).isEqualTo(new ClientLine.Said("太白", "月"));
    }

    @Test
    void nulBytesNeverReachChat() {
        write("a : x\u0000y\n");
        assertThat(read()).isEqualTo(new ClientLine.Said("a", "xy"));
    }
}
