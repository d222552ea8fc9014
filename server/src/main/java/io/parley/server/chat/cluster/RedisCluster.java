package io.parley.server.chat.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.DefaultEventPublisherOptions;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.EpollProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.protocol.Names;
import io.parley.protocol.ServerLine;
import io.parley.protocol.Tags;
import io.parley.protocol.Transports;
import io.parley.server.Durations;
import io.parley.server.chat.ChatHistory;
import io.parley.server.chat.ChatHub;
import io.parley.server.chat.Cluster;
import io.parley.server.chat.Member;
import io.parley.server.chat.Room;
import io.parley.server.chat.history.Conversations;
import io.parley.server.chat.history.Retention;
import io.parley.server.chat.history.StoredMessage;
import io.parley.server.metrics.ClusterMeters;
import io.parley.server.metrics.Refusal;
import io.parley.server.metrics.ServerMetrics;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any number of servers as one chat, on one Redis ({@code --redis}). The design, what each step
 * costs and what can be lost when are in docs/design.md ("Several servers") and
 * docs/operations.md ("Several servers on Redis"); in short:
 *
 * <ul>
 * <li><b>Rooms.</b> A room line is one Lua script: the room's counter gives its id, the room's
 * stream keeps it, and the room's channel publishes it, in one atomic step. Every server
 * subscribed to the room (one that has members in it) receives the channel in that order and
 * hands each line to its {@link Room}'s ordered delivery ({@link Room#deliver}), the sender's
 * server too: every member on every server sees the room in one order, with one set of ids.
 * Ids of a room are consecutive, so a server sees a line it missed (its subscription dropped)
 * and reads it back from the stream before going on.</li>
 * <li><b>Names.</b> One hash of names and one of their confusable skeletons; a claim is a script,
 * so of two servers claiming one name, or two look-alikes, at once, exactly one wins. A record
 * names its server and session, its resume token and its hold; it counts while its server is
 * alive.</li>
 * <li><b>Servers.</b> Each says it is alive every sixth of {@code --node-timeout}, up to two
 * thirds of it ahead; one found silent past that is removed by any other (its names freed, its
 * members out of their rooms, the rooms told): within five sixths of the timeout.</li>
 * <li><b>Cut off.</b> Without Redis a server serves its own members: their room lines reach its
 * own members only (no id, not kept, no ack), names cannot be claimed. Lettuce reconnects with
 * backoff; then the server takes its names and members' places again and reads back what its
 * rooms missed.</li>
 * </ul>
 *
 * <p>Nothing here blocks an event loop: every command is asynchronous, and Lettuce's replies and
 * subscription arrive on the server's own event loops (shared with Lettuce), from where work for a
 * member goes to the member's loop.
 */
public final class RedisCluster implements Cluster {
    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    static final String ROOM_CHANNEL = "parley:room:";
    static final String NODE_CHANNEL = "parley:node:";
    private static final String SWEEP_LOCK = "parley:sweeper";
    private static final String[] NO_KEYS = {};
    /** The most {@link #close()} takes when no deadline is given. */
    private static final long CLOSE_MILLIS = 6000;
    /** The least {@link #close(long)} takes if Redis does not answer, whatever the deadline. */
    static final long MIN_CLOSE_MILLIS = 300;
    /** The most the goodbye to the other servers is waited for. */
    private static final long LEAVE_MILLIS = 2000;
    /** Longest a member joining a room waits for the room's subscription on this server. */
    static final long JOIN_WAIT_MILLIS = 5000;
    /** Stream entries read back at a time when a room missed lines. */
    static final int RECOVER_PAGE = 500;

    private static final Script SAY = Script.multi("say");
    private static final Script TELL = Script.multi("tell");
    private static final Script CLAIM = Script.multi("claim");
    private static final Script HOLD = Script.integer("hold");
    private static final Script RELEASE = Script.integer("release");
    private static final Script ENTER = Script.multi("enter");
    private static final Script LEAVE = Script.integer("leave");
    private static final Script WHO = Script.multi("who");
    private static final Script ROOMS = Script.multi("rooms");
    private static final Script HEARTBEAT = Script.multi("heartbeat");
    private static final Script REAP = Script.integer("reap");
    private static final Script LEAVE_NODE = Script.integer("leave_node");
    private static final Script REASSERT = Script.value("reassert");
    private static final Script SWEEP = Script.integer("sweep");
    private static final List<Script> SCRIPTS = List.of(SAY, TELL, CLAIM, HOLD, RELEASE, ENTER, LEAVE, WHO, ROOMS,
            HEARTBEAT, REAP, LEAVE_NODE, REASSERT, SWEEP);

    private static final Claim CUT_OFF = new Claim(Refusal.CLUSTER_UNAVAILABLE,
            "names cannot be claimed right now: this server is cut off from the others; try again in a moment");

    private final RedisURI uri;
    private final String node = newNodeId();
    private final String nodeChannel = NODE_CHANNEL + node;
    private final Duration nodeTimeout;
    private final long horizonMillis;
    private final Retention retention;
    private final Clock clock;
    private final ServerMetrics metrics;
    private final ClusterMeters meters;
    private final EventLoopGroup loops;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisHistoryStore history = new RedisHistoryStore(this);
    /** Room key to the link of this server's room of that key. */
    private final ConcurrentHashMap<String, RoomLink> links = new ConcurrentHashMap<>();
    /** This server's sessions that hold a name (or have it held), by {@link Member#session()}. */
    private final ConcurrentHashMap<Long, Session> sessions = new ConcurrentHashMap<>();
    /** What could not be told to Redis while cut off, told first when it is back. */
    private final ConcurrentHashMap<Long, String> releasesToTell = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, String> leavesToTell = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean rejoining = new AtomicBoolean();
    private volatile ChatHub hub;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile RedisAsyncCommands<String, String> redis;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile boolean commandsUp;
    private volatile boolean pubsubUp;
    /** Part of the chat: connected, names and members told. */
    private volatile boolean ready;
    private volatile boolean wasReady;
    private volatile long readySinceNanos;
    private volatile long cutOffSinceNanos;
    private volatile long lastCutOffLogNanos;
    private volatile int nodes;
    private volatile String lastError = "not connected yet";
    private volatile boolean closing;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> sweeper;
    private String sweepCursor = ScanCursor.INITIAL.getCursor();

    /** A session of this server that holds a name; {@code heldUntil} (epoch ms) once its name is held. */
    private static final class Session {
        final Member member;
        volatile long heldUntil;

        Session(Member member) {
            this.member = member;
        }
    }

    /**
     * @param url         {@code redis://[:PASSWORD@]HOST:PORT[/DB]} or {@code rediss://...} (TLS), as Lettuce reads it
     * @param nodeTimeout a server silent this long is taken for dead ({@code --node-timeout})
     * @param loops       the server's event loops, lent to Lettuce
     */
    public RedisCluster(String url, Duration nodeTimeout, Retention retention, Clock clock, ServerMetrics metrics,
                        EventLoopGroup loops, Transports transport, int threads) {
        this.uri = RedisURI.create(url);
        this.nodeTimeout = nodeTimeout;
        this.horizonMillis = Math.max(1, nodeTimeout.toMillis() * 2 / 3);
        this.retention = retention;
        this.clock = clock;
        this.metrics = metrics;
        this.meters = metrics.cluster();
        this.loops = loops;
        long maxBackoff = Math.max(100, Math.min(2000, nodeTimeout.toMillis() / 6));
        DefaultClientResources.Builder builder = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofMillis(maxBackoff), 2, TimeUnit.MILLISECONDS))
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .commandLatencyPublisherOptions(DefaultEventPublisherOptions.disabled());
        // Lettuce picks epoll or NIO by itself; the loops can be shared when it picks what the server runs on.
        if ((transport == Transports.EPOLL) == EpollProvider.isAvailable()) {
            builder.eventLoopGroupProvider(new SharedLoops(loops, threads)).eventExecutorGroup(loops);
        }
        this.resources = builder.build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Fail at once while disconnected, and fail what was under way when the connection
                // dropped: never send a line twice, and never let a member wait on a dead link.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(10)))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).keepAlive(true).build())
                .build());
        client.addListener(new ConnectionWatch());
    }

    /** The history of the chat, in Redis streams; valid once {@link #start} returned. */
    public RedisHistoryStore history() {
        return history;
    }

    /** This server's id in the chat (random at each start). */
    public String node() {
        return node;
    }

    RedisAsyncCommands<String, String> redis() {
        return redis;
    }

    int pending() {
        return pending.get();
    }

    /**
     * Connects (from a thread that may block: the server's start), joins the chat and starts the
     * heartbeat. Fails with a message an operator can act on when Redis cannot be reached.
     */
    public void start(ChatHub hub) {
        this.hub = hub;
        meters.bind(() -> ready, () -> nodes, pending::get);
        try {
            connection = client.connect(StringCodec.UTF8);
            redis = connection.async();
            pubsub = client.connectPubSub(StringCodec.UTF8);
            pubsub.addListener(new Subscriptions());
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot reach Redis at " + safe(uri) + ": " + describe(e), e);
        }
        commandsUp = true;
        pubsubUp = true;
        try {
            rejoin().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot join the chat on Redis at " + safe(uri) + ": " + describe(e), e);
        }
        long tick = Math.max(50, nodeTimeout.toMillis() / 6);
        ticker = loops.next().scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        if (retention.byAge()) {
            sweeper = loops.next().scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        }
        log.info("one of the servers of the chat on Redis at {} (server {}; a server silent {} is taken for dead)",
                safe(uri), node, Durations.format(nodeTimeout));
    }

    // ---- names ----

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public CompletableFuture<Claim> claim(Member member, String name, String token, String newToken) {
        if (!ready) {
            return CompletableFuture.completedFuture(CUT_OFF);
        }
        String old = member.name();
        Room room = member.room();
        CompletableFuture<List<Object>> answer = CLAIM.run(redis, NO_KEYS, Names.key(name), Names.skeleton(name), name,
                node, Long.toString(member.session()), newToken, token == null ? "" : token,
                old == null ? "" : Names.key(old), room == null ? "" : Names.key(room.name()));
        return answer.thenApplyAsync(result -> {
            String status = (String) result.get(0);
            if (status.equals("taken")) {
                return Claim.taken(name, null);
            }
            if (status.equals("lookalike")) {
                return Claim.taken(name, (String) result.get(1));
            }
            Member previous = hub.adopt(member, name);
            sessions.put(member.session(), new Session(member));
            if (previous != null && !previous.gone()) {
                previous.displace(); // a session of this server, resumed by its token on another connection
            }
            return Claim.OK;
        }, member.executor()).exceptionally(failed -> {
            log.debug("{}: claim of {} not decided: {}", member, name, failed.toString());
            return CUT_OFF;
        });
    }

    @Override
    public void hold(Member member, Duration hold) {
        hub.hold(member, hold);
        String name = member.name();
        Session session = sessions.get(member.session());
        if (name == null || session == null) {
            return;
        }
        session.heldUntil = clock.millis() + hold.toMillis();
        if (ready) {
            quietly(HOLD.run(redis, NO_KEYS, Names.key(name), node, Long.toString(member.session()),
                    Long.toString(hold.toMillis())));
        }
        try {
            member.executor().schedule(() -> forget(member, session, name), hold.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            forget(member, session, name);
        }
    }

    /** The hold is over: the name is free, unless the session was resumed meanwhile (then another holds it). */
    private void forget(Member member, Session session, String name) {
        if (sessions.remove(member.session(), session)) {
            releaseInRedis(member.session(), Names.key(name));
        }
    }

    @Override
    public void release(Member member) {
        hub.release(member);
        Session session = sessions.remove(member.session());
        String name = member.name();
        if (session != null && name != null) {
            releaseInRedis(member.session(), Names.key(name));
        }
    }

    private void releaseInRedis(long session, String key) {
        if (ready) {
            quietly(RELEASE.run(redis, NO_KEYS, key, node, Long.toString(session)));
        } else {
            releasesToTell.putIfAbsent(session, key);
        }
    }

    // ---- rooms ----

    @Override
    public CompletableFuture<Entered> enter(Member member, String roomName) {
        if (!ready) {
            return CompletableFuture.completedFuture(null); // this server's room of that name
        }
        CompletableFuture<List<Object>> answer = ENTER.run(redis, NO_KEYS, Names.key(roomName), Names.skeleton(roomName),
                roomName, node, Long.toString(member.session()), member.name());
        return answer.thenApply(result -> new Entered((String) result.get(1), ((Long) result.get(2)).intValue()))
                .exceptionally(failed -> null);
    }

    @Override
    public void entered(Member member, Room room) {
        String key = Names.key(room.name());
        synchronized (links) {
            RoomLink link = links.get(key);
            if (link == null) {
                link = new RoomLink(key);
                links.put(key, link);
                link.subscribe();
            }
            link.serve(room);
        }
    }

    @Override
    public void left(Member member, Room room) {
        String key = Names.key(room.name());
        if (ready) {
            quietly(LEAVE.run(redis, NO_KEYS, key, node, Long.toString(member.session())));
        } else {
            leavesToTell.putIfAbsent(member.session(), key);
        }
        if (room.size() == 0) {
            synchronized (links) {
                RoomLink link = links.get(key);
                if (link != null && link.room == room && hub.findRoom(room.name()) != room) {
                    links.remove(key); // the room closed on this server: its lines are no longer wanted here
                    link.room = null;
                    if (pubsubUp) {
                        quietly(pubsub.async().unsubscribe(link.channel).toCompletableFuture());
                    }
                }
            }
        }
    }

    @Override
    public CompletableFuture<StoredMessage> say(Room room, Member from, String text) {
        String key = Names.key(room.name());
        RoomLink link = links.get(key);
        if (!ready || link == null) {
            localOnly(room, ServerLine.chat(from.name(), text), from);
            return CompletableFuture.failedFuture(new IllegalStateException("cut off from the other servers: not kept"));
        }
        String conversation = Conversations.room(room.name());
        pending.incrementAndGet();
        meters.published();
        CompletableFuture<List<Object>> answer = SAY.run(redis,
                new String[] {RedisHistoryStore.meta(conversation), RedisHistoryStore.log(conversation)},
                key, Long.toString(link.lastId), Long.toString(clock.millis()), node, Long.toString(from.session()),
                from.name(), text, Integer.toString(retention.keep()));
        return answer.handle((result, failed) -> {
            pending.decrementAndGet();
            if (failed != null) {
                meters.publishFailed();
                throw new IllegalStateException("not kept: " + failed.getMessage(), failed);
            }
            trimmed((Long) result.get(2));
            return new StoredMessage((Long) result.get(0), conversation, (Long) result.get(1), from.name(), null, text);
        });
    }

    /** Messages --history-keep pushed out of a conversation's log as one came in. */
    private void trimmed(long entries) {
        if (entries > 0) {
            metrics.history().deleted(entries);
        }
        metrics.history().stored(1);
    }

    /** A line for this server's members only, while cut off from the others. */
    private void localOnly(Room room, String line, Member except) {
        meters.localOnly();
        room.broadcast(ServerLine.encode(hub.alloc(), line), except);
    }

    @Override
    public void notice(Room room, String line, Member except) {
        if (!ready) {
            room.broadcast(ServerLine.encode(hub.alloc(), line), except);
            return;
        }
        meters.published();
        quietly(redis.publish(ROOM_CHANNEL + Names.key(room.name()),
                "n " + node + " " + (except == null ? 0 : except.session()) + " " + line).toCompletableFuture());
    }

    /**
     * Completes once the room's lines reach this server (its subscription confirmed), with the id
     * up to which they come as replay; after {@link #JOIN_WAIT_MILLIS} without that (Redis slow or
     * gone), with 0, and the member goes on without it.
     */
    @Override
    public CompletableFuture<Long> replayBound(Room room) {
        RoomLink link = links.get(Names.key(room.name()));
        CompletableFuture<Long> bound = link == null ? null : link.boundFor(room);
        if (bound == null) {
            return CompletableFuture.completedFuture(0L);
        }
        return bound.isDone() ? bound : bound.copy().completeOnTimeout(0L, JOIN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    // ---- private messages ----

    @Override
    public CompletableFuture<Boolean> tell(Member from, String to, String text) {
        if (!ready) {
            Member target = hub.find(to);
            if (target == null) {
                return CompletableFuture.completedFuture(false);
            }
            meters.localOnly();
            metrics.delivered(1);
            String line = ServerLine.privateMessage(from.name(), text);
            ChatHistory.onLoop(target, () -> target.send(line));
            return CompletableFuture.completedFuture(true);
        }
        String conversation = Conversations.pair(from.name(), to);
        pending.incrementAndGet();
        meters.published();
        CompletableFuture<List<Object>> answer = TELL.run(redis,
                new String[] {RedisHistoryStore.meta(conversation), RedisHistoryStore.log(conversation)},
                Names.key(to), Long.toString(clock.millis()), node, Long.toString(from.session()), from.name(), text,
                Integer.toString(retention.keep()));
        return answer.handle((result, failed) -> {
            pending.decrementAndGet();
            if (failed != null) {
                meters.publishFailed();
                log.debug("{}: private message not sent: {}", from, failed.toString());
                return false;
            }
            if (result == null || result.isEmpty()) {
                return false;
            }
            trimmed((Long) result.get(3));
            StoredMessage m = new StoredMessage((Long) result.get(0), conversation, (Long) result.get(1), from.name(),
                    (String) result.get(2), text);
            hub.history().acknowledge(from, CompletableFuture.completedFuture(m), null);
            return true;
        });
    }

    /** A private message for a session of this server: {@code p ID TIME SESSION FROM TO TEXT}. */
    private void privateArrived(String message) {
        String[] f = message.split(" ", 7);
        Session session = sessions.get(Long.parseLong(f[3]));
        Member to = session == null ? null : session.member;
        if (to == null || to.gone()) {
            return; // it left: the message is in the pair's history
        }
        long id = Long.parseLong(f[1]);
        long time = Long.parseLong(f[2]);
        String plain = ServerLine.privateMessage(f[4], f[6]);
        metrics.delivered(1);
        ChatHistory.onLoop(to, () -> to.send(to.tags() ? Tags.tag(Tags.message(id, time, null, f[5], null), plain) : plain));
    }

    // ---- who is here ----

    @Override
    public CompletableFuture<List<String>> who(Room room) {
        if (!ready) {
            return CompletableFuture.completedFuture(localNames(room));
        }
        CompletableFuture<List<Object>> answer = WHO.run(redis, NO_KEYS, Names.key(room.name()));
        return answer.thenApply(found -> {
            List<String> names = new ArrayList<>(found.size());
            for (Object name : found) {
                names.add((String) name);
            }
            return names;
        }).exceptionally(failed -> localNames(room));
    }

    private static List<String> localNames(Room room) {
        List<String> names = new ArrayList<>();
        for (Member m : room.members()) {
            if (m.name() != null) {
                names.add(m.name());
            }
        }
        return names;
    }

    @Override
    public CompletableFuture<List<RoomCount>> rooms() {
        if (!ready) {
            return CompletableFuture.completedFuture(localRooms());
        }
        CompletableFuture<List<Object>> answer = ROOMS.run(redis, NO_KEYS);
        return answer.thenApply(found -> {
            List<RoomCount> rooms = new ArrayList<>(found.size() / 2);
            for (int i = 0; i + 1 < found.size(); i += 2) {
                rooms.add(new RoomCount((String) found.get(i), ((Long) found.get(i + 1)).intValue()));
            }
            rooms.sort((a, b) -> Names.key(a.name()).compareTo(Names.key(b.name())));
            return rooms;
        }).exceptionally(failed -> localRooms());
    }

    private List<RoomCount> localRooms() {
        List<RoomCount> rooms = new ArrayList<>();
        for (Room room : hub.rooms()) {
            rooms.add(new RoomCount(room.name(), room.size()));
        }
        return rooms;
    }

    @Override
    public Status status() {
        return new Status(kind(), ready, nodes, ready ? null : lastError);
    }

    // ---- the link to Redis ----

    /** Tracks both connections: either one down cuts this server off; both up again, it joins again. */
    private final class ConnectionWatch implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
            if (handler == connection) {
                commandsUp = true;
            } else if (handler == pubsub) {
                pubsubUp = true;
            } else {
                return;
            }
            if (commandsUp && pubsubUp && !ready && !closing && hub != null) {
                rejoin();
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
            if (handler == connection) {
                commandsUp = false;
            } else if (handler == pubsub) {
                pubsubUp = false;
            } else {
                return;
            }
            cutOff("connection to Redis lost");
        }
    }

    private synchronized void cutOff(String reason) {
        lastError = reason;
        if (ready && !closing) {
            ready = false;
            cutOffSinceNanos = System.nanoTime();
            lastCutOffLogNanos = cutOffSinceNanos;
            log.warn("cut off from Redis at {} ({}): serving this server's members only; their room lines reach no "
                    + "other server and are not kept until Redis is back", safe(uri), reason);
        }
    }

    /** While cut off, a line every 30 seconds, not one per attempt to reconnect. */
    private void stillCutOff() {
        long now = System.nanoTime();
        if (wasReady && !ready && now - lastCutOffLogNanos >= TimeUnit.SECONDS.toNanos(30)) {
            lastCutOffLogNanos = now;
            log.warn("still cut off from Redis at {} for {} ({}); reconnecting", safe(uri),
                    Durations.format(Duration.ofNanos(now - cutOffSinceNanos).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                    lastError);
        }
    }

    /**
     * Joins the chat, at start and after being cut off: says this server is alive, tells what it
     * could not tell meanwhile, takes its sessions' names and places again (a name another server
     * took meanwhile is lost: its session is closed), subscribes its rooms again (each reads back
     * what it missed once subscribed) and is then part of the chat.
     */
    private CompletableFuture<Void> rejoin() {
        if (!rejoining.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = loadScripts()
                .thenCompose(ignored -> heartbeat())
                .thenCompose(ignored -> tellWhatWaited())
                .thenCompose(ignored -> reassertSessions())
                .thenCompose(ignored -> {
                    List<String> channels = new ArrayList<>();
                    channels.add(nodeChannel);
                    for (RoomLink link : links.values()) {
                        channels.add(link.channel);
                    }
                    return pubsub.async().subscribe(channels.toArray(String[]::new)).toCompletableFuture();
                });
        return done.whenComplete((ignored, failed) -> {
            rejoining.set(false);
            if (failed != null) {
                lastError = "joining the chat failed: " + describe(failed);
                log.debug("joining the chat failed: {}", failed.toString());
                if (!closing && commandsUp && pubsubUp) {
                    try {
                        loops.next().schedule(this::rejoin, 1, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException stopping) {
                        // stopping
                    }
                }
                return;
            }
            if (commandsUp && pubsubUp && !closing) {
                ready = true;
                readySinceNanos = System.nanoTime();
                lastError = null;
                if (wasReady) {
                    meters.reconnected();
                    log.info("back in the chat through Redis at {} after {}", safe(uri), Durations.format(
                            Duration.ofNanos(System.nanoTime() - cutOffSinceNanos).truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
                }
                wasReady = true;
            }
        });
    }

    private CompletableFuture<Void> tellWhatWaited() {
        List<CompletableFuture<?>> told = new ArrayList<>();
        for (Map.Entry<Long, String> e : leavesToTell.entrySet()) {
            told.add(LEAVE.run(redis, NO_KEYS, e.getValue(), node, Long.toString(e.getKey())));
            leavesToTell.remove(e.getKey(), e.getValue());
        }
        for (Map.Entry<Long, String> e : releasesToTell.entrySet()) {
            told.add(RELEASE.run(redis, NO_KEYS, e.getValue(), node, Long.toString(e.getKey())));
            releasesToTell.remove(e.getKey(), e.getValue());
        }
        return CompletableFuture.allOf(told.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> reassertSessions() {
        List<CompletableFuture<?>> told = new ArrayList<>();
        long now = clock.millis();
        for (Session session : sessions.values()) {
            Member member = session.member;
            String name = member.name();
            if (name == null) {
                continue;
            }
            long held = 0;
            if (member.gone()) {
                held = session.heldUntil - now;
                if (held <= 0) {
                    continue; // its hold is over: the timer frees it
                }
            }
            Room room = member.gone() ? null : member.room();
            String token = member.token() == null ? "-" : member.token();
            CompletableFuture<String> answer = REASSERT.run(redis, NO_KEYS, Names.key(name), Names.skeleton(name), name,
                    node, Long.toString(member.session()), token, Long.toString(held),
                    room == null ? "" : Names.key(room.name()), room == null ? "" : Names.skeleton(room.name()),
                    room == null ? "" : room.name());
            told.add(answer.thenAccept(result -> {
                if ("lost".equals(result)) {
                    lost(member, name);
                }
            }));
        }
        return CompletableFuture.allOf(told.toArray(CompletableFuture[]::new));
    }

    /** Another server's session took the name of one of ours while we were cut off: ours goes. */
    private void lost(Member member, String name) {
        sessions.remove(member.session());
        log.info("{}: name {} was claimed on another server while this one was cut off; closing the session", member, name);
        ChatHistory.onLoop(member, () -> {
            hub.release(member);
            if (!member.gone()) {
                member.leaveReason("name lost");
                member.send(ServerLine.error("your name " + name + " was claimed on another server while this one was "
                        + "cut off from the chat; connect again and claim a name"));
                member.close();
            }
        });
    }

    /** Every script into Redis' cache (see {@link Script#load}), before any of them is run in the chat. */
    private CompletableFuture<Void> loadScripts() {
        return CompletableFuture.allOf(SCRIPTS.stream().map(script -> script.load(redis)).toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> heartbeat() {
        CompletableFuture<List<Object>> answer = HEARTBEAT.run(redis, NO_KEYS, node, Long.toString(horizonMillis));
        return answer.thenAccept(result -> {
            nodes = ((Long) result.get(1)).intValue();
            if ((Long) result.get(0) == 1 && ready && !rejoining.get()) {
                // Silent past the horizon (a long pause, a cut the connection did not notice):
                // the others took this server for dead and removed its members.
                ready = false;
                lastError = "taken for dead by the other servers";
                log.warn("the other servers took this one for dead (silent for more than {}); joining again",
                        Durations.format(Duration.ofMillis(horizonMillis)));
                rejoin();
            }
        });
    }

    /** Every sixth of --node-timeout: alive; and, once long enough in the chat, removes dead servers. */
    private void tick() {
        stillCutOff();
        if (closing || !commandsUp || rejoining.get()) {
            return;
        }
        heartbeat().thenRun(() -> {
            if (ready && System.nanoTime() - readySinceNanos >= TimeUnit.MILLISECONDS.toNanos(horizonMillis)) {
                CompletableFuture<Long> reaped = REAP.run(redis, NO_KEYS, node);
                reaped.thenAccept(n -> {
                    if (n > 0) {
                        meters.reaped(n.intValue());
                        log.info("removed {} server(s) silent for more than {}: their names are free and their members "
                                + "have left", n, Durations.format(Duration.ofMillis(horizonMillis)));
                    }
                });
            }
        }).exceptionally(failed -> {
            log.debug("heartbeat failed: {}", failed.toString());
            return null;
        });
    }

    /** Age retention: once a second, one server (whichever takes the lock) trims a page of logs. */
    private void sweep() {
        if (!ready || closing) {
            return;
        }
        redis.set(SWEEP_LOCK, node, SetArgs.Builder.nx().px(900)).toCompletableFuture().thenCompose(ok -> {
            if (!"OK".equals(ok)) {
                return CompletableFuture.completedFuture(null);
            }
            return redis.scan(ScanCursor.of(sweepCursor), ScanArgs.Builder.matches("parley:{*}:log").limit(200))
                    .toCompletableFuture().thenCompose(this::sweep);
        }).exceptionally(failed -> {
            log.debug("history sweep failed: {}", failed.toString());
            return null;
        });
    }

    private CompletableFuture<Void> sweep(KeyScanCursor<String> page) {
        sweepCursor = page.isFinished() ? ScanCursor.INITIAL.getCursor() : page.getCursor();
        String cutoff = Long.toString(clock.millis() - retention.maxAge().toMillis());
        List<CompletableFuture<?>> trims = new ArrayList<>();
        for (String log : page.getKeys()) {
            CompletableFuture<Long> trimmed = SWEEP.run(redis, new String[] {log}, cutoff);
            trims.add(trimmed.thenAccept(n -> {
                if (n > 0) {
                    metrics.history().deleted(n);
                }
            }));
        }
        return CompletableFuture.allOf(trims.toArray(CompletableFuture[]::new));
    }

    // ---- the subscription ----

    private final class Subscriptions extends RedisPubSubAdapter<String, String> {
        @Override
        public void message(String channel, String message) {
            try {
                if (channel.startsWith(ROOM_CHANNEL)) {
                    RoomLink link = links.get(channel.substring(ROOM_CHANNEL.length()));
                    if (link != null) {
                        link.arrived(Incoming.parse(message));
                    }
                } else if (channel.equals(nodeChannel)) {
                    nodeMessage(message);
                }
            } catch (RuntimeException e) {
                log.warn("cannot handle a message on {}: {}", channel, e.toString());
            }
        }

        @Override
        public void subscribed(String channel, long count) {
            if (channel.startsWith(ROOM_CHANNEL)) {
                RoomLink link = links.get(channel.substring(ROOM_CHANNEL.length()));
                if (link != null) {
                    link.subscribed();
                }
            }
        }
    }

    private void nodeMessage(String message) {
        if (message.startsWith("p ")) {
            privateArrived(message);
        } else if (message.startsWith("d ")) {
            Session session = sessions.get(Long.parseLong(message.substring(2).trim()));
            if (session != null && !session.member.gone()) {
                session.member.displace(); // resumed on another server with its token
            }
        }
    }

    /** A room line ({@code m ID TIME SERVER SESSION SENDER TEXT}) or notice ({@code n SERVER SESSION LINE}) from a room's channel. */
    record Incoming(long id, long time, String node, long session, String sender, String text, String notice) {
        static Incoming parse(String message) {
            if (message.startsWith("n ")) {
                String[] f = message.split(" ", 4);
                return new Incoming(0, 0, f[1], Long.parseLong(f[2]), null, null, f[3]);
            }
            String[] f = message.split(" ", 7);
            return new Incoming(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], Long.parseLong(f[4]), f[5], f[6], null);
        }

        static Incoming of(StreamMessage<String, String> entry) {
            Map<String, String> body = entry.getBody();
            String origin = body.getOrDefault("o", ":0");
            int colon = origin.lastIndexOf(':');
            return new Incoming(RedisHistoryStore.id(entry.getId()), Long.parseLong(body.get("t")),
                    origin.substring(0, colon), Long.parseLong(origin.substring(colon + 1)), body.get("s"), body.get("x"), null);
        }

        boolean isNotice() {
            return notice != null;
        }
    }

    /**
     * This server's end of one room: the channel it is subscribed to, the last id it delivered,
     * and the lines that wait (before the room's start is known, or while missed lines are read
     * back). Lines reach the {@link Room} in id order, each once. Guarded by itself.
     */
    private final class RoomLink {
        final String key;
        final String conversation;
        final String channel;
        /** The room object lines go to; null once the room closed on this server. */
        volatile Room room;
        private CompletableFuture<Long> roomBound;
        private final CompletableFuture<Long> started = new CompletableFuture<>();
        private boolean starting;
        private boolean filling;
        private final ArrayDeque<Incoming> waiting = new ArrayDeque<>();
        volatile long lastId;

        RoomLink(String key) {
            this.key = key;
            this.conversation = "#" + key;
            this.channel = ROOM_CHANNEL + key;
        }

        /**
         * Lines go to {@code room} from now. Its members get the lines delivered so far (up to the
         * last id now, or the room's start id) as replay: that is their bound.
         */
        synchronized void serve(Room next) {
            if (room != next) {
                room = next;
                roomBound = started.isDone() ? CompletableFuture.completedFuture(lastId) : started;
            }
        }

        synchronized CompletableFuture<Long> boundFor(Room r) {
            return room == r ? roomBound : null;
        }

        /** Subscribes to the room's channel; if that fails while connected, again a second later (when cut off, joining again does it). */
        void subscribe() {
            if (!pubsubUp) {
                return;
            }
            pubsub.async().subscribe(channel).toCompletableFuture().whenComplete((ok, failed) -> {
                if (failed != null && pubsubUp && !closing) {
                    log.debug("subscription to {} failed: {}", channel, failed.toString());
                    try {
                        loops.next().schedule(() -> {
                            if (links.get(key) == this && !started.isDone()) {
                                subscribe();
                            }
                        }, 1, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException stopping) {
                        // stopping
                    }
                }
            });
        }

        /** The subscription is confirmed (at first, or again after a reconnect): from here every line arrives. */
        synchronized void subscribed() {
            if (started.isDone()) {
                recover();
            } else if (!starting) {
                starting = true;
                redis.hget(RedisHistoryStore.meta(conversation), "id").toCompletableFuture().whenComplete((id, failed) -> {
                    synchronized (this) {
                        starting = false;
                        if (failed != null) {
                            retryLater();
                            return;
                        }
                        // Lines up to here reach this server's members as replay; later ones live.
                        lastId = Math.max(lastId, id == null ? 0 : Long.parseLong(id));
                        started.complete(lastId);
                        deliverWaiting(true);
                    }
                });
            }
        }

        void arrived(Incoming in) {
            synchronized (this) {
                waiting.add(in);
                if (started.isDone() && !filling) {
                    deliverWaiting(true);
                }
            }
        }

        /**
         * Delivers what waits, in order. A line past the next id means lines were missed: they
         * are read back first ({@code mayRecover}), or, right after reading back, given up (the
         * stream no longer has them).
         */
        private void deliverWaiting(boolean mayRecover) {
            while (!waiting.isEmpty()) {
                Incoming in = waiting.peek();
                if (!in.isNotice() && in.id() > lastId + 1 && mayRecover) {
                    recover();
                    return;
                }
                waiting.poll();
                deliver(in);
            }
        }

        /** Reads back from the stream what came after the last id delivered. */
        private void recover() {
            if (filling) {
                return;
            }
            filling = true;
            history.entries(conversation, lastId, RECOVER_PAGE).whenComplete((entries, failed) -> {
                synchronized (this) {
                    filling = false;
                    if (failed != null) {
                        retryLater();
                        return;
                    }
                    int recovered = 0;
                    for (StreamMessage<String, String> entry : entries) {
                        Incoming in = Incoming.of(entry);
                        if (in.id() > lastId) {
                            deliver(in);
                            recovered++;
                        }
                    }
                    if (recovered > 0) {
                        meters.recovered(recovered);
                    }
                    if (entries.size() == RECOVER_PAGE) {
                        recover();
                    } else {
                        deliverWaiting(false);
                    }
                }
            });
        }

        private void retryLater() {
            try {
                loops.next().schedule(() -> {
                    if (links.get(key) == this && !closing) {
                        subscribed();
                    }
                }, 1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // stopping
            }
        }

        private void deliver(Incoming in) {
            Room r = room;
            boolean own = node.equals(in.node());
            if (in.isNotice()) {
                if (r != null && !(own && in.session() < 0)) {
                    r.broadcast(ServerLine.encode(hub.alloc(), in.notice()), own ? member(in.session()) : null);
                }
                return;
            }
            if (in.id() <= lastId) {
                return; // delivered already (read back, then arrived)
            }
            lastId = in.id();
            meters.received(clock.millis() - in.time());
            if (r != null) {
                r.deliver(new StoredMessage(in.id(), conversation, in.time(), in.sender(), null, in.text()),
                        own ? member(in.session()) : null);
            }
        }
    }

    /** The member of this server with that session, if it holds a name. */
    private Member member(long session) {
        Session s = sessions.get(session);
        return s == null ? null : s.member;
    }

    // ---- stopping ----

    /**
     * Leaves the chat (this server's names are free, its members leave their rooms and the rooms
     * are told) and closes the connections. Call from a thread that may block, before the event
     * loops stop.
     */
    @Override
    public void close() {
        close(CLOSE_MILLIS);
    }

    /**
     * As {@link #close()}, within about {@code timeoutMillis} (at least {@link #MIN_CLOSE_MILLIS}):
     * telling the others gets up to half of it, and when Redis does not answer in time they find
     * out within {@code --node-timeout}.
     */
    @Override
    public void close(long timeoutMillis) {
        if (closing) {
            return;
        }
        closing = true;
        ready = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(MIN_CLOSE_MILLIS, timeoutMillis));
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        if (commandsUp && redis != null) {
            try {
                LEAVE_NODE.run(redis, NO_KEYS, node, "server shutting down")
                        .get(Math.min(LEAVE_MILLIS, millisLeft(deadline) / 2), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.info("could not tell the other servers that this one stops ({}): they will find out within {}",
                        describe(e), Durations.format(nodeTimeout));
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {pubsub, connection}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing anyway
                }
            }
        }
        client.shutdown(0, Math.max(1, millisLeft(deadline) / 2), TimeUnit.MILLISECONDS);
        resources.shutdown(0, Math.max(1, millisLeft(deadline)), TimeUnit.MILLISECONDS);
    }

    private static long millisLeft(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    // ---- helpers ----

    private static void quietly(CompletableFuture<?> command) {
        command.exceptionally(failed -> {
            log.debug("Redis command failed: {}", failed.toString());
            return null;
        });
    }

    /** A random server id: 10 characters of [0-9a-z]. */
    private static String newNodeId() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            id.append(Character.forDigit(random.nextInt(36), 36));
        }
        return id.toString();
    }

    /** The URI without its password, for the log. */
    static String safe(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort()
                + (uri.getDatabase() != 0 ? "/" + uri.getDatabase() : "");
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (cause.getCause() != null && cause.getCause().getMessage() != null) {
            message = message + ": " + cause.getCause().getMessage();
        }
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
