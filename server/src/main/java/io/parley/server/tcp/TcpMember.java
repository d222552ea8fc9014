package io.parley.server.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.parley.server.PipelineNames;
import io.parley.server.metrics.ConnectionMetricsHandler;
import io.parley.server.unix.UnixSocketFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A chat member on a TCP (or TLS, or Unix domain socket) connection.
 *
 * <p>Room lines are appended to one per-member send buffer (the {@link #sendq}), which the loop's
 * flusher hands to the channel once per event-loop iteration: a delivery costs a copy of the line's
 * bytes, not a buffer object, an outbound-buffer entry and a pipeline walk of its own. A member
 * that has never been sent a room line holds no buffer.
 *
 * <p>Direct send. On epoll, for plain TCP and Unix sockets (nothing between the line encoder and
 * the socket handles outbound bytes but the byte counter), a flush that finds nothing waiting in
 * the channel's own outbound buffer sends the send buffer with one {@code send(2)} itself, as the
 * pipeline's head would: no pipeline walk, outbound-buffer entry, allocation or release per flush.
 * Whatever the socket does not take at once (a client that reads slowly), and any failure, goes to
 * the channel as before, which waits for the socket and counts it against the send queue; later
 * flushes go the same way until the channel's buffer is empty again, so the order of bytes never
 * changes. A member whose lines come less than 100 ms apart keeps its emptied buffer (at most
 * 2 KiB, off-heap) for the next ones; once they stop, its loop's check frees it within a second or
 * two.
 */
final class TcpMember extends ChannelMember {
    /** First size of a send buffer: a few lines; it grows when more arrive in one iteration. */
    private static final int SENDQ_INITIAL_BYTES = 512;
    /** A send buffer emptied by a direct send is kept for the next lines if no bigger than this... */
    private static final int SENDQ_KEPT_BYTES = 2048;
    /** ...and if the member's previous direct send was this recent: it gets lines often. */
    private static final long SENDQ_KEPT_WITHIN_NANOS = 100_000_000;
    /** How often a loop frees the kept buffers of members whose lines have stopped. */
    private static final long KEPT_CHECK_SECONDS = 1;

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
    /** The socket for direct sends, or null: not epoll, TLS, or a lock-step client. */
    private Socket direct;
    /** Counts the bytes of direct sends as the pipeline's byte counter would; null if it has none. */
    private final ConnectionMetricsHandler counter;
    /** When the last direct send emptied the send buffer ({@link System#nanoTime}). */
    private long lastSentNanos;
    /** On its loop's {@link KeptBuffers} list. */
    private boolean listedAsKeeping;
    /** Each event loop's members that keep an emptied send buffer. */
    private static final FastThreadLocal<KeptBuffers> KEEPING = new FastThreadLocal<>() {
        @Override
        protected KeptBuffers initialValue() {
            return new KeptBuffers();
        }
    };

    TcpMember(Channel channel) {
        super(channel);
        this.encodedOut = channel.pipeline().context(PipelineNames.LINE_ENCODER);
        // A Unix socket peer has no address worth logging: its user id (and process) is.
        this.unixPeer = channel instanceof DomainSocketChannel || channel instanceof NioDomainSocketChannel
                ? UnixSocketFile.describePeer(channel) : null;
        ChannelHandler metrics = channel.pipeline().get(PipelineNames.CONNECTION_METRICS);
        this.counter = metrics instanceof ConnectionMetricsHandler c ? c : null;
        this.direct = channel instanceof AbstractEpollStreamChannel && onlyCountedBelowEncoder(channel.pipeline())
                && ((UnixChannel) channel).fd() instanceof Socket socket ? socket : null;
    }

    /**
     * Whether nothing between the socket and the line encoder handles outbound bytes but the byte
     * counter: a direct send skips those stages, so a TLS stage (or any other) rules it out.
     */
    static boolean onlyCountedBelowEncoder(ChannelPipeline pipeline) {
        for (Map.Entry<String, ChannelHandler> stage : pipeline) {
            if (stage.getKey().equals(PipelineNames.LINE_ENCODER)) {
                return true;
            }
            ChannelHandler handler = stage.getValue();
            if (handler instanceof ChannelOutboundHandler && !(handler instanceof ConnectionMetricsHandler)) {
                return false;
            }
        }
        return false; // no line encoder: not the line pipeline
    }

    /** The send buffer the member holds now, empty or not, or null. On its loop. */
    ByteBuf sendBuffer() {
        return sendq;
    }

    /** Whether a flush may send the send buffer to the socket itself (see the class comment). */
    boolean sendsDirectly() {
        return direct != null;
    }

    /** Appends the line's bytes to the send buffer. */
    @Override
    protected void writeShared(ByteBuf sharedLine) {
        int length = sharedLine.readableBytes();
        ByteBuf q = sendq;
        if (q == null) {
            q = sendq = channel.alloc().directBuffer(Math.max(SENDQ_INITIAL_BYTES, length));
            headroom = -1;
        } else if (!q.isReadable()) {
            headroom = -1; // a kept buffer: this is the iteration's first line
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
        if (q == null || !q.isReadable()) {
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
        if (q != null && q.isReadable()) {
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
        ByteBuf q = sendq;
        if (q == null || !q.isReadable()) {
            return; // nothing appended since the last flush (a reply already flushed it)
        }
        if (!channel.isActive()) {
            discardQueued();
            return;
        }
        if (direct != null && q.hasMemoryAddress() && channelBufferEmpty() && sendDirectly(q)) {
            return;
        }
        sendq = null;
        encodedOut.writeAndFlush(q, encodedOut.voidPromise());
    }

    /** Nothing written to the channel waits in its outbound buffer, flushed or not. */
    private boolean channelBufferEmpty() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out != null && out.isEmpty() && out.totalPendingWriteBytes() == 0;
    }

    /**
     * Sends what the socket takes now. True if it took everything: the buffer is then kept, emptied,
     * for a member that gets lines often, else freed (a member sent a line now and then, or in a
     * big burst, holds nothing between them). False if the rest is for the channel.
     */
    private boolean sendDirectly(ByteBuf q) {
        int sent;
        try {
            sent = direct.sendAddress(q.memoryAddress(), q.readerIndex(), q.writerIndex());
        } catch (IOException | RuntimeException e) {
            return false; // the channel's own write meets the same error, and closes the connection
        }
        if (sent > 0 && counter != null) {
            counter.sentPastPipeline(sent);
        }
        q.skipBytes(sent);
        if (q.isReadable()) {
            return false;
        }
        long now = System.nanoTime();
        boolean often = now - lastSentNanos < SENDQ_KEPT_WITHIN_NANOS;
        lastSentNanos = now;
        if (often && q.capacity() <= SENDQ_KEPT_BYTES) {
            q.clear();
            if (!listedAsKeeping) {
                listedAsKeeping = true;
                KEEPING.get().add(this);
            }
        } else {
            sendq = null;
            q.release();
        }
        return true;
    }

    /**
     * From the loop's periodic check: frees the kept, empty send buffer once no line has come for
     * {@link #SENDQ_KEPT_WITHIN_NANOS}. Returns whether the member still holds a buffer (and stays
     * on the loop's list).
     */
    boolean checkKeptBuffer(long now) {
        ByteBuf q = sendq;
        if (q != null && !q.isReadable() && now - lastSentNanos >= SENDQ_KEPT_WITHIN_NANOS) {
            sendq = null;
            q.release();
        }
        listedAsKeeping = sendq != null;
        return listedAsKeeping;
    }

    /**
     * The members of one event loop that keep an emptied send buffer, and the check, once a second
     * while there are any, that frees the buffers of those whose lines have stopped: a room that
     * was busy and went quiet holds no buffers a second or two later. Used only on its loop.
     */
    private static final class KeptBuffers implements Runnable {
        private List<TcpMember> members = new ArrayList<>();
        private EventExecutor loop;
        private boolean scheduled;

        void add(TcpMember member) {
            members.add(member);
            loop = member.channel.eventLoop();
            schedule();
        }

        private void schedule() {
            if (!scheduled) {
                // On the loop. A loop that shuts down drops the check; its channels are closed
                // first, and closing frees their buffers.
                loop.schedule(this, KEPT_CHECK_SECONDS, TimeUnit.SECONDS);
                scheduled = true;
            }
        }

        @Override
        public void run() {
            scheduled = false;
            long now = System.nanoTime();
            int kept = 0;
            for (int i = 0; i < members.size(); i++) {
                TcpMember member = members.get(i);
                if (member.checkKeptBuffer(now)) {
                    members.set(kept++, member);
                }
            }
            if (kept > 0) {
                members.subList(kept, members.size()).clear();
                schedule();
            } else {
                members = new ArrayList<>(); // not the array of a big room that went quiet
            }
        }
    }

    void lockStep(boolean on) {
        lockStep = on;
        if (on) {
            direct = null; // its answers pass LockStepAnswers, below the line encoder
        }
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
