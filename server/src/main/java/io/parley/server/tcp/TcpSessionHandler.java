package io.parley.server.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.parley.protocol.ClientLine;
import io.parley.server.chat.ChatService;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last stage of a TCP connection: hands each decoded line to the chat. One per connection. */
public final class TcpSessionHandler extends SimpleChannelInboundHandler<ClientLine> {
    private static final Logger log = LoggerFactory.getLogger(TcpSessionHandler.class);

    private final ChatService chat;
    private TcpMember member;

    public TcpSessionHandler(ChatService chat) {
        this.chat = chat;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        member = new TcpMember(ctx.channel());
        chat.connected(member);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientLine line) {
        chat.received(member, line);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (member != null) {
            chat.disconnected(member);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        boolean lost = cause instanceof IOException;
        if (lost) {
            // Resets and broken pipes are how TCP clients often leave: not worth a stack trace.
            log.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("{}: closing after unexpected error", ctx.channel().remoteAddress(), cause);
        }
        if (member != null) {
            member.leaveReason(lost ? "connection lost" : "connection error");
        }
        ctx.close();
    }
}
