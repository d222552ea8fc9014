package io.parley.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/** A UDP member's only stage: each datagram from the server is one line (a trailing newline, if any, is cut). */
final class DatagramLines extends SimpleChannelInboundHandler<DatagramPacket> {
    private final BenchClient client;

    DatagramLines(BenchClient client) {
        this.client = client;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        client.active(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        int from = content.readerIndex();
        int to = content.writerIndex();
        while (to > from && (content.getByte(to - 1) == '\n' || content.getByte(to - 1) == '\r')) {
            to--;
        }
        client.line(content, from, to);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable and the like: UDP has no connection to lose, so keep going
        client.fail(cause.toString());
    }
}
