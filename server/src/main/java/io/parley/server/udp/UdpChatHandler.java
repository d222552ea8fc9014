package io.parley.server.udp;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.protocol.AddressedLine;
import io.parley.protocol.ClientLine;
import io.parley.protocol.DatagramLines;
import io.parley.protocol.ServerLine;
import io.parley.server.chat.ChatService;
import io.parley.server.limits.ConnectionLimiter;
import io.parley.server.limits.ConnectionLimiter.Admission;
import io.parley.server.limits.Refused;
import io.parley.server.limits.ReplyLimiter;
import io.parley.server.metrics.TransportMeters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage of the UDP chat channel: one instance for the whole channel, keeping a
 * {@link UdpMember} per sender address. The first valid datagram from an address makes it a
 * member under the name it carries (if the per-address limits admit it); silence for the idle time
 * ends the membership. Everything here runs on the channel's event loop, so the maps need no lock.
 *
 * <p>Anti-amplification (RFC 9000, section 8.1): an address that has not shown that it receives
 * is never sent more than three times the bytes it sent. A member is validated by echoing a token:
 * {@code NAME : /validate} is answered {@code * validate TOKEN}, and {@code NAME : /validate TOKEN}
 * from the same address and port {@code * validated}. An unvalidated member gets one answer per
 * datagram ({@link LockStepDigest}); an address that is not a member gets at most one answer per
 * datagram, no longer than three times it, and few a second ({@link ReplyLimiter}).
 */
public final class UdpChatHandler extends SimpleChannelInboundHandler<AddressedLine> {
    private static final Logger log = LoggerFactory.getLogger(UdpChatHandler.class);
    private static final String NICK_REFUSED =
            "/nick is not available over UDP: the NAME in NAME : TEXT is your name";
    static final String VALIDATE = "validate";
    static final String VALIDATED = ServerLine.notice("validated");
    static final String TOKEN_PREFIX = ServerLine.notice("validate ");
    static final String BAD_TOKEN = ServerLine.error("token invalid or expired; ask for a new one with NAME : /validate");
    /**
     * A validated address that is not a member (yet, or any more: dropped as idle) is remembered
     * this long, or for the idle time if that is longer.
     */
    static final long VALIDATED_STRANGER_MILLIS = 60_000;
    static final int MAX_VALIDATED_STRANGERS = 4096;

    private final ChatService chat;
    private final Clock clock;
    private final long idleMillis;
    private final int maxMembers;
    private final ConnectionLimiter limiter;
    private final DatagramMeter meter;
    private final ReplyLimiter strangers;
    private final AddressTokens tokens = new AddressTokens();
    private final Map<InetSocketAddress, UdpMember> members = new HashMap<>();
    /** Addresses that echoed their token before becoming members: when, in clock millis. */
    private final Map<InetSocketAddress, Long> validatedStrangers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Long> eldest) {
            return size() > MAX_VALIDATED_STRANGERS;
        }
    };
    private final LongAdder dropped = new LongAdder();
    private final TransportMeters meters;
    private final Counter droppedFull;
    private final Counter droppedLimited;
    private final Counter droppedAmplification;
    private final Counter skippedLockStep;
    private Channel channel;
    private ScheduledFuture<?> sweep;

    /**
     * @param maxMembers addresses that may be members at once (each costs memory until idle)
     * @param limiter    the per-address caps and throttle shared with the stream transports
     * @param meter      the first stage of the same channel: sizes of datagrams as they arrive
     */
    UdpChatHandler(ChatService chat, Clock clock, Duration idle, int maxMembers, ConnectionLimiter limiter,
                   DatagramMeter meter) {
        this.chat = chat;
        this.clock = clock;
        this.idleMillis = idle.toMillis();
        this.maxMembers = maxMembers;
        this.limiter = limiter;
        this.meter = meter;
        this.strangers = new ReplyLimiter(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
        this.meters = chat.metrics().transport("udp");
        this.droppedFull = chat.metrics().datagramDropCounter("send_buffer_full");
        this.droppedLimited = chat.metrics().datagramDropCounter("reply_limited");
        this.droppedAmplification = chat.metrics().datagramDropCounter("amplification_limited");
        this.skippedLockStep = chat.metrics().datagramDropCounter("lock_step_skipped");
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
        int size = meter.lastReceivedBytes();
        UdpMember member = members.get(sender);
        if (member != null) {
            member.heard(clock.millis(), size); // every datagram from a member is activity
        }
        if (in.line() instanceof ClientLine.Said) {
            meters.messageReceived();
        }
        if (in.line() instanceof ClientLine.Command command && command.verb().equals(VALIDATE)) {
            validate(sender, member, command.args(), size);
        } else if (in.line() instanceof ClientLine.Invalid invalid) {
            reply(sender, member, ServerLine.error(invalid.reason()), size);
        } else if (in.line() instanceof ClientLine.Command command && command.verb().equals("nick")) {
            reply(sender, member, ServerLine.error(NICK_REFUSED), size);
        } else {
            chatLine(sender, member, in, size);
            return;
        }
        if (member != null && !member.validated()) {
            answer(member, members.get(sender) != member);
        }
    }

    /**
     * A chat line or command from {@code sender}, a member's or a new member's first. With several
     * servers a claim is decided by the others, later: the member's next datagrams wait behind it,
     * and one that finds the member gone when its turn comes (the claim was refused) is taken as
     * the first datagram of a new member. Each datagram gets its one answer (unvalidated members)
     * once it has been acted on.
     */
    private void chatLine(InetSocketAddress sender, UdpMember known, AddressedLine in, int size) {
        UdpMember member = known != null ? known : join(sender, size);
        if (member == null) {
            return; // refused, and told so if the budget allows
        }
        if (chat.refuseIfWaitingFull(member)) {
            if (!member.validated()) {
                answer(member, false);
            }
            return;
        }
        UdpMember heard = member;
        chat.after(heard, () -> {
            if (members.get(sender) != heard) {
                UdpMember now = members.get(sender);
                if (now != null) {
                    now.heard(clock.millis(), size); // its credit for this datagram's one answer
                }
                chatLine(sender, now, in, size);
                return;
            }
            chat.receivedAs(heard, in.name(), in.line());
            chat.after(heard, () -> { // once its claim is decided: at once alone, after the others answer in a cluster
                if (heard.name() != null && members.get(sender) == heard && heard.countOpened()) {
                    meters.connectionOpened(); // for UDP, a "connection" is a member address
                }
                if (heard.name() == null && members.remove(sender, heard)) {
                    limiter.release(heard.admission()); // its claim was refused: not a member after all
                    if (heard.validated()) {
                        validatedStrangers.put(sender, clock.millis()); // but still an address that receives
                    }
                }
                if (!heard.validated()) {
                    answer(heard, members.get(sender) != heard);
                }
            });
        });
    }

    /** A new member for {@code sender}, or null if the limits refuse one (the sender is told). */
    private UdpMember join(InetSocketAddress sender, int size) {
        if (!channel.isActive()) {
            return null; // stopping: a datagram that waited for a claim makes no new member now
        }
        if (members.size() >= maxMembers) {
            limiter.refused(sender, Refused.SERVER_FULL);
            answerStranger(sender, ServerLine.error("server full (" + maxMembers + " UDP members); try again later"),
                    size, false);
            return null;
        }
        Admission admission = limiter.admitMember(sender);
        if (!admission.admitted()) {
            answerStranger(sender, ServerLine.error(admission.refusal()), size, false);
            return null;
        }
        boolean validated = validatedStrangers.remove(sender) != null;
        UdpMember member = new UdpMember(this, channel, sender, admission, validated);
        member.heard(clock.millis(), size);
        members.put(sender, member); // before the chat sees it, so that a first "q" can remove it
        return member;
    }

    /** {@code NAME : /validate} asks for a token; {@code NAME : /validate TOKEN} echoes it. */
    private void validate(InetSocketAddress sender, UdpMember member, String token, int size) {
        long now = clock.millis();
        String answer;
        if (token.isEmpty()) {
            answer = isValidated(sender) ? VALIDATED : TOKEN_PREFIX + tokens.issue(sender, now);
        } else if (tokens.valid(sender, token, now)) {
            if (member != null) {
                member.validate();
            } else {
                validatedStrangers.put(sender, now);
            }
            answer = VALIDATED;
        } else {
            answer = BAD_TOKEN;
        }
        if (member != null) {
            member.send(answer);
        } else {
            answerStranger(sender, answer, size, true);
        }
    }

    private void reply(InetSocketAddress sender, UdpMember member, String line, int size) {
        if (member != null) {
            member.send(line);
        } else {
            answerStranger(sender, line, size, false);
        }
    }

    /**
     * The one answer an unvalidated member gets for the datagram it just sent: what is waiting for
     * it, within its budget; if the datagram ended its membership, only its last word.
     */
    private void answer(UdpMember member, boolean ended) {
        if (!ended && member.room() != null) {
            member.room().deliverQueued(member); // everything published before this datagram
        }
        long[] skipped = {0};
        byte[] datagram = ended ? member.digest().takeNewest(member.credit()) : member.digest().take(member.credit(), skipped);
        if (skipped[0] > 0) {
            skippedLockStep.increment(skipped[0]);
        }
        if (!member.sendWithinCredit(datagram)) {
            droppedAmplification.increment();
        }
    }

    /**
     * One answer to an address that is not a member, for a datagram of {@code requestBytes}: never
     * longer than three times that datagram, and (but for the validation handshake, whose answers
     * are never longer than Parley's client's padded request) few a second per address.
     */
    private void answerStranger(InetSocketAddress to, String line, int requestBytes, boolean handshake) {
        byte[] bytes = line.getBytes(CharsetUtil.UTF_8);
        if (validatedStrangers.containsKey(to)) {
            sendBytes(to, bytes);
            return;
        }
        if (bytes.length > (long) UdpMember.AMPLIFICATION_FACTOR * requestBytes) {
            droppedAmplification.increment();
            return;
        }
        boolean noLonger = handshake && bytes.length <= requestBytes;
        if (!noLonger && !strangers.allow(to.getAddress())) {
            droppedLimited.increment(); // no reflection: strangers get few answers, however much they send
            return;
        }
        sendBytes(to, bytes);
    }

    private boolean isValidated(InetSocketAddress address) {
        UdpMember member = members.get(address);
        return member != null ? member.validated() : validatedStrangers.containsKey(address);
    }

    /** A member's session ends ({@code q}, {@code /quit}, idle, flooding): its room is told. */
    void leave(UdpMember member) {
        if (members.remove(member.address(), member)) {
            limiter.release(member.admission());
            if (member.countedOpen()) {
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
            tell(m, ServerLine.notice("bye " + m.name() + " (idle)"));
            leave(m);
            if (m.validated()) {
                validatedStrangers.put(m.address(), now); // it has shown it receives: coming back needs no new token
            }
        }
        long keep = Math.max(VALIDATED_STRANGER_MILLIS, idleMillis);
        for (Iterator<Long> it = validatedStrangers.values().iterator(); it.hasNext(); ) {
            if (now - it.next() >= keep) {
                it.remove();
            }
        }
    }

    /** A line the server says unasked: sent as it is to a validated member, else only within the budget. */
    private void tell(UdpMember member, String line) {
        if (member.validated()) {
            member.send(line);
        } else if (!member.sendWithinCredit(line.getBytes(CharsetUtil.UTF_8))) {
            droppedAmplification.increment();
        }
    }

    /** Sends one datagram now. Every datagram for one address alone goes out here. */
    void sendBytes(InetSocketAddress to, byte[] datagram) {
        if (writable()) {
            ByteBuf content = channel.alloc().buffer(datagram.length).writeBytes(datagram);
            channel.writeAndFlush(new DatagramPacket(content, to), channel.voidPromise());
        }
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

    /** Tells every member the server is stopping (an unvalidated one only within its budget). */
    public Future<?> sayGoodbye() {
        return channel.eventLoop().submit(() -> {
            for (UdpMember member : members.values()) {
                tell(member, ServerLine.notice("server shutting down"));
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

    /** Datagrams not sent because the send buffer was full. */
    public long droppedDatagrams() {
        return dropped.sum();
    }

    /** Addresses that are members now. Event loop only (tests run on it). */
    int memberCount() {
        return members.size();
    }
}
