package io.parley.server.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.unix.DomainSocketChannel;
import io.parley.server.PipelineNames;
import io.parley.server.unix.UnixSocketFile;

/**
 * A chat member on a TCP (or TLS, or Unix domain socket) connection.
 *
 * <p>Room lines are appended to one per-member send buffer (the {@link #sendq}), which the loop's
 * flusher hands to the channel once per event-loop iteration: a delivery costs a copy of the line's
 * bytes, not a buffer object, an outbound-buffer entry and a pipeline walk of its own. An idle
 * member holds no buffer.
 */
final class TcpMember extends ChannelMember {
    /** First size of a send buffer: a few lines; it grows when more arrive in one iteration. */
    private static final int SENDQ_INITIAL_BYTES = 512;

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
    /** How the log names the peer of a Unix domain socket; null for TCP and TLS. */
    private final String unixPeer;
    /** The client sends lines without line ends and reads once after each (see LockStepAnswers). */
    private boolean lockStep;

    TcpMember(Channel channel) {
        super(channel);
        this.encodedOut = channel.pipeline().context(PipelineNames.LINE_ENCODER);
        // A Unix socket peer has no address worth logging: its user id (and process) is.
        this.unixPeer = channel instanceof DomainSocketChannel || channel instanceof NioDomainSocketChannel
                ? UnixSocketFile.describePeer(channel) : null;
    }

    /** Appends the line's bytes to the send buffer. */
    @Override
    protected void writeShared(ByteBuf sharedLine) {
        int length = sharedLine.readableBytes();
        ByteBuf q = sendq;
        if (q == null) {
            q = sendq = channel.alloc().directBuffer(Math.max(SENDQ_INITIAL_BYTES, length));
            headroom = -1;
        }
        q.writeBytes(sharedLine, sharedLine.readerIndex(), length);
    }

    /**
     * The channel is not writable, or the send buffer holds as much as the channel would take
     * before it became so: the same rule as for bytes written to the channel directly, so the limit
     * does not move with how lines are batched.
     */
    @Override
    protected boolean overSendQueue() {
        ByteBuf q = sendq;
        if (q == null) {
            return super.overSendQueue();
        }
        if (headroom < 0) {
            headroom = channel.bytesBeforeUnwritable(); // asked once per iteration, at its second line
        }
        return q.readableBytes() >= headroom;
    }

    @Override
    protected int queuedBytes() {
        return sendq == null ? 0 : sendq.readableBytes();
    }

    @Override
    protected void writeQueued() {
        ByteBuf q = sendq;
        if (q != null) {
            sendq = null;
            encodedOut.write(q, encodedOut.voidPromise());
        }
    }

    @Override
    protected void discardQueued() {
        ByteBuf q = sendq;
        if (q != null) {
            sendq = null;
            q.release();
        }
    }

    @Override
    protected void flush() {
        if (sendq == null) {
            return; // nothing appended since the last flush (a reply already flushed it)
        }
        if (!channel.isActive()) {
            discardQueued();
            return;
        }
        ByteBuf q = sendq;
        sendq = null;
        encodedOut.writeAndFlush(q, encodedOut.voidPromise());
    }

    void lockStep(boolean on) {
        lockStep = on;
    }

    /** A lock-step client sees its own line in its answer, so that every line it sends has one. */
    @Override
    protected void relayed(String line) {
        if (lockStep) {
            send(line);
        }
    }

    @Override
    public String remote() {
        return unixPeer != null ? unixPeer : super.remote();
    }
}
