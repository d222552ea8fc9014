package io.parley.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ByteProcessor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Splits a byte stream into lines: a line ends in {@code \n} (a {@code \r} before it is dropped
 * too), or, when {@code pauseNanos} is more than 0, when the client has sent nothing more for that
 * long after an unterminated line. The second way serves clients that send each line without a
 * line end and then wait for an answer: a line completed by the pause is preceded by the user
 * event {@link LineMode#LOCK_STEP} when the connection was {@link LineMode#STREAMING}, and a line
 * ended by {@code \n} by {@link LineMode#STREAMING} when it was lock-step.
 *
 * <p>A line longer than {@code maxLineBytes} is discarded up to its end (its {@code \n}, or the
 * pause) and reported once as a {@link TooLongFrameException}, which {@link ClientLineDecoder}
 * turns into a {@link ClientLine.Invalid}; the connection stays usable. Frames are retained slices
 * without the line end. One per channel; the pause timer runs on the channel's event loop.
 *
 * <p>A lock-step connection needs a {@link LockStepAnswers} stage behind this decoder. The decoder
 * puts one there (named {@link LockStepAnswers#NAME}) when the connection first turns lock-step,
 * unless the pipeline has one already: a streaming connection, nearly every one, never pays for it.
 */
public final class LineFrameDecoder extends ByteToMessageDecoder {
    private final int maxLineBytes;
    private final long pauseNanos;
    /** Inside an overlong line, dropping bytes until it ends. */
    private boolean discarding;
    /** Bytes at the start of the buffer already known to hold no line end. */
    private int scanned;
    private ScheduledFuture<?> pauseTimer;
    private LineMode mode = LineMode.STREAMING;
    private final boolean addsAnswers;

    public LineFrameDecoder(int maxLineBytes, long pauseNanos) {
        this(maxLineBytes, pauseNanos, true);
    }

    /**
     * @param addsAnswers whether to put a {@link LockStepAnswers} behind this decoder when the
     *                    connection first turns lock-step (if the pipeline has none)
     */
    public LineFrameDecoder(int maxLineBytes, long pauseNanos, boolean addsAnswers) {
        this.addsAnswers = addsAnswers;
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1, not " + maxLineBytes);
        }
        if (pauseNanos < 0) {
            throw new IllegalArgumentException("pauseNanos must be 0 (off) or more, not " + pauseNanos);
        }
        this.maxLineBytes = maxLineBytes;
        this.pauseNanos = pauseNanos;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // One frame (or one discard) per call, so that a too-long report keeps its place in order.
        int eol = findLineEnd(in);
        if (discarding) {
            if (eol < 0) {
                in.skipBytes(in.readableBytes());
                scanned = 0;
            } else {
                in.readerIndex(eol + 1);
                discarding = false;
            }
            return;
        }
        if (eol < 0) {
            if (in.readableBytes() > maxLineBytes) {
                in.skipBytes(in.readableBytes());
                scanned = 0;
                discarding = true;
                tooLong(ctx);
            }
            return;
        }
        int length = eol - in.readerIndex();
        int ending = length > 0 && in.getByte(eol - 1) == '\r' ? 2 : 1;
        length -= ending - 1;
        if (length > maxLineBytes) {
            in.readerIndex(eol + 1);
            tooLong(ctx);
            return;
        }
        if (mode != LineMode.STREAMING) {
            enter(ctx, LineMode.STREAMING); // before the line, which is not yet fired
        }
        out.add(in.readRetainedSlice(length));
        in.skipBytes(ending);
    }

    private void enter(ChannelHandlerContext ctx, LineMode next) {
        if (mode != next) {
            mode = next;
            if (next == LineMode.LOCK_STEP && addsAnswers && ctx.pipeline().get(LockStepAnswers.class) == null) {
                ctx.pipeline().addAfter(ctx.name(), LockStepAnswers.NAME, new LockStepAnswers());
            }
            ctx.fireUserEventTriggered(next);
        }
    }

    /** How the client ends its lines, as far as seen. */
    public LineMode mode() {
        return mode;
    }

    /**
     * The index of the next {@code \n}, or -1. Bytes already searched are not searched again, so a
     * long line that arrives in many small reads costs its length once, not its length squared.
     */
    private int findLineEnd(ByteBuf in) {
        int eol = in.forEachByte(in.readerIndex() + scanned, in.readableBytes() - scanned, ByteProcessor.FIND_LF);
        scanned = eol < 0 ? in.readableBytes() : 0;
        return eol;
    }

    private void tooLong(ChannelHandlerContext ctx) {
        ctx.fireExceptionCaught(new TooLongFrameException("line longer than " + maxLineBytes + " bytes"));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        if (pauseNanos > 0) {
            restartPause(ctx);
        }
    }

    /** Every read that leaves part of a line waiting starts the pause again. */
    private void restartPause(ChannelHandlerContext ctx) {
        if (pauseTimer != null) {
            pauseTimer.cancel(false);
            pauseTimer = null;
        }
        if (discarding || pending() > 0) {
            pauseTimer = ctx.executor().schedule(() -> pauseEnded(ctx), pauseNanos, TimeUnit.NANOSECONDS);
        }
    }

    private int pending() {
        ByteBuf buffered = internalBuffer();
        return buffered.isReadable() ? buffered.readableBytes() : 0;
    }

    /** Nothing arrived for the pause: what is buffered is a whole line. */
    private void pauseEnded(ChannelHandlerContext ctx) {
        pauseTimer = null;
        if (ctx.isRemoved() || !ctx.channel().isActive() || !discarding && pending() == 0) {
            return;
        }
        enter(ctx, LineMode.LOCK_STEP);
        if (discarding) {
            discarding = false; // the overlong line has ended; it was reported when it began
            scanned = 0;
            return;
        }
        int length = pending();
        ByteBuf buffered = internalBuffer();
        if (buffered.getByte(buffered.readerIndex() + length - 1) == '\r') {
            length--;
        }
        ByteBuf line = buffered.readRetainedSlice(length);
        buffered.skipBytes(buffered.readableBytes());
        scanned = 0;
        ctx.fireChannelRead(line);
        ctx.fireChannelReadComplete();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (pauseTimer != null) {
            pauseTimer.cancel(false);
            pauseTimer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (pauseTimer != null) {
            pauseTimer.cancel(false);
            pauseTimer = null;
        }
        super.channelInactive(ctx);
    }
}
