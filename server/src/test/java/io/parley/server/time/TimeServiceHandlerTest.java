package io.parley.server.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.CharsetUtil;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import io.parley.server.limits.ReplyLimiter;
import io.parley.server.metrics.ServerMetrics;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeServiceHandlerTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40001);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 9091);

    private final AtomicLong nanos = new AtomicLong();
    private final TimeServiceHandler handler = new TimeServiceHandler(
            new TimeTeller(Clock.fixed(Instant.parse("2026-11-25T20:15:30Z"), ZoneId.of("UTC"))), 64,
            new ReplyLimiter(nanos::get), ServerMetrics.disabled());
    private final EmbeddedChannel channel = new EmbeddedChannel(handler);

    @AfterEach
    void finish() {
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private void request(byte[] bytes) {
        ByteBuf content = Unpooled.buffer(bytes.length + 1).writeBytes(bytes);
        channel.writeInbound(new DatagramPacket(content, SERVER, CLIENT));
        assertThat(content.refCnt()).isZero();
    }

    private String answer(String format) {
        request(format.getBytes(CharsetUtil.UTF_8));
        DatagramPacket reply = channel.readOutbound();
        try {
            assertThat(reply.recipient()).isEqualTo(CLIENT);
            return reply.content().toString(CharsetUtil.UTF_8);
        } finally {
            reply.release();
        }
    }

    @Test
    void formatIsAnsweredWithTheTimeAndNoLineEnd() {
        assertThat(answer("%H:%M:%S")).isEqualTo("20:15:30");
        assertThat(answer("%A %e %B %Y\n")).isEqualTo("Wednesday 25 November 2026");
        assertThat(answer("%d.%m.%y\r\n")).isEqualTo("25.11.26");
    }

    @Test
    void emptyRequestIsAnsweredInIso8601() {
        assertThat(answer("")).isEqualTo("2026-11-25T20:15:30+00:00");
        assertThat(answer("\n")).isEqualTo("2026-11-25T20:15:30+00:00");
    }

    @Test
    void oversizedRequestIsDropped() {
        request(("%H" + "x".repeat(63)).getBytes(CharsetUtil.UTF_8));
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(handler.dropped()).isEqualTo(1);
        assertThat(answer("%H")).isEqualTo("20"); // and the service goes on
    }

    @Test
    void invalidUtf8IsDropped() {
        request(new byte[] {'%', 'H', (byte) 0xFF});
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(handler.dropped()).isEqualTo(1);
    }

    @Test
    void anAnswerOverTheLimitIsNotSent() {
        request("%A%A%A%A%A%A%A%A".getBytes(CharsetUtil.UTF_8)); // 16 bytes asking for 72
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(handler.dropped()).isEqualTo(1);
    }

    @Test
    void aFloodFromOneAddressGetsFewAnswersAndFewerBytesThanItSent() {
        long sent = 0;
        long answered = 0;
        for (int i = 0; i < 200; i++) {
            byte[] format = "%A".getBytes(CharsetUtil.UTF_8); // asks for up to 9 bytes with 2
            sent += format.length;
            request(format);
            for (DatagramPacket reply; (reply = channel.readOutbound()) != null; ) {
                answered += reply.content().readableBytes();
                reply.release();
            }
        }
        assertThat(answered).isEqualTo(ReplyLimiter.PER_ADDRESS_BURST * "Wednesday".length());
        assertThat(answered).isLessThan(sent);
        assertThat(handler.dropped()).isEqualTo(200 - ReplyLimiter.PER_ADDRESS_BURST);
        nanos.addAndGet(500_000_000L); // half a second earns one more answer at 2 a second
        assertThat(answer("%H")).isEqualTo("20");
    }

    @Test
    void aClientAskingEveryTwoSecondsIsAlwaysAnswered() {
        for (int i = 0; i < 50; i++) {
            assertThat(answer("%S")).isEqualTo("30");
            nanos.addAndGet(2_000_000_000L);
        }
    }
}
