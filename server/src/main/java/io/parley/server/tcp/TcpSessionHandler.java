package io.parley.server.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.protocol.ClientLine;
import io.parley.protocol.LineMode;
import io.parley.protocol.ServerLine;
import io.parley.server.Durations;
import io.parley.server.chat.ChatService;
import io.parley.server.metrics.TransportMeters;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage of a TCP connection: hands each decoded line to the chat, and closes connections
 * that never claim a name or go silent. One per connection. Other transports over a stream
 * (WebSocket) reuse it with their own kind of {@link ChannelMember}; the session begins when the
 * handler sees {@code channelActive}.
 */
public final class TcpSessionHandler extends SimpleChannelInboundHandler<ClientLine> {
    private static final Logger log = LoggerFactory.getLogger(TcpSessionHandler.class);

    private final ChatService chat;
    private final Duration nameTimeout;
    private final TransportMeters meters;
    private final Function<Channel, ChannelMember> newMember;
    private ChannelMember member;
    private ScheduledFuture<?> nameDeadline;

    public TcpSessionHandler(ChatService chat, Duration nameTimeout, TransportMeters meters) {
        this(chat, nameTimeout, meters, TcpMember::new);
    }

    /** @param newMember makes the member of a connection once it is active */
    public TcpSessionHandler(ChatService chat, Duration nameTimeout, TransportMeters meters,
                             Function<Channel, ChannelMember> newMember) {
        this.chat = chat;
        this.nameTimeout = nameTimeout;
        this.meters = meters;
        this.newMember = newMember;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        member = newMember.apply(ctx.channel());
        chat.connected(member);
        nameDeadline = ctx.executor().schedule(() -> closeIfUnnamed(ctx), nameTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    private void closeIfUnnamed(ChannelHandlerContext ctx) {
        if (member.name() == null) {
            log.debug("{} closed: no name within {}", ctx.channel().remoteAddress(), nameTimeout);
            disconnect(ctx, "no name claimed within " + Durations.format(nameTimeout), "no name");
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientLine line) {
        if (line instanceof ClientLine.Said) {
            meters.messageReceived();
        }
        chat.received(member, line);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (member != null) {
            member.writabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof LineMode mode) {
            if (member instanceof TcpMember lines) { // only the line pipeline tells a LineMode
                lines.lockStep(mode == LineMode.LOCK_STEP);
            }
            if (mode == LineMode.LOCK_STEP) {
                log.debug("{} sends lines without line ends: answering each line", member);
            }
        } else if (event == Goodbye.SAID) {
            // The server is stopping and its goodbye goes next: nothing more for this client, and
            // what its send buffer gathered this iteration is dropped rather than sent after it.
            if (member != null) {
                member.closed();
            }
        } else if (event instanceof IdleStateEvent) {
            // Nothing read for --idle-timeout: a vanished peer (half-open) or an idle client.
            disconnect(ctx, "idle too long", "idle");
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    private void disconnect(ChannelHandlerContext ctx, String why, String leaveReason) {
        member.leaveReason(leaveReason);
        member.send(ServerLine.error(why + "; disconnecting"));
        member.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (nameDeadline != null) {
            nameDeadline.cancel(false);
        }
        if (member != null) {
            chat.disconnected(member);
            member.closed();
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

    /** Fired down a stream connection's pipeline just before the server's shutdown goodbye is written. */
    public enum Goodbye {
        SAID
    }
}
