package io.parley.server.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.EventExecutor;
import io.parley.protocol.ServerLine;
import io.parley.server.chat.Member;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat member on a stream connection (TCP, TLS, or a protocol over one, such as WebSocket). The
 * send queue is the channel's write buffer (plus, for a member that gathers lines in a buffer of its
 * own, that buffer): a member whose queue reaches the high water mark is cut off rather than
 * queued for without bound. Subclasses say how a shared, encoded line is written.
 *
 * <p>The channel's writability and its closing reach the member through the pipeline's events
 * ({@link TcpSessionHandler}), so that a delivery to one of a room's many members reads only the
 * member object. Everything here runs on the channel's event loop.
 */
public abstract class ChannelMember extends Member {
    private static final Logger log = LoggerFactory.getLogger(ChannelMember.class);
    /** How long a closing client gets to read its last lines before the connection is dropped. */
    private static final long CUT_OFF_GRACE_MILLIS = 1000;

    protected final Channel channel;
    private boolean cutOff;
    private boolean unwritable;
    private boolean closed;

    protected ChannelMember(Channel channel) {
        this.channel = channel;
        this.unwritable = !channel.isWritable(); // events from here on keep it
    }

    @Override
    public EventExecutor executor() {
        return channel.eventLoop();
    }

    @Override
    protected final void write(ByteBuf sharedLine) {
        if (cutOff || closed) {
            return;
        }
        if (overSendQueue()) {
            cutOff();
            return;
        }
        writeShared(sharedLine);
    }

    /**
     * Queues {@code sharedLine} (a whole line with its {@code \n}) without flushing; the caller
     * keeps its reference, so an implementation takes its own (a retained duplicate or slice) or
     * copies the bytes.
     */
    protected abstract void writeShared(ByteBuf sharedLine);

    /**
     * Whether the client's queue has reached the send-queue limit, checked before each room line.
     * Here: the channel is not writable, as its last writability event said. A member that gathers
     * lines in a buffer of its own counts that buffer too.
     */
    protected boolean overSendQueue() {
        return unwritable;
    }

    /**
     * Hands lines gathered in a buffer of the member's own to the channel, without flushing, so
     * that what is written next goes out after them. Nothing to do for a member without one.
     */
    protected void writeQueued() {
    }

    /** Frees lines gathered in a buffer of the member's own, unsent. */
    protected void discardQueued() {
    }

    /** Bytes gathered in a buffer of the member's own and not yet handed to the channel. */
    protected int queuedBytes() {
        return 0;
    }

    /** The exact check for lines written to the channel at once (replies): its buffer and ours. */
    private boolean replyOverSendQueue() {
        if (!channel.isWritable()) {
            return true;
        }
        int queued = queuedBytes();
        return queued > 0 && queued >= channel.bytesBeforeUnwritable();
    }

    /** From the pipeline's writability events. */
    void writabilityChanged(boolean writable) {
        unwritable = !writable;
    }

    /** The connection is gone: no more lines, and what was gathered is freed. */
    void closed() {
        closed = true;
        discardQueued();
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

    /** Replies obey the send queue too: a client that asks and never reads is cut off. */
    @Override
    public void send(String line) {
        if (cutOff || closed || !channel.isActive()) {
            return;
        }
        if (replyOverSendQueue()) {
            cutOff();
            return;
        }
        writeQueued(); // room lines gathered before this reply go out before it
        channel.writeAndFlush(line, channel.voidPromise());
    }

    /**
     * One flush for the whole batch. The batch is bounded (a history answer: at most 1000 lines),
     * so it is written even if it takes the queue past the high water mark; a client that has not
     * read what was queued before is cut off as by {@link #send}.
     */
    @Override
    public void sendBatch(List<String> lines) {
        if (cutOff || closed || !channel.isActive()) {
            return;
        }
        if (replyOverSendQueue()) {
            cutOff();
            return;
        }
        writeQueued();
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

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }
}
