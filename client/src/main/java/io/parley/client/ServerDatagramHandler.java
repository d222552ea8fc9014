package io.parley.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.CharsetUtil;
import java.net.PortUnreachableException;

/**
 * Each line of a datagram from the server is a line for the session's inbox (a datagram holds one
 * line, or, answering an unvalidated address, several joined by {@code \n}); the lines of the
 * validation handshake stay in the link.
 */
final class ServerDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Inbox inbox;
    private final UdpValidation validation;

    ServerDatagramHandler(Inbox inbox, UdpValidation validation) {
        this.inbox = inbox;
        this.validation = validation;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        for (String line : packet.content().toString(CharsetUtil.UTF_8).split("\n")) {
            if (!validation.handle(ctx.channel(), line)) {
                inbox.fromNetwork(ctx.channel(), new SessionEvent.Received(line));
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        validation.failed(cause);
        if (cause instanceof PortUnreachableException) {
            // The kernel's answer to a datagram sent where nothing listens: the server is not there.
            inbox.add(new SessionEvent.Closed("port unreachable, no UDP chat server is listening there"));
        } else {
            inbox.add(new SessionEvent.Problem("UDP error: " + Failures.describe(cause)));
        }
    }
}
