package io.parley.server.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.parley.protocol.ClientLine;
import io.parley.protocol.LineMode;
import io.parley.protocol.ServerLine;
import io.parley.server.Durations;
import io.parley.server.chat.ChatService;
import io.parley.server.metrics.TransportMeters;
import java.io.IOException;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage of a TCP connection: hands each decoded line to the chat, and closes connections
 * that never claim a name or go silent (their deadlines are watched by {@link SessionTimeouts}, or,
 * for silence, by an idle stage that fires an {@link IdleStateEvent}). One per connection. Other
 * transports over a stream (WebSocket) reuse it with their own kind of {@link ChannelMember}; the
 * session begins when the handler sees {@code channelActive}.
 */
public final class TcpSessionHandler extends SimpleChannelInboundHandler<ClientLine> {
    private static final Logger log = LoggerFactory.getLogger(TcpSessionHandler.class);

    private final ChatService chat;
    private final SessionTimeouts timeouts;
    private final TransportMeters meters;
    private final Function<Channel, ChannelMember> newMember;
    private ChannelMember member;

    // Kept by SessionTimeouts, on the loop: this session's place among its loop's watched
    // sessions, and its clocks (the loop's ticker).
    boolean watched;
    TcpSessionHandler prevWatched;
    TcpSessionHandler nextWatched;
    long startNanos;
    long lastReadNanos;

    public TcpSessionHandler(ChatService chat, SessionTimeouts timeouts, TransportMeters meters) {
        this(chat, timeouts, meters, TcpMember::new);
    }

    /** @param newMember makes the member of a connection once it is active */
    public TcpSessionHandler(ChatService chat, SessionTimeouts timeouts, TransportMeters meters,
                             Function<Channel, ChannelMember> newMember) {
        this.chat = chat;
        this.timeouts = timeouts;
        this.meters = meters;
        this.newMember = newMember;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        member = newMember.apply(ctx.channel());
        chat.connected(member);
        timeouts.watch(this, ctx.executor());
        ctx.fireChannelActive();
    }

    /** Whether the session has claimed a name (for {@link SessionTimeouts}). */
    boolean named() {
        return member.name() != null;
    }

    /** No name within --name-timeout (from {@link SessionTimeouts}). */
    void nameTimedOut() {
        log.debug("{} closed: no name within {}", member.remote(), timeouts.nameTimeout());
        disconnect("no name claimed within " + Durations.format(timeouts.nameTimeout()), "no name");
    }

    /** Nothing read for --idle-timeout: a vanished peer (half-open) or an idle client. */
    void idleTimedOut() {
        disconnect("idle too long", "idle");
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastReadNanos = ctx.executor().ticker().nanoTime(); // every read counts, whole lines or not
        ctx.fireChannelReadComplete();
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
            idleTimedOut(); // from the web transport's idle stage
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    private void disconnect(String why, String leaveReason) {
        member.leaveReason(leaveReason);
        member.send(ServerLine.error(why + "; disconnecting"));
        member.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timeouts.unwatch(this, ctx.executor());
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
