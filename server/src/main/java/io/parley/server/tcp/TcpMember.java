package io.parley.server.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import io.parley.protocol.ServerLine;
import io.parley.server.PipelineNames;
import io.parley.server.chat.Member;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat member on a TCP connection.
 *
 * <p>Room lines are appended to one per-member send buffer (the {@link #sendq}), which the loop's
 * flusher hands to the channel once per event-loop iteration: a delivery costs a copy of the line's
 * bytes, not a buffer object, an outbound-buffer entry and a pipeline walk of its own. An idle
 * member holds no buffer. Everything here runs on the channel's event loop.
 */
final class TcpMember extends Member {
    private static final Logger log = LoggerFactory.getLogger(TcpMember.class);
    /** How long a closing client gets to read its last lines before the connection is dropped. */
    private static final long CUT_OFF_GRACE_MILLIS = 1000;
    /** First size of a send buffer: a few lines; it grows when more arrive in one iteration. */
    private static final int SENDQ_INITIAL_BYTES = 512;

    private final Channel channel;
    /**
     * Where the send buffer enters the pipeline: below the line encoder, since its bytes are
     * already encoded lines.
     */
    private final ChannelHandlerContext encodedOut;
    /** Lines appended since the last flush, or null. Counts against the send queue like written bytes. */
    private ByteBuf sendq;
    /**
     * Bytes the channel takes before its queue passes the limit, as it was when the send buffer's
     * second line arrived; -1 until then. The channel can only drain meanwhile, so this errs on
     * the safe side.
     */
    private long headroom = -1;
    private boolean cutOff;
    /**
     * The channel's writability and whether it has closed, kept here from the pipeline's events:
     * a delivery to one of a room's many members then reads only this object.
     */
    private boolean unwritable;
    private boolean closed;

    TcpMember(Channel channel) {
        this.channel = channel;
        this.encodedOut = channel.pipeline().context(PipelineNames.LINE_ENCODER);
    }

    @Override
    public EventExecutor executor() {
        return channel.eventLoop();
    }

    /** Appends the line's bytes to this member's send buffer; the caller keeps its buffer. */
    @Override
    protected void write(ByteBuf sharedLine) {
        if (cutOff || closed) {
            return;
        }
        int length = sharedLine.readableBytes();
        ByteBuf q = sendq;
        if (q == null) {
            if (unwritable) {
                cutOff();
                return;
            }
            q = sendq = channel.alloc().directBuffer(Math.max(SENDQ_INITIAL_BYTES, length));
            headroom = -1;
        } else {
            if (headroom < 0) {
                headroom = channel.bytesBeforeUnwritable(); // asked once per iteration, at its second line
            }
            if (q.readableBytes() >= headroom) {
                cutOff();
                return;
            }
        }
        q.writeBytes(sharedLine, sharedLine.readerIndex(), length);
    }

    /**
     * True once the bytes queued for this client, in the channel and in the send buffer, have
     * passed the send-queue limit (the channel's high water mark): the same rule as for bytes
     * written to the channel directly, so the limit does not move with how lines are batched.
     */
    private boolean overSendQueue() {
        if (!channel.isWritable()) {
            return true;
        }
        ByteBuf q = sendq;
        return q != null && q.readableBytes() >= channel.bytesBeforeUnwritable();
    }

    /** From the pipeline's writability events. */
    void writabilityChanged(boolean writable) {
        unwritable = !writable;
    }

    /** Hands the send buffer to the channel, without flushing, so that what follows stays behind it. */
    private void writeQueued() {
        ByteBuf q = sendq;
        if (q != null) {
            sendq = null;
            encodedOut.write(q, encodedOut.voidPromise());
        }
    }

    /** The connection is gone: frees the send buffer unsent, and takes no more lines. */
    void closed() {
        closed = true;
        ByteBuf q = sendq;
        if (q != null) {
            sendq = null;
            q.release();
        }
    }

    /**
     * The client is not reading: its queue reached the high water mark (the send-queue limit).
     * Rather than queue without bound it is told why and disconnected; nobody else waits for it.
     */
    private void cutOff() {
        cutOff = true;
        leaveReason("send queue exceeded");
        log.info("{} cut off: send queue exceeded", this);
        writeQueued(); // lines it was sent before it passed the limit stay in order before the notice
        channel.writeAndFlush(ServerLine.error("send queue exceeded: you are not reading fast enough; disconnecting"))
                .addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> channel.close(), CUT_OFF_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void flush() {
        if (sendq == null) {
            return; // nothing appended since the last flush (a reply already flushed it)
        }
        if (!channel.isActive()) {
            closed();
            return;
        }
        ByteBuf q = sendq;
        sendq = null;
        encodedOut.writeAndFlush(q, encodedOut.voidPromise());
    }

    /** Replies obey the send queue too: a client that asks and never reads is cut off. */
    @Override
    public void send(String line) {
        if (cutOff || !channel.isActive()) {
            return;
        }
        if (overSendQueue()) {
            cutOff();
            return;
        }
        writeQueued(); // room lines appended before this reply go out before it
        channel.writeAndFlush(line, channel.voidPromise());
    }

    /**
     * One flush for the whole batch. The batch is bounded (a history answer: at most 1000 lines),
     * so it is written even if it takes the queue past the high water mark; a client that has not
     * read what was queued before is cut off as by {@link #send}.
     */
    @Override
    public void sendBatch(List<String> lines) {
        if (cutOff || !channel.isActive()) {
            return;
        }
        if (overSendQueue()) {
            cutOff();
            return;
        }
        writeQueued(); // room lines appended before the batch go out before it
        for (String line : lines) {
            channel.write(line, channel.voidPromise());
        }
        channel.flush();
    }

    /** Closes once what was sent has gone out, or after a grace period if the client does not read. */
    @Override
    public void close() {
        writeQueued();
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> channel.close(), CUT_OFF_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public String remote() {
        return String.valueOf(channel.remoteAddress());
    }
}
