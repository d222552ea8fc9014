package io.parley.server.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * First stage of a stream connection: counts it as open while active, and the bytes that pass on
 * the wire side of every other stage. One instance per transport, shared by its connections.
 */
@Sharable
public final class ConnectionMetricsHandler extends ChannelDuplexHandler {
    private final TransportMeters meters;

    public ConnectionMetricsHandler(TransportMeters meters) {
        this.meters = meters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        meters.connectionOpened();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        meters.connectionClosed();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        meters.bytesReceived(sizeOf(msg));
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        // Counted when queued; a connection that dies first was still sent these by the server.
        meters.bytesSent(sizeOf(msg));
        super.write(ctx, msg, promise);
    }

    /** Bytes a member wrote to its socket itself, past the pipeline (see TcpMember's direct send). */
    public void sentPastPipeline(int bytes) {
        meters.bytesSent(bytes);
    }

    private static int sizeOf(Object msg) {
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        return 0;
    }
}
