package io.parley.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.CharsetUtil;
import java.net.PortUnreachableException;

/** Each datagram from the server is one line for the session's inbox. */
final class ServerDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Inbox inbox;

    ServerDatagramHandler(Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        inbox.fromNetwork(ctx.channel(), new SessionEvent.Received(packet.content().toString(CharsetUtil.UTF_8)));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            // The kernel's answer to a datagram sent where nothing listens: the server is not there.
            inbox.add(new SessionEvent.Closed("port unreachable, no UDP chat server is listening there"));
        } else {
            inbox.add(new SessionEvent.Problem("UDP error: " + Failures.describe(cause)));
        }
    }
}
