package io.parley.server.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.parley.protocol.ClientLine;
import io.parley.server.chat.ChatService;
import io.parley.server.metrics.TransportMeters;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last stage of a TCP connection: hands each decoded line to the chat. One per connection. */
public final class TcpSessionHandler extends SimpleChannelInboundHandler<ClientLine> {
    private static final Logger log = LoggerFactory.getLogger(TcpSessionHandler.class);

    private final ChatService chat;
    private final TransportMeters meters;
    private TcpMember member;

    public TcpSessionHandler(ChatService chat) {
        this(chat, chat.metrics().transport("tcp"));
    }

    public TcpSessionHandler(ChatService chat, TransportMeters meters) {
        this.chat = chat;
        this.meters = meters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        member = new TcpMember(ctx.channel());
        chat.connected(member);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientLine line) {
        if (line instanceof ClientLine.Said) {
            meters.messageReceived();
        }
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
        // A TLS handshake that fails (a plain client, a scanner, an untrusted certificate) arrives
        // wrapped in a DecoderException.
        boolean tlsFailed = cause instanceof SSLException || cause.getCause() instanceof SSLException;
        boolean lost = cause instanceof IOException || tlsFailed;
        if (tlsFailed) {
            log.debug("{}: TLS failed: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else if (lost) {
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
