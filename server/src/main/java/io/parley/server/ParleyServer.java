package io.parley.server;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.parley.protocol.LineMode;
import io.parley.protocol.LockStepAnswers;
import io.parley.protocol.ServerLine;
import io.parley.protocol.Transports;
import io.parley.server.admin.AdminHttpHandler;
import io.parley.server.admin.AdminHttpInitializer;
import io.parley.server.admin.Health;
import io.parley.server.chat.ChatHistory;
import io.parley.server.chat.ChatHub;
import io.parley.server.chat.ChatService;
import io.parley.server.chat.Cluster;
import io.parley.server.chat.LocalCluster;
import io.parley.server.chat.cluster.RedisCluster;
import io.parley.server.chat.history.HistoryStore;
import io.parley.server.chat.history.HistoryStoreException;
import io.parley.server.chat.history.MemoryHistoryStore;
import io.parley.server.chat.history.Retention;
import io.parley.server.chat.history.SqliteHistoryStore;
import io.parley.server.limits.ConnectThrottle;
import io.parley.server.limits.ConnectionLimiter;
import io.parley.server.limits.FloodControl;
import io.parley.server.limits.OpenFiles;
import io.parley.server.limits.RefusalLog;
import io.parley.server.metrics.ServerMetrics;
import io.parley.server.tcp.QueuedLines;
import io.parley.server.tcp.TcpChatInitializer;
import io.parley.server.tcp.TcpSessionHandler;
import io.parley.server.time.TimeServiceInitializer;
import io.parley.server.time.TimeTeller;
import io.parley.server.tls.TlsContexts;
import io.parley.server.udp.UdpChatHandler;
import io.parley.server.udp.UdpChatInitializer;
import io.parley.server.unix.UnixSocketFile;
import java.io.IOException;
import java.net.BindException;
import io.parley.server.web.WebChatInitializer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Clock;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Parley server: its event loops, listeners and chat. Start, then stop; not restartable. */
public final class ParleyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);

    private final ServerConfig config;
    private final Transports transport;
    private final EventLoopGroup group;
    private final ChatService chat;
    private final HistoryStore history;
    private final Cluster cluster;
    /** With --redis: this server is one of several; else null. */
    private final RedisCluster redisCluster;
    private final ConnectionLimiter limiter;
    private final RefusalLog refusals;
    /** The process's open-file limit at start (-1: unknown) and the connection cap that fits under it. */
    private final long openFileLimit;
    private final int maxConnections;
    private EventLoopGroup adminGroup;
    private ScheduledFuture<?> refusalSummaries;
    private final ChannelGroup connections = new DefaultChannelGroup("tcp-connections", GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();
    private final ServerMetrics metrics = ServerMetrics.forServer();
    private final long startedNanos = System.nanoTime();
    private final Clock clock;
    private Channel tlsListener;
    private Channel unixListener;
    /** Where the Unix socket was bound before it was linked to its path; null if bound in place. */
    private Path unixStaging;
    /** The Unix socket file this server put at its path, so that shutdown removes only that one. */
    private Object unixSocketKey;
    private SslContext tlsContext;
    private Channel webListener;
    private Channel webTlsListener;
    private Channel adminListener;
    private Channel udpChat;
    private Channel timeService;
    private volatile boolean stopped;

    public ParleyServer(ServerConfig config) {
        this(config, Clock.systemDefaultZone());
    }

    /** {@code clock} is the server's time: the time service, {@code /time} and UDP idle expiry. */
    public ParleyServer(ServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.transport = config.transport();
        MultiThreadIoEventLoopGroup loops = transport.newGroup(config.ioThreads());
        this.group = loops;
        if (config.redis() != null) {
            // One of several servers: names, rooms and the history live in Redis.
            this.redisCluster = new RedisCluster(config.redis(), config.nodeTimeout(),
                    new Retention(config.historyKeep(), config.historyMaxAge()), clock, metrics, loops, transport,
                    loops.executorCount());
            this.history = redisCluster.history();
        } else {
            this.redisCluster = null;
            this.history = newHistoryStore(config, clock, metrics);
        }
        ChatHub hub = new ChatHub(PooledByteBufAllocator.DEFAULT, metrics,
                new ChatHistory(history, clock, config.replay()));
        metrics.bindChat(hub);
        metrics.history().bind(history::queued, () -> history.status().failing());
        this.cluster = redisCluster != null ? redisCluster : new LocalCluster(hub);
        this.chat = new ChatService(hub, new FloodControl(config.rateLimit(), config.rateBurst(), System::nanoTime),
                new TimeTeller(clock), config.logMessages(), config.nameHold(), cluster);
        chat.batchPresenceNotices(config.noticeBatchAbove(), config.noticeBatchInterval());
        this.openFileLimit = OpenFiles.limit();
        this.maxConnections = OpenFiles.connectionCap(config.maxConnections(), openFileLimit, OpenFiles.open());
        this.refusals = new RefusalLog(metrics::connectionRefused, System::nanoTime);
        ConnectThrottle throttle = new ConnectThrottle(config.connectRate(), config.connectBurst(),
                config.connectExempt(), System::nanoTime);
        this.limiter = new ConnectionLimiter(config.maxPerIp(), maxConnections, config.ipExempt(), throttle, refusals);
        chat.claimThrottle(member -> limiter.refuseNameChange(member.remoteAddress()));
    }

    /** Refused connections are logged as one summary per address every this many seconds. */
    static final int REFUSAL_SUMMARY_SECONDS = 10;

    private void logConnectionCap() {
        if (maxConnections < config.maxConnections()) {
            log.warn("open-file limit {} allows {} connections, not --max-connections {}: {} descriptors are open and {}"
                            + " kept free for listeners, logs, admin and storage; raise the limit (ulimit -n, LimitNOFILE)"
                            + " for more", openFileLimit, maxConnections, config.maxConnections(), OpenFiles.open(),
                    OpenFiles.HEADROOM);
        } else if (openFileLimit >= 0) {
            log.info("open-file limit {}: up to {} connections (--max-connections)", openFileLimit, maxConnections);
        }
    }

    /** The store --history names, with the retention of --history-keep and --history-max-age. */
    private static HistoryStore newHistoryStore(ServerConfig config, Clock clock, ServerMetrics metrics) {
        Retention retention = new Retention(config.historyKeep(), config.historyMaxAge());
        return ServerConfig.HISTORY_MEMORY.equals(config.history())
                ? new MemoryHistoryStore(retention, clock, metrics.history())
                : new SqliteHistoryStore(config.dataDir(), retention, clock, metrics.history());
    }

    public ParleyServer start() throws InterruptedException {
        if (redisCluster != null) {
            redisCluster.start(chat.hub()); // before listening: a Redis that cannot be reached stops the start
        }
        logConnectionCap();
        try {
            history.open(); // before listening: a store that cannot work stops the start with its reason
        } catch (HistoryStoreException e) {
            throw new IllegalStateException("cannot keep the history: " + e.getMessage()
                    + " (see --data-dir; --history memory keeps it in memory only)", e);
        }
        ServerBootstrap tcp = streamBootstrap()
                .childHandler(new TcpChatInitializer(chat, connections, config, limiter));
        Channel channel = bind(tcp, chatAddress(config.port()), "TCP chat", "--port", "--host");
        listeners.add(channel);
        log.info("Parley listening for TCP chat on {} ({})", channel.localAddress(), transport.label());
        if (config.tlsPort() != null) {
            startTls();
        }
        if (config.unixSocket() != null) {
            startUnix();
        }
        udpChat = bindDatagrams(config.udpPort(), "UDP chat",
                config.udpPortSet() ? "--udp-port" : "--udp-port (which follows --port unless set)",
                new UdpChatInitializer(chat, clock, config.maxDatagramBytes(), config.udpIdle(), config.maxConnections(),
                        limiter));
        log.info("Parley listening for UDP chat on {}", udpChat.localAddress());
        timeService = bindDatagrams(config.timePort(), "UDP time", "--time-port",
                new TimeServiceInitializer(chat.time(), config.maxDatagramBytes(), clock, metrics));
        log.info("Parley answering UDP time requests on {}", timeService.localAddress());
        if (config.adminPort() != ServerConfig.ADMIN_OFF) {
            startAdmin();
        }
        startWeb();
        refusalSummaries = group.next().scheduleAtFixedRate(refusals::flush, REFUSAL_SUMMARY_SECONDS,
                REFUSAL_SUMMARY_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    private ServerBootstrap streamBootstrap() {
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                // One allocator for the whole server, the chat's: per-thread caches make the send
                // buffer each recipient gets per loop iteration cheap, and line copies are memcpy.
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.TCP_NODELAY, config.tcpNoDelay())
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.sendQueueBytes() / 2, config.sendQueueBytes()));
    }

    /**
     * Binds, or fails with a message that says what could not listen where, and which flag moves it:
     * {@code portFlag} for an address in use, {@code hostFlag} too for anything else.
     */
    private static Channel bind(AbstractBootstrap<?, ?> bootstrap, SocketAddress address, String what,
                                String portFlag, String hostFlag) throws InterruptedException {
        try {
            return bootstrap.bind(address).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(bindFailure(what, address, e, portFlag, hostFlag), e);
        }
    }

    static String bindFailure(String what, SocketAddress address, Exception e, String portFlag, String hostFlag) {
        String where = address instanceof InetSocketAddress inet ? hostAndPort(inet) : String.valueOf(address);
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        boolean inUse = e instanceof BindException || why.contains("in use");
        String advice = !inUse ? "check " + hostFlag + " and " + portFlag
                : "another server (or another program) is using it; choose another "
                        + (address instanceof InetSocketAddress ? "port" : "path") + " with " + portFlag;
        return "cannot listen for " + what + " on " + where + ": " + why + "; " + advice;
    }

    private InetSocketAddress chatAddress(int port) {
        return config.host() == null ? new InetSocketAddress(port) : new InetSocketAddress(config.host(), port);
    }

    /** The TLS listener: the same chat, the same line stages, behind an SslHandler. */
    private void startTls() throws InterruptedException {
        ServerBootstrap bootstrap = streamBootstrap()
                .childHandler(new TcpChatInitializer(chat, connections, config, limiter, tlsContext()));
        tlsListener = bind(bootstrap, chatAddress(config.tlsPort()), "TLS chat", "--tls-port", "--host");
        listeners.add(tlsListener);
        log.info("Parley listening for TLS chat on {}", tlsListener.localAddress());
    }

    /**
     * The Unix domain socket listener: the same line pipeline and chat as TCP. Per-address caps do
     * not apply (a Unix peer has no address; the file's mode says who may connect); the total cap does.
     */
    private void startUnix() throws InterruptedException {
        Path path = config.unixSocket();
        try {
            UnixSocketFile.prepare(path);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverDomainChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.sendQueueBytes() / 2, config.sendQueueBytes()))
                .childHandler(new TcpChatInitializer(chat, connections, config, limiter, null, "unix"));
        // Bound where nobody else can reach it, given its mode, then linked to its path: the bind
        // creates the file with the umask's mode, and nobody may connect through that.
        Path staging;
        try {
            staging = UnixSocketFile.stagingPath(path);
        } catch (UnsupportedOperationException e) {
            staging = null; // no POSIX permissions here: bound in place
        } catch (IOException e) {
            throw new IllegalStateException("--unix-socket " + path + ": cannot create a directory beside it: " + e, e);
        }
        Path bindAt = staging != null ? staging : path;
        Channel listener;
        try {
            listener = bootstrap.bind(transport.domainAddress(bindAt)).sync().channel();
        } catch (InterruptedException e) {
            discardStaging(staging);
            throw e;
        } catch (Exception e) {
            discardStaging(staging);
            throw new IllegalStateException(bindFailure("Unix socket chat", transport.domainAddress(path), e,
                    "--unix-socket", "--unix-socket"), e);
        }
        try {
            UnixSocketFile.applyMode(bindAt, config.unixSocketMode());
            if (staging != null) {
                UnixSocketFile.publish(staging, path);
            }
            unixSocketKey = UnixSocketFile.fileKey(path);
        } catch (FileAlreadyExistsException e) {
            listener.close().awaitUninterruptibly();
            discardStaging(staging);
            throw new IllegalStateException("--unix-socket " + path
                    + ": another process created that file while this server started; not replacing it", e);
        } catch (IOException | UnsupportedOperationException e) {
            listener.close().awaitUninterruptibly();
            discardStaging(staging);
            throw new IllegalStateException("cannot set --unix-socket-mode on " + path + ": " + e, e);
        }
        unixListener = listener;
        unixStaging = staging;
        listeners.add(listener);
        log.info("Parley listening for Unix socket chat on {} (mode {})", path,
                String.format("%04o", config.unixSocketMode()));
    }

    private static void discardStaging(Path staging) {
        if (staging != null) {
            UnixSocketFile.discardStaging(staging);
        }
    }

    /** The server's TLS context, made once from --tls-cert and --tls-key for every TLS listener. */
    private SslContext tlsContext() {
        if (tlsContext == null) {
            try {
                tlsContext = TlsContexts.server(config.tlsCert(), config.tlsKey());
            } catch (SSLException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot use --tls-cert " + config.tlsCert() + " with --tls-key "
                        + config.tlsKey() + ": " + e.getMessage(), e);
            }
        }
        return tlsContext;
    }

    /**
     * The chat page and its WebSocket: over HTTP on --web-port, over HTTPS on --web-tls-port. Browser
     * members are in the same rooms, under the same limits, as everyone else.
     */
    private void startWeb() throws InterruptedException {
        if (config.webPort() != ServerConfig.WEB_OFF) {
            webListener = bind(streamBootstrap()
                    .childHandler(new WebChatInitializer(chat, connections, config, limiter, null)),
                    chatAddress(config.webPort()), "the chat page", "--web-port", "--host");
            listeners.add(webListener);
            log.info("Parley listening for browsers on {}", pageUrl("http", webListener));
        }
        if (config.webTlsPort() != null) {
            webTlsListener = bind(streamBootstrap()
                    .childHandler(new WebChatInitializer(chat, connections, config, limiter, tlsContext())),
                    chatAddress(config.webTlsPort()), "the chat page over TLS", "--web-tls-port", "--host");
            listeners.add(webTlsListener);
            log.info("Parley listening for browsers on {}", pageUrl("https", webTlsListener));
        }
    }

    /** The address to open in a browser; on all interfaces, the loopback one. */
    private static String pageUrl(String scheme, Channel listener) {
        InetSocketAddress address = (InetSocketAddress) listener.localAddress();
        return address.getAddress().isAnyLocalAddress()
                ? scheme + "://127.0.0.1:" + address.getPort() + "/ (all interfaces)"
                : scheme + "://" + hostAndPort(listener) + "/";
    }

    /**
     * /health and /metrics over HTTP, on an event loop of their own, so that they answer however
     * busy the chat keeps the others.
     */
    private void startAdmin() throws InterruptedException {
        AdminHttpHandler handler = new AdminHttpHandler(this::health, metrics.prometheus());
        adminGroup = transport.newGroup(1);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(adminGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new AdminHttpInitializer(handler));
        adminListener = bind(bootstrap, new InetSocketAddress(config.adminHost(), config.adminPort()), "admin HTTP",
                "--admin-port", "--admin-host");
        log.info("Parley admin endpoints on http://{}/health and /metrics", hostAndPort(adminListener));
    }

    private static String hostAndPort(Channel channel) {
        return hostAndPort((InetSocketAddress) channel.localAddress());
    }

    private static String hostAndPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** What /health reports: up until {@link #stop} begins. */
    public Health health() {
        return new Health(!stopped, metrics.connections(), chat.hub().nameCount(), chat.hub().roomCount(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos), history.status(), cluster.status());
    }

    private Channel bindDatagrams(int port, String what, String portFlag, ChannelInitializer<Channel> initializer)
            throws InterruptedException {
        Bootstrap udp = new Bootstrap()
                .group(group)
                .channel(transport.datagramChannel())
                // One byte more than the limit, so that an oversized datagram arrives too long
                // (and is refused) rather than silently cut to a legal size.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(config.maxDatagramBytes() + 1))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.sendQueueBytes() / 2, config.sendQueueBytes()))
                .handler(initializer);
        return bind(udp, chatAddress(port), what, portFlag, "--host");
    }

    /** The port the TCP chat listener actually bound (useful with port 0). */
    public int tcpPort() {
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    /** The port the TLS listener bound; -1 when there is none. */
    public int tlsPort() {
        return tlsListener == null ? -1 : ((InetSocketAddress) tlsListener.localAddress()).getPort();
    }

    /** The Unix socket file chat listens on; null when there is none. */
    public Path unixSocket() {
        return unixListener == null ? null : config.unixSocket();
    }

    /** The port of the chat page (HTTP); -1 when it is off. */
    public int webPort() {
        return webListener == null ? -1 : ((InetSocketAddress) webListener.localAddress()).getPort();
    }

    /** The port of the chat page over TLS (HTTPS); -1 when there is none. */
    public int webTlsPort() {
        return webTlsListener == null ? -1 : ((InetSocketAddress) webTlsListener.localAddress()).getPort();
    }

    /** The port of the admin HTTP endpoints; -1 when they are off. */
    public int adminPort() {
        return adminListener == null ? -1 : ((InetSocketAddress) adminListener.localAddress()).getPort();
    }

    /** The port the UDP chat channel actually bound. */
    public int udpPort() {
        return ((InetSocketAddress) udpChat.localAddress()).getPort();
    }

    /** The port the UDP time service actually bound. */
    public int timePort() {
        return ((InetSocketAddress) timeService.localAddress()).getPort();
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public ChatService chat() {
        return chat;
    }

    public int connectionCount() {
        return connections.size();
    }

    /** The cap on connections: --max-connections, lowered to fit the open-file limit. */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * Stops accepting, tells every client the server is going away, closes all connections and
     * ends the event loops, within about {@code timeoutMillis} (a cluster's goodbye to Redis gets
     * at least 0.3 s, so a stop that has less left takes up to that much longer).
     */
    public void stop(long timeoutMillis) {
        if (stopped) {
            return;
        }
        stopped = true; // from here /health answers 503
        chat.shuttingDown();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (unixListener != null) {
            // While the listener is open it holds its file's inode, so no other file has its key.
            UnixSocketFile.remove(config.unixSocket(), unixSocketKey);
        }
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(remaining(deadline) / 4);
        }
        if (unixListener != null) {
            discardStaging(unixStaging); // after the listener's close, which may remove its address in there
        }
        if (refusalSummaries != null) {
            refusalSummaries.cancel(false);
        }
        sayGoodbye(deadline);
        stopDatagrams(deadline);
        // Clients that were told close their end on seeing ours end; the rest are closed now.
        connections.newCloseFuture().awaitUninterruptibly(Math.min(LINGER_MILLIS, remaining(deadline) / 3));
        connections.close().awaitUninterruptibly(remaining(deadline) / 2);
        refusals.flush();
        if (adminGroup != null) {
            adminGroup.shutdownGracefully(0, 1, TimeUnit.MILLISECONDS);
        }
        // before the loops stop: a shared cluster's connections live on them; the loops keep half
        cluster.close(remaining(deadline) / 2);
        group.shutdownGracefully(0, Math.max(1, remaining(deadline)), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(remaining(deadline));
        if (adminGroup != null) {
            adminGroup.terminationFuture().awaitUninterruptibly(remaining(deadline));
        }
        history.close(); // the loops are done: what they handed over is written, then the file closed
        metrics.close();
        log.info("Parley stopped");
    }

    /**
     * Tells every connection the server is stopping, however busy it is. The chat already ignores
     * new lines ({@link ChatService#shuttingDown}); one task per event loop then stops reading from
     * all of that loop's connections and writes each the notice, so the loops' time goes to the
     * goodbyes and not to more chat. Waits, for most of what is left of the deadline, until every
     * notice has been handed to the kernel (a client that reads gets it after what was already
     * queued for it; one that does not read cannot be told anything).
     */
    private void sayGoodbye(long deadline) {
        Map<EventLoop, List<Channel>> byLoop = new HashMap<>();
        int count = 0;
        for (Channel channel : connections) {
            byLoop.computeIfAbsent(channel.eventLoop(), loop -> new ArrayList<>()).add(channel);
            count++;
        }
        CountDownLatch told = new CountDownLatch(count);
        ByteBuf goodbye = ServerLine.encode(PooledByteBufAllocator.DEFAULT, ServerLine.notice("server shutting down"));
        try {
            for (Map.Entry<EventLoop, List<Channel>> loop : byLoop.entrySet()) {
                List<Channel> channels = loop.getValue();
                ByteBuf shared = goodbye.retainedDuplicate();
                try {
                    loop.getKey().execute(() -> tellAll(channels, shared, told));
                } catch (RejectedExecutionException e) {
                    shared.release();
                    channels.forEach(c -> told.countDown());
                }
            }
        } finally {
            goodbye.release();
        }
        try {
            if (!told.await(remaining(deadline) * 3 / 4, TimeUnit.MILLISECONDS)) {
                log.info("{} of {} connections not told of the shutdown in time (not reading)", told.getCount(), count);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long, at most, told clients get to close their end before the server closes the rest. */
    static final long LINGER_MILLIS = 1000;

    /**
     * On one event loop: stop reading from its connections, then send each the shared goodbye,
     * ahead of the chat still queued for it (plain TCP). Once a plain TCP client's goodbye is
     * written, its connection is half-closed (the notice, then the end of the stream) and read
     * again, the lines ignored: a socket closed with unread input is reset, and a reset throws away
     * whatever the client had not received yet, the notice too. TLS and WebSocket connections end
     * with a close message of their own when they are closed.
     */
    private static void tellAll(List<Channel> channels, ByteBuf goodbye, CountDownLatch told) {
        try {
            for (Channel channel : channels) {
                channel.config().setAutoRead(false);
            }
            for (Channel channel : channels) {
                if (channel.isActive()) {
                    channel.pipeline().fireUserEventTriggered(TcpSessionHandler.Goodbye.SAID); // no more chat after it
                    QueuedLines.dropAllButFirst(channel); // the goodbye jumps ahead of a slow reader's backlog
                    if (channel.pipeline().get(LockStepAnswers.class) != null) {
                        // A lock-step client's answer waits for its next line, which will not be read
                        // now: what is held goes out at once, then the goodbye.
                        channel.pipeline().fireUserEventTriggered(LineMode.STREAMING);
                    }
                    channel.writeAndFlush(goodbye.retainedDuplicate()).addListener(f -> {
                        told.countDown();
                        if (f.isSuccess() && QueuedLines.plainLines(channel) && channel instanceof DuplexChannel duplex) {
                            duplex.shutdownOutput();
                            channel.config().setAutoRead(true);
                        }
                    });
                } else {
                    told.countDown();
                }
            }
        } finally {
            goodbye.release();
        }
    }

    /** UDP members are told, like TCP clients; then the datagram channels close. */
    private void stopDatagrams(long deadline) {
        if (udpChat != null) {
            UdpChatHandler handler = udpChat.pipeline().get(UdpChatHandler.class);
            if (handler != null) {
                handler.sayGoodbye().awaitUninterruptibly(remaining(deadline) / 4);
            }
            udpChat.close().awaitUninterruptibly(remaining(deadline) / 4);
        }
        if (timeService != null) {
            timeService.close().awaitUninterruptibly(remaining(deadline) / 4);
        }
    }

    @Override
    public void close() {
        stop(5000);
    }

    private static long remaining(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
