package io.parley.server.time;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.parley.protocol.DatagramLines;
import io.parley.server.limits.ReplyLimiter;
import io.parley.server.metrics.ServerMetrics;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each datagram (a strftime format, empty for ISO-8601) with one datagram holding the
 * server's time in that format. A request over the size limit, one that is not UTF-8, an answer
 * that would be over the limit and an answer longer than {@link #maxAnswerBytes} are dropped: the
 * service never answers with more than the limit, nor with more than three times the request.
 */
public final class TimeServiceHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(TimeServiceHandler.class);

    /** Every answer may be this long, whatever the request. */
    public static final int MIN_ANSWER_BYTES = 64;
    private static final int AMPLIFICATION_FACTOR = 3;

    private final TimeTeller teller;
    private final int maxDatagramBytes;
    private final ReplyLimiter limiter;
    private final ServerMetrics metrics;
    private final LongAdder dropped = new LongAdder();

    /** {@code limiter} caps answers per address, so the service cannot be used as a reflector. */
    public TimeServiceHandler(TimeTeller teller, int maxDatagramBytes, ReplyLimiter limiter, ServerMetrics metrics) {
        this.teller = teller;
        this.maxDatagramBytes = maxDatagramBytes;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket request) {
        if (request.content().readableBytes() > maxDatagramBytes) {
            drop(request, "time_too_long");
            return;
        }
        if (!limiter.allow(request.sender().getAddress())) {
            drop(request, "time_reply_limited");
            return;
        }
        String format = DatagramLines.text(request.content());
        if (format == null) {
            drop(request, "time_not_utf8");
            return;
        }
        String answer = teller.tell(format);
        int answerBytes = ByteBufUtil.utf8Bytes(answer);
        if (answerBytes > maxDatagramBytes) {
            drop(request, "time_answer_too_long");
            return;
        }
        if (answerBytes > maxAnswerBytes(request.content().readableBytes())) {
            drop(request, "time_amplification_limited");
            return;
        }
        if (!ctx.channel().isWritable()) {
            drop(request, "time_send_buffer_full");
            return;
        }
        ctx.write(DatagramLines.packet(ctx.alloc(), answer, request.sender()), ctx.voidPromise());
    }

    /**
     * The longest answer to a request of {@code requestBytes}: three times the request (the
     * sender's address is not validated, RFC 9000 section 8.1), but at least {@value #MIN_ANSWER_BYTES}
     * bytes, so that an empty or short format still gets its ISO-8601 or short answer.
     */
    public static int maxAnswerBytes(int requestBytes) {
        return Math.max(MIN_ANSWER_BYTES, AMPLIFICATION_FACTOR * requestBytes);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush(); // one flush for every answer to one read batch
    }

    /** {@code reason} is the metric label of parley_datagrams_dropped_total. */
    private void drop(DatagramPacket request, String reason) {
        dropped.increment();
        metrics.datagramDropped(reason);
        log.debug("time request from {} dropped: {}", request.sender(), reason);
    }

    /** Requests not answered so far. */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // One client's failed send must not close the service for everyone.
        log.debug("time service: {}", cause.toString());
    }
}
