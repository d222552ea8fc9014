package io.parley.server.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.protocol.AddressedLine;
import io.parley.protocol.ClientLine;
import io.parley.protocol.DatagramLines;
import io.parley.protocol.ServerLine;
import io.parley.server.chat.ChatService;
import io.micrometer.core.instrument.Counter;
import io.parley.server.limits.ReplyLimiter;
import io.parley.server.metrics.TransportMeters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage of the UDP chat channel: one instance for the whole channel, keeping a
 * {@link UdpMember} per sender address. The first valid datagram from an address makes it a
 * member under the name it carries; silence for the idle time ends the membership. Everything here
 * runs on the channel's event loop, so the member map needs no lock.
 */
public final class UdpChatHandler extends SimpleChannelInboundHandler<AddressedLine> {
    private static final Logger log = LoggerFactory.getLogger(UdpChatHandler.class);
    private static final String NICK_REFUSED =
            "/nick is not available over UDP: the NAME in NAME : TEXT is your name";

    private final ChatService chat;
    private final Clock clock;
    private final long idleMillis;
    private final int maxMembers;
    private final ReplyLimiter strangers;
    private final Map<InetSocketAddress, UdpMember> members = new HashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final TransportMeters meters;
    private final Counter droppedFull;
    private final Counter droppedLimited;
    private Channel channel;
    private ScheduledFuture<?> sweep;

    /** @param maxMembers addresses that may be members at once (each costs memory until idle) */
    public UdpChatHandler(ChatService chat, Clock clock, Duration idle, int maxMembers) {
        this.chat = chat;
        this.clock = clock;
        this.idleMillis = idle.toMillis();
        this.maxMembers = maxMembers;
        this.strangers = new ReplyLimiter(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
        this.meters = chat.metrics().transport("udp");
        this.droppedFull = chat.metrics().datagramDropCounter("send_buffer_full");
        this.droppedLimited = chat.metrics().datagramDropCounter("reply_limited");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // One sweep for all members, often enough that nobody outstays the idle time by much.
        long period = Math.max(5, Math.min(1000, idleMillis / 4));
        sweep = ctx.executor().scheduleAtFixedRate(this::expireIdle, period, period, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, AddressedLine in) {
        InetSocketAddress sender = in.sender();
        if (in.line() instanceof ClientLine.Said) {
            meters.messageReceived();
        }
        if (in.line() instanceof ClientLine.Invalid invalid) {
            sendTo(sender, ServerLine.error(invalid.reason()));
            return;
        }
        if (in.line() instanceof ClientLine.Command command && command.verb().equals("nick")) {
            sendTo(sender, ServerLine.error(NICK_REFUSED));
            return;
        }
        UdpMember member = members.get(sender);
        if (member == null) {
            if (members.size() >= maxMembers) {
                sendTo(sender, ServerLine.error("server full (" + maxMembers + " UDP members); try again later"));
                return;
            }
            member = new UdpMember(this, channel, sender);
            members.put(sender, member); // before the chat sees it, so that a first "q" can remove it
        }
        member.heard(clock.millis());
        boolean wasNamed = member.name() != null;
        chat.receivedAs(member, in.name(), in.line());
        UdpMember heard = member;
        chat.after(member, () -> { // once its claim is decided: at once alone, after the others answer in a cluster
            if (!wasNamed && heard.name() != null) {
                meters.connectionOpened(); // for UDP, a "connection" is a member address
            }
            if (heard.name() == null) {
                members.remove(sender, heard); // its claim was refused: not a member after all
            }
        });
    }

    /** A member's session ends ({@code q}, {@code /quit}, idle): its room is told. */
    void leave(UdpMember member) {
        if (members.remove(member.address(), member)) {
            if (member.name() != null) {
                meters.connectionClosed();
            }
            chat.disconnected(member);
        }
    }

    /** Ends the membership of everyone silent for the idle time. Runs on the event loop. */
    void expireIdle() {
        long now = clock.millis();
        List<UdpMember> idle = new ArrayList<>();
        for (UdpMember m : members.values()) {
            if (now - m.lastHeardMillis() >= idleMillis) {
                idle.add(m);
            }
        }
        for (UdpMember m : idle) {
            m.leaveReason("idle");
            sendTo(m.address(), ServerLine.notice("bye " + m.name() + " (idle)"));
            leave(m);
        }
    }

    /**
     * Every datagram for one address alone (replies, notices, errors) goes out here, so that a
     * limit on what the server sends to one address has one place to live.
     */
    void sendTo(InetSocketAddress to, String line) {
        if (!isMember(to) && !strangers.allow(to.getAddress())) {
            droppedLimited.increment(); // no reflection: strangers get few answers, however much they send
            return;
        }
        if (!writable()) {
            return;
        }
        channel.writeAndFlush(DatagramLines.packet(channel.alloc(), line, to), channel.voidPromise());
    }

    /** A broadcast line, encoded once for all: the same bytes, without the line end. No flush. */
    void writeShared(ByteBuf sharedLine, InetSocketAddress to) {
        if (writable()) {
            channel.write(DatagramLines.shared(sharedLine, to), channel.voidPromise());
        }
    }

    /**
     * UDP is lossy anyway: when the send buffer is full the datagram is dropped and counted
     * rather than queued without bound. Sends already queued are pushed out first.
     */
    private boolean writable() {
        if (!channel.isActive()) {
            return false;
        }
        if (!channel.isWritable()) {
            channel.flush();
            if (!channel.isWritable()) {
                dropped.increment();
                droppedFull.increment();
                return false;
            }
        }
        return true;
    }

    /** Tells every member the server is stopping. Completes on the event loop. */
    public Future<?> sayGoodbye() {
        return channel.eventLoop().submit(() -> {
            for (InetSocketAddress address : members.keySet()) {
                sendTo(address, ServerLine.notice("server shutting down"));
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sweep != null) {
            sweep.cancel(false);
        }
        for (UdpMember m : new ArrayList<>(members.values())) {
            m.leaveReason("server shutting down");
            leave(m);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A failed send to one address must not close the channel that serves everyone.
        if (cause instanceof IOException) {
            log.debug("udp chat: {}", cause.toString());
        } else {
            log.warn("udp chat: unexpected error", cause);
        }
    }

    private boolean isMember(InetSocketAddress address) {
        UdpMember member = members.get(address);
        return member != null && member.name() != null;
    }

    /** Datagrams not sent because the send buffer was full. */
    public long droppedDatagrams() {
        return dropped.sum();
    }

    /** Addresses that are members now. Event loop only (tests run on it). */
    int memberCount() {
        return members.size();
    }
}
