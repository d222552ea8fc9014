package io.parley.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Answers a lock-step client (see {@link LineMode}) once per line it sends. Such a client sends a
 * line, then reads once, at most {@link #ANSWER_BYTES} bytes, and only then sends its next line.
 * While a connection is lock-step, encoded lines written to it are held here instead of sent; after
 * each line it sends has been handled, everything held goes out as one answer: the newest lines
 * that fit in {@link #ANSWER_BYTES}, after a {@code * skipped N earlier lines} notice when older
 * ones did not fit, or {@code * nothing new} when there is nothing at all.
 *
 * <p>The answer to the line that makes a connection lock-step is held until its next line: such a
 * client reads after its first line too, and finds what was sent before it (the welcome) waiting.
 * A close sends what is held first; a line that ends in {@code \n} makes the connection streaming
 * again and sends what is held at once.
 *
 * <p>Sits between the frame decoder and the line decoder, below the line encoder, so that it sees
 * frames coming in and every encoded line going out; the server's {@link LineFrameDecoder} puts it
 * there when the connection first turns lock-step. One per channel; event-loop only.
 */
public final class LockStepAnswers extends ChannelDuplexHandler {
    /** The most one answer holds: what the tutorial's client reads at once ({@code recv(1024)}). */
    public static final int ANSWER_BYTES = 1024;
    public static final String NOTHING_NEW = ServerLine.notice("nothing new");
    /** Its name in a pipeline, where {@link LineFrameDecoder} puts it when a connection turns lock-step. */
    public static final String NAME = "lock-step-answers";

    private record Held(ByteBuf line, ChannelPromise promise) {
    }

    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private int heldBytes;
    private int skipped;
    private boolean lockStep;
    private boolean answerNextLineOnly;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == LineMode.LOCK_STEP) {
            lockStep = true;
            answerNextLineOnly = true;
        } else if (event == LineMode.STREAMING) {
            lockStep = false;
            release(ctx, false);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.fireChannelRead(msg); // the whole chat turn for this line runs inside this call
        if (!lockStep) {
            return;
        }
        if (answerNextLineOnly) {
            answerNextLineOnly = false;
        } else {
            release(ctx, true);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (lockStep && msg instanceof ByteBuf line && line.isReadable()) {
            hold(line, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    private void hold(ByteBuf line, ChannelPromise promise) {
        held.addLast(new Held(line, promise));
        heldBytes += line.readableBytes();
        trimTo(ANSWER_BYTES);
    }

    /** Drops the oldest lines until the rest fit in {@code bytes}; the newest line always stays. */
    private void trimTo(int bytes) {
        while (held.size() > 1 && heldBytes > bytes) {
            Held oldest = held.removeFirst();
            heldBytes -= oldest.line().readableBytes();
            oldest.line().release();
            if (!oldest.promise().isVoid()) {
                oldest.promise().trySuccess(); // left out of the answer on purpose, not failed
            }
            skipped++;
        }
    }

    /** Sends what is held as one answer; {@code mustAnswer}: say so when nothing is. */
    private void release(ChannelHandlerContext ctx, boolean mustAnswer) {
        if (held.isEmpty() && !mustAnswer) {
            return;
        }
        if (held.isEmpty()) {
            ctx.write(ServerLine.encode(ctx.alloc(), NOTHING_NEW), ctx.voidPromise());
        } else {
            if (skipped > 0) {
                trimTo(ANSWER_BYTES - skippedNotice(skipped + held.size()).length() - 1);
                ctx.write(ServerLine.encode(ctx.alloc(), skippedNotice(skipped)), ctx.voidPromise());
                skipped = 0;
            }
            for (Held h; (h = held.pollFirst()) != null; ) {
                ctx.write(h.line(), h.promise());
            }
            heldBytes = 0;
        }
        ctx.flush();
    }

    /** The notice before an answer that left out older lines; over UDP too. */
    public static String skippedNotice(long lines) {
        return ServerLine.notice("skipped " + lines + (lines == 1 ? " earlier line" : " earlier lines"));
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
        release(ctx, false); // a goodbye or an error must reach the client before the close
        super.close(ctx, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        discard();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discard();
    }

    private void discard() {
        for (Held h; (h = held.pollFirst()) != null; ) {
            ReferenceCountUtil.release(h.line());
            if (!h.promise().isVoid()) {
                h.promise().tryFailure(new java.nio.channels.ClosedChannelException());
            }
        }
        heldBytes = 0;
    }
}
