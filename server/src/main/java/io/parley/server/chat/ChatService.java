package io.parley.server.chat;

import io.netty.buffer.ByteBufUtil;
import io.parley.protocol.ClientLine;
import io.parley.protocol.ControlCharacters;
import io.parley.protocol.Names;
import io.parley.protocol.ServerLine;
import io.parley.protocol.Tags;
import io.parley.server.Durations;
import io.parley.server.limits.FloodControl;
import io.parley.server.metrics.Disconnect;
import io.parley.server.metrics.Refusal;
import io.parley.server.metrics.ServerMetrics;
import io.parley.server.time.TimeTeller;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the chat does with each line a member sends: claim a name, relay a message to the room,
 * run a command. Knows nothing of the transport; every call for a member runs on its executor.
 *
 * <p>Steps that other servers of the chat could see (claims, joins, room lines, private
 * messages, {@code /who}) go through the {@link Cluster}. Alone, it answers at once; shared, a
 * claim or a join may wait for the other servers: meanwhile the member's further lines, and its
 * leaving, wait behind it in order ({@link #await}), and the event loop goes on with others.
 */
public final class ChatService {
    private static final Logger log = LoggerFactory.getLogger(ChatService.class);
    /** Chat text, only with --log-messages; its own logger so it can be routed or silenced apart. */
    private static final Logger messageLog = LoggerFactory.getLogger("io.parley.server.chat.messages");
    /** Longest {@code /who} or {@code /rooms} reply line before it wraps onto another. */
    private static final int LIST_LINE_CHARS = 400;
    /** Most lines of one member that wait for a step of the cluster; past it lines are refused. */
    static final int MAX_WAITING_LINES = 1000;

    private final ChatHub hub;
    private final ChatCommands commands;
    private final ServerMetrics metrics;
    private final FloodControl flood;
    private final TimeTeller time;
    private final boolean logMessages;
    private final Duration nameHold;
    private final Cluster cluster;
    private volatile boolean shuttingDown;
    private volatile ClaimThrottle claimThrottle = ClaimThrottle.NONE;
    private volatile PresenceNotices presence;

    /** A chat without flood control, on the system clock, not logging chat text. */
    public ChatService(ChatHub hub) {
        this(hub, new FloodControl(0, 1, System::nanoTime), new TimeTeller(Clock.systemDefaultZone()), false);
    }

    /**
     * @param time        answers {@code /time}; the UDP time service shares it
     * @param logMessages every relayed chat line is logged at INFO (room, name, text)
     */
    public ChatService(ChatHub hub, FloodControl flood, TimeTeller time, boolean logMessages) {
        this(hub, flood, time, logMessages, Duration.ZERO);
    }

    /**
     * @param nameHold how long the name of a session that ended unexpectedly stays reserved for
     *                 its resume token ({@code --name-hold}); zero frees it at once
     */
    public ChatService(ChatHub hub, FloodControl flood, TimeTeller time, boolean logMessages, Duration nameHold) {
        this(hub, flood, time, logMessages, nameHold, new LocalCluster(hub));
    }

    /** @param cluster the other servers of the chat; {@link LocalCluster} for none */
    public ChatService(ChatHub hub, FloodControl flood, TimeTeller time, boolean logMessages, Duration nameHold,
                       Cluster cluster) {
        this.hub = hub;
        this.cluster = cluster;
        this.nameHold = nameHold;
        this.metrics = hub.metrics();
        this.flood = flood;
        this.time = time;
        this.logMessages = logMessages;
        this.commands = new ChatCommands(this, hub);
        hub.history().onBatchSent(this::chargeAnswer); // replays and /history are big answers too
        this.presence = PresenceNotices.never();
    }

    /**
     * Rooms of more than {@code above} members get their join and leave notices summed up, one
     * line per {@code interval}; 0 turns this off (the default). Call before members connect.
     */
    public void batchPresenceNotices(int above, Duration interval) {
        this.presence = new PresenceNotices((room, line) -> cluster.notice(room, line, null), above, interval);
    }

    public ChatHub hub() {
        return hub;
    }

    public TimeTeller time() {
        return time;
    }

    public Cluster cluster() {
        return cluster;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** Limits how often a member's address may change names (its first claim is not counted). */
    public void claimThrottle(ClaimThrottle throttle) {
        this.claimThrottle = throttle;
    }

    /**
     * The server is stopping: from now on lines are not acted on, deliveries still queued are
     * dropped, and sessions that end are counted as ended by the shutdown.
     */
    public void shuttingDown() {
        shuttingDown = true;
        hub.stopDelivering();
    }

    /** Sends an error line to the member and counts the refusal. */
    void refuse(Member member, Refusal reason, String error) {
        metrics.refused(reason);
        member.send(ServerLine.error(error));
    }

    public void connected(Member member) {
        log.debug("{} connected", member.remote());
        member.send(ServerLine.notice("welcome to Parley. Claim a name with /nick NAME or say NAME : TEXT; /help lists commands"));
    }

    public void received(Member member, ClientLine line) {
        // Once the server is stopping, lines still arriving are not acted on: the event loops'
        // time goes to telling everyone goodbye.
        if (shuttingDown || line instanceof ClientLine.Blank || !withinRate(member, line)) {
            return;
        }
        if (member.waits > 0) {
            if (!refuseIfWaitingFull(member)) {
                member.waiting.add(() -> handle(member, line));
            }
            return;
        }
        handle(member, line);
    }

    /**
     * Refuses a line of {@code member}'s ({@code ! slow down: waiting for the chat}) if
     * {@link #MAX_WAITING_LINES} of its lines already wait for a step of the cluster; true if it
     * did. On the member's executor.
     */
    public boolean refuseIfWaitingFull(Member member) {
        if (member.waits > 0 && member.waiting.size() >= MAX_WAITING_LINES) {
            refuse(member, Refusal.RATE_LIMITED, "slow down: waiting for the chat; line discarded");
            return true;
        }
        return false;
    }

    private void handle(Member member, ClientLine line) {
        if (line instanceof ClientLine.Said said) {
            say(member, said);
        } else if (line instanceof ClientLine.Command command) {
            commands.run(member, command.verb(), command.args());
        } else if (line instanceof ClientLine.Invalid invalid) {
            refuse(member, Refusal.ofInvalidLine(invalid.reason()), invalid.reason());
        }
    }

    /** Applies flood control; false if the line must be dropped (the member was told). */
    private boolean withinRate(Member member, ClientLine line) {
        if (!flood.enabled() || line instanceof ClientLine.Command c && c.verb().equals("quit")) {
            return true;
        }
        if (member.flood == null) {
            member.flood = flood.newState();
        }
        switch (flood.check(member.flood)) {
            case ACCEPT:
                return true;
            case REFUSE:
                refuse(member, Refusal.RATE_LIMITED, "slow down: " + flood.describe() + "; line discarded");
                return false;
            case DROP:
                return false;
            default:
                log.info("{} disconnected for flooding", member);
                member.leaveReason("flooding");
                member.send(ServerLine.error("flooding: disconnecting"));
                member.close();
                return false;
        }
    }

    /**
     * A line from a transport where every message carries its sender's name (UDP datagrams): the
     * first one claims the name, as {@code NAME : TEXT} does on TCP, and later ones must carry the
     * same name. {@code line} is what follows the name: a message or a command.
     */
    public void receivedAs(Member member, String name, ClientLine line) {
        if (member.waits > 0) {
            member.waiting.add(() -> receivedAs(member, name, line));
            return;
        }
        String own = member.name();
        if (own == null) {
            claimName(member, name);
            // Then the line, once the claim is decided, if it succeeded.
            after(member, () -> {
                if (member.name() != null && Names.same(member.name(), name)) {
                    received(member, line);
                }
            });
        } else if (!Names.same(own, name)) {
            refuse(member, Refusal.IMPERSONATION, "you are " + own + "; lines may not carry another name");
        } else {
            received(member, line);
        }
    }

    /**
     * The member's session ended, for whatever reason: leave its room and free its name, or hold
     * the name for its resume token if the session ended unexpectedly.
     */
    public void disconnected(Member member) {
        if (member.waits > 0) {
            member.waiting.add(() -> disconnected(member)); // after the claim or join it waits for
            return;
        }
        member.gone(true);
        Room room = hub.leave(member);
        if (room != null) {
            cluster.left(member, room);
        }
        boolean hold = holdsName(member);
        if (hold) {
            cluster.hold(member, nameHold);
        } else {
            cluster.release(member); // for a session resumed elsewhere a no-op: the name is the new connection's
        }
        metrics.disconnected(shuttingDown ? Disconnect.SHUTDOWN : Disconnect.ofLeaveReason(member.leaveReason()));
        if (member.name() != null) {
            log.info("{} left ({}){}", member, member.leaveReason(),
                    hold ? "; name held for " + Durations.format(nameHold) : "");
            // At shutdown everyone has been told already; n leave notices to n members would
            // cost n squared writes just as the server is trying to stop. A session resumed on
            // another connection has not left.
            if (room != null && !shuttingDown && !member.displaced() && !presence.left(room, member)) {
                cluster.notice(room, ServerLine.notice(member.name() + " left (" + member.leaveReason() + ")"), member);
            }
        } else {
            log.debug("{} disconnected without a name", member.remote());
        }
    }

    /** Whether the name of a member that just left stays held: anything but a quit, on a stream transport. */
    private boolean holdsName(Member member) {
        return member.name() != null && !nameHold.isZero() && !shuttingDown && !member.displaced()
                && !member.isDatagram() && !"quit".equals(member.leaveReason());
    }

    private void say(Member member, ClientLine.Said said) {
        String own = member.name();
        if (said.name() != null && (own == null || !Names.same(own, said.name()))) {
            if (own != null) {
                refuse(member, Refusal.IMPERSONATION, "you are " + own + "; lines may not carry another name");
                log.debug("{} refused: line carried the name {}", member, said.name());
                return;
            }
            claimName(member, said.name());
            // Then the text, once the claim is decided, if it succeeded.
            after(member, () -> {
                if (member.name() != null && Names.same(member.name(), said.name())) {
                    sayText(member, said);
                }
            });
            return;
        } else if (own == null) {
            refuse(member, Refusal.NO_NAME, "claim a name first: /nick NAME, or say NAME : TEXT");
            return;
        }
        sayText(member, said);
    }

    private void sayText(Member member, ClientLine.Said said) {
        if (said.text().equals("q")) {
            quit(member);
        } else if (said.text().isBlank()) {
            refuse(member, Refusal.EMPTY_MESSAGE, "empty message, nothing sent");
        } else {
            Room room = member.room();
            if (logMessages) {
                messageLog.info("{} {} : {}", room.name(), member.name(), said.text());
            }
            hub.history().acknowledge(member, cluster.say(room, member, said.text()), room.name());
            member.relayed(ServerLine.chat(member.name(), said.text()));
        }
    }

    /** Claims or changes the member's name; on the first claim it enters the default room. */
    boolean claimName(Member member, String name) {
        return claimName(member, name, null);
    }

    /**
     * Claims or changes the member's name; with a {@code token}, also a name held for (or still in
     * use by) the session whose token it is. Every claim issues a new token. True if the member
     * holds the name now; false if it was refused, or if the cluster is still deciding (the
     * member's next lines wait for it: see {@link #after}).
     */
    boolean claimName(Member member, String requested, String token) {
        String name = Names.enforce(requested); // as shown and stored: ａｌｉｃｅ is alice
        if (name == null) {
            refuse(member, Refusal.INVALID_NAME, Names.invalidReason(requested));
            return false;
        }
        String old = member.name();
        if (name.equals(old)) {
            member.send(youAre(member));
            return true;
        }
        if (old != null) {
            String throttled = claimThrottle.refusal(member);
            if (throttled != null) {
                refuse(member, Refusal.THROTTLED, throttled);
                return false;
            }
        }
        String newToken = hub.newToken();
        await(member, cluster.claim(member, name, token, newToken), (claim, failed) -> {
            if (claim == null) {
                claim = new Cluster.Claim(Refusal.NAME_TAKEN, "cannot claim names right now; try again in a moment");
            }
            if (!claim.ok()) {
                refuse(member, claim.refusal(), claim.error());
                log.debug("{} refused name {}: {}", member.remote(), name, claim.error());
                return;
            }
            member.token(newToken);
            member.send(youAre(member));
            if (old == null) {
                log.info("{} claimed name {}", member.remote(), name);
                joinRoom(member, ChatHub.DEFAULT_ROOM);
            } else if (member.room() != null) {
                cluster.notice(member.room(), ServerLine.notice(old + " is now " + name), member);
            }
        });
        return name.equals(member.name());
    }

    /** {@code * you are NAME}; for a tagged client with the name's resume token. */
    private static String youAre(Member member) {
        String line = ServerLine.notice("you are " + member.name());
        return member.tags && member.token() != null ? Tags.tag(Tags.token(member.token()), line) : line;
    }

    void joinRoom(Member member, String roomName) {
        await(member, cluster.enter(member, roomName), (entered, failed) -> {
            String name = entered == null ? roomName : entered.room(); // cut off from the others: this server's room
            Room old = hub.leave(member);
            if (old != null) {
                cluster.left(member, old);
            }
            if (old != null && !presence.left(old, member)) {
                cluster.notice(old, ServerLine.notice(member.name() + " left for " + name), member);
            }
            Room room = hub.join(member, name);
            cluster.entered(member, room);
            int others = (entered == null || entered.members() < 0 ? room.size() : entered.members()) - 1;
            // Once the room's lines reach this server (at once alone; a shared room's subscription may
            // take a moment), so that whoever answers the announcement is heard live.
            await(member, cluster.replayBound(room), (bound, unknown) -> {
                // Announce before confirming: someone who connects once this member has its confirmation
                // must not then be told of this join as if it came after theirs. (A big room's summary
                // comes later, and says so: see PresenceNotices.)
                if (!presence.joined(room, member)) {
                    cluster.notice(room, ServerLine.notice(member.name() + " joined " + room.name()), member);
                }
                member.send(ServerLine.notice("you are in " + room.name() + " with " + others + (others == 1 ? " other" : " others")));
                if (hub.history().replays(member)) {
                    hub.history().replay(member, room, CompletableFuture.completedFuture(bound == null ? 0L : bound));
                }
            });
        });
    }

    // ---- steps that wait for the cluster ----

    /**
     * Runs {@code action} with the result of {@code step} on the member's executor: at once if the
     * step is done (always so for {@link LocalCluster}), else when it completes. Until then the
     * member's further lines and its leaving wait, in order, and run after {@code action}.
     */
    <T> void await(Member member, CompletableFuture<T> step, BiConsumer<T, Throwable> action) {
        if (step.isDone() && member.executor().inEventLoop()) {
            T value = null;
            Throwable failure = null;
            try {
                value = step.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                failure = e.getCause() != null ? e.getCause() : e;
            }
            action.accept(value, failure);
            return;
        }
        if (member.waits++ == 0 && member.waiting == null) {
            member.waiting = new ArrayDeque<>();
        }
        step.whenComplete((value, failure) -> {
            try {
                member.executor().execute(() -> {
                    try {
                        action.accept(failure == null ? value : null, failure);
                    } finally {
                        if (--member.waits == 0) {
                            runWaiting(member);
                        }
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                // the member's loop is stopping: nobody to tell
            }
        });
    }

    /** Runs {@code next} now if the member waits for nothing, else after what it waits for. On its executor. */
    public void after(Member member, Runnable next) {
        if (member.waits > 0) {
            member.waiting.add(next);
        } else {
            next.run();
        }
    }

    /** Runs what waited, in order, until a step waits again. */
    private static void runWaiting(Member member) {
        for (Runnable next; member.waits == 0 && (next = member.waiting.poll()) != null; ) {
            next.run();
        }
    }

    void quit(Member member) {
        member.leaveReason("quit");
        member.send(ServerLine.notice("bye" + (member.name() == null ? "" : " " + member.name())));
        member.close();
    }

    /**
     * Sends a command's answer of several lines. Its size counts against the member's flood
     * control ({@link FloodControl#chargeAnswer}): a command with a big answer ({@code /who} in a
     * big room, {@code /rooms}, {@code /help}) costs more than one line, so no client can make the
     * server send it more than a bounded number of bytes a second. Commands with long answers
     * send them through here.
     */
    void answer(Member member, List<String> lines) {
        for (String line : lines) {
            member.send(line);
        }
        chargeAnswer(member, lines);
    }

    /** Counts an answer of {@code lines} against the member's flood control. On its executor. */
    void chargeAnswer(Member member, List<String> lines) {
        long bytes = 0;
        for (String line : lines) {
            bytes += ByteBufUtil.utf8Bytes(line) + 1;
        }
        flood.chargeAnswer(member.flood, bytes);
    }

    /** Sends {@code items} as notices that start with {@code head}, wrapped to a readable width. */
    void sendList(Member member, String head, List<String> items) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(head);
        String sep = "";
        for (String item : items) {
            if (line.length() + item.length() > LIST_LINE_CHARS && !sep.isEmpty()) {
                lines.add(line.toString());
                line = new StringBuilder(head);
                sep = "";
            }
            line.append(sep).append(ControlCharacters.strip(item));
            sep = ", ";
        }
        lines.add(line.toString());
        List<String> notices = new ArrayList<>(lines.size());
        for (String l : lines) {
            notices.add(ServerLine.notice(l));
        }
        answer(member, notices);
    }
}
