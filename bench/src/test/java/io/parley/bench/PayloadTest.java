package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadTest {

    private static Payload.Parsed parse(String line) {
        ByteBuf buf = Unpooled.copiedBuffer(line, StandardCharsets.UTF_8);
        try {
            Payload.Parsed p = new Payload.Parsed();
            return Payload.parse(buf, buf.readerIndex(), buf.writerIndex(), p) ? p : null;
        } finally {
            buf.release();
        }
    }

    @Test
    void writtenPayloadParsesBackWithPadding() {
        ByteBuf buf = Unpooled.buffer();
        try {
            Payload.write(buf, 42, 1234567, 987654321012L, 64);
            assertThat(buf.readableBytes()).isEqualTo(64);
            String text = buf.toString(StandardCharsets.US_ASCII);
            assertThat(text).startsWith("%pb:42:1234567:987654321012;").endsWith("...");
            assertThat(text).isEqualTo(Payload.toText(42, 1234567, 987654321012L, 64));
            Payload.Parsed p = new Payload.Parsed();
            assertThat(Payload.parse(buf, 0, buf.writerIndex(), p)).isTrue();
            assertThat(p.sender).isEqualTo(42);
            assertThat(p.seq).isEqualTo(1234567);
            assertThat(p.sentNanos).isEqualTo(987654321012L);
        } finally {
            buf.release();
        }
    }

    @Test
    void smallSizeIsNotTruncatedAndZeroesEncode() {
        ByteBuf buf = Unpooled.buffer();
        try {
            Payload.write(buf, 0, 0, 0, 0);
            assertThat(buf.toString(StandardCharsets.US_ASCII)).isEqualTo("%pb:0:0:0;");
            assertThat(Payload.maxLength(0)).isGreaterThanOrEqualTo(
                    Payload.toText(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 0).length());
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",                                            // Parley line as sent
            "b7x3 : ",                                     // Parley chat line received
            "[/127.0.0.3:41234] ",                         // SecureChat, from another client
            "[you] ",                                      // SecureChat, own echo
            ":bxy3!bxy3@localhost PRIVMSG #rxy0 :",        // IRC
            "%pb %p %pb; weird : prefix %pb:x ",           // decoys before the real marker
    })
    void findsThePayloadInsideAnyPrefix(String prefix) {
        Payload.Parsed p = parse(prefix + Payload.toText(3, 17, 5_000_000_000L, 80) + "\r");
        assertThat(p).isNotNull();
        assertThat(p.sender).isEqualTo(3);
        assertThat(p.seq).isEqualTo(17);
        assertThat(p.sentNanos).isEqualTo(5_000_000_000L);
    }

    @Test
    void parsesOnlyWithinTheGivenRange() {
        ByteBuf buf = Unpooled.copiedBuffer("xx%pb:1:2:3;\n%pb:4:5:6;", StandardCharsets.US_ASCII);
        try {
            Payload.Parsed p = new Payload.Parsed();
            assertThat(Payload.parse(buf, 13, buf.writerIndex(), p)).isTrue();
            assertThat(p.sender).isEqualTo(4);
            // the first line cut before its ';' is incomplete
            assertThat(Payload.parse(buf, 0, 11, p)).isFalse();
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "* bxy1 joined rxy0",
            "bob : hello there",
            "%pb:",
            "%pb:1:2:3",
            "%pb:1:2;",
            "%pb:1::3;",
            "%pb:a:2:3;",
            "%pb:1:2:3:4;",
            "%pb:-1:2:3;",
            "%pb:99999999999:2:3;",
            "%pb:1:2:99999999999999999999;",
    })
    void rejectsLinesWithoutAWellFormedPayload(String line) {
        assertThat(parse(line)).isNull();
    }
}
