package io.parley.server.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.parley.server.PipelineNames;

/**
 * The lines queued for a plain TCP chat connection that its socket has not taken yet. On a
 * connection that reads slowly there may be up to {@code --send-queue} bytes of them; at shutdown
 * they are dropped, so that the goodbye comes right after what the kernel already holds.
 */
public final class QueuedLines {
    private QueuedLines() {
    }

    /**
     * Drops every line queued for {@code channel} but the first (which may be half written:
     * dropping it would cut a line in two). Each queued buffer holds whole lines (one reply, or a
     * member's send buffer of many), so the stream stays whole lines; the first buffer keeps only
     * the line its writing has reached. Only on epoll (see {@link #onEpoll}), and only plain TCP
     * chat connections: on TLS the queue holds encrypted records, which cannot be dropped.
     * Returns how many queued buffers were dropped or cut. Call on the channel's loop.
     */
    public static int dropAllButFirst(Channel channel) {
        ChannelOutboundBuffer queue = channel.unsafe().outboundBuffer();
        if (queue == null || !plainLines(channel) || !onEpoll(channel)) {
            return 0;
        }
        queue.addFlush();
        int[] dropped = {0};
        boolean[] first = {true};
        try {
            queue.forEachFlushedMessage(msg -> {
                if (first[0]) {
                    first[0] = false;
                    if (msg instanceof ByteBuf lines && trimToLineEnd(lines)) {
                        dropped[0]++;
                    }
                } else if (msg instanceof ByteBuf line && line.isReadable()) {
                    line.readerIndex(line.writerIndex()); // written as nothing, then released as usual
                    dropped[0]++;
                }
                return true;
            });
        } catch (Exception e) {
            throw new IllegalStateException(e); // the processor throws nothing
        }
        return dropped[0];
    }

    /**
     * True for a plain TCP chat connection: lines straight on the socket, no TLS records or
     * WebSocket frames around them (those end with a close message of their own).
     */
    public static boolean plainLines(Channel channel) {
        return channel.pipeline().get(PipelineNames.LINE_ENCODER) != null
                && channel.pipeline().get(SslHandler.class) == null;
    }

    /**
     * Whether queued buffers may be emptied or cut short: only on epoll, which reads every buffer's
     * indices afresh for each write. NIO keeps the ByteBuffer views it made for a gathering write,
     * and io_uring may have a write under way; either would write what was dropped and then count
     * it against the buffers after it, the goodbye among them. Elsewhere the goodbye waits behind
     * the backlog, as on TLS.
     */
    private static boolean onEpoll(Channel channel) {
        return channel instanceof AbstractEpollStreamChannel;
    }

    /** Cuts {@code lines} after the line its reader index is in; true if lines were cut off. */
    private static boolean trimToLineEnd(ByteBuf lines) {
        int end = lines.indexOf(lines.readerIndex(), lines.writerIndex(), (byte) '\n');
        if (end < 0 || end + 1 >= lines.writerIndex()) {
            return false;
        }
        lines.writerIndex(end + 1);
        return true;
    }
}
