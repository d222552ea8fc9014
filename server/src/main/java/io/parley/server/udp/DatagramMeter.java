package io.parley.server.udp;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.parley.server.metrics.TransportMeters;

/**
 * First stage of the UDP chat channel: counts the bytes of every datagram in and out
 * ({@code parley_received_bytes_total} and {@code parley_sent_bytes_total}, transport {@code udp},
 * payload bytes as for TCP), and remembers the size of the datagram being handled, which the chat
 * stage needs for its anti-amplification budget. One per channel, used on its event loop only.
 */
final class DatagramMeter extends ChannelDuplexHandler {
    private final TransportMeters meters;
    private int lastReceivedBytes;

    DatagramMeter(TransportMeters meters) {
        this.meters = meters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            lastReceivedBytes = packet.content().readableBytes();
            meters.bytesReceived(lastReceivedBytes);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof DatagramPacket packet) {
            meters.bytesSent(packet.content().readableBytes());
        }
        ctx.write(msg, promise);
    }

    /** Payload bytes of the datagram now being handled (the stages after this run while it is). */
    int lastReceivedBytes() {
        return lastReceivedBytes;
    }
}
