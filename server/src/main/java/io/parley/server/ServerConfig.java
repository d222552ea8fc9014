package io.parley.server;

import io.parley.protocol.DatagramLines;
import io.parley.protocol.LineFraming;
import io.parley.protocol.Transports;
import io.parley.server.limits.AddressBlocks;
import io.parley.server.web.WebOrigins;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Every server option, as a command-line flag. {@link ServerMain} mixes it in; tests and embedders
 * build one with {@link #parse(String...)}, using the same flags a user types. Each option can
 * also be set in a properties file named by {@code --config} (see {@link ConfigFileDefaults}); a
 * new option gets a commented line in {@code config/parley.properties} too.
 */
public final class ServerConfig {
    public static final int DEFAULT_PORT = 9090;
    public static final int DEFAULT_SEND_QUEUE_BYTES = 1 << 20;
    public static final int DEFAULT_TIME_PORT = 9091;
    public static final int DEFAULT_ADMIN_PORT = 9092;
    /** The --admin-port value that turns the admin endpoints off. */
    public static final int ADMIN_OFF = -1;
    public static final int DEFAULT_WEB_PORT = 9080;
    /** The --web-port value that turns the chat page and its WebSocket off. */
    public static final int WEB_OFF = -1;

    @Option(names = ConfigFileDefaults.OPTION, paramLabel = "FILE",
            description = "Properties file with option values (keys are option names without dashes); "
                    + "flags given on the command line override it.")
    Path configFile;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on (default: all interfaces).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT,
            description = "TCP chat port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-line", paramLabel = "BYTES", defaultValue = "" + LineFraming.DEFAULT_MAX_LINE_BYTES,
            description = "Longest line accepted; a longer one is discarded with an error (default: ${DEFAULT-VALUE}).")
    int maxLineBytes;

    @Option(names = "--send-queue", paramLabel = "BYTES", defaultValue = "" + DEFAULT_SEND_QUEUE_BYTES,
            description = "Bytes queued for a client that does not read before it is cut off (default: ${DEFAULT-VALUE}).")
    int sendQueueBytes;

    @Option(names = "--rate-limit", paramLabel = "LINES", defaultValue = "5",
            description = "Lines (messages and commands) a second each client may send after its burst; 0 turns flood control off (default: ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--rate-burst", paramLabel = "LINES", defaultValue = "10",
            description = "Lines a client may send at once before --rate-limit applies (default: ${DEFAULT-VALUE}).")
    int rateBurst;

    @Option(names = "--max-per-ip", paramLabel = "N", defaultValue = "16",
            description = "Connections and UDP members from one address (IPv6: one /64), counted together; 0 for no cap (default: ${DEFAULT-VALUE}).")
    int maxPerIp;

    @Option(names = "--ip-exempt", paramLabel = "BLOCKS", defaultValue = "127.0.0.0/8,::1/128",
            description = "Address blocks not subject to --max-per-ip, comma-separated, or 'none' (default: ${DEFAULT-VALUE}).")
    String ipExempt;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "50000",
            description = "Connections the server holds at once (TCP, TLS and Unix socket together), lowered at start to fit the "
                    + "open-file limit; and UDP chat members (counted apart) (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    // --- Connect throttle: new connections and name claims per address over time ---

    @Option(names = "--connect-rate", paramLabel = "N", defaultValue = "30",
            description = "New connections, new UDP members and name changes a minute from one address (IPv6: one /64) "
                    + "after --connect-burst; 0 turns the throttle off (default: ${DEFAULT-VALUE}).")
    double connectRate;

    @Option(names = "--connect-burst", paramLabel = "N", defaultValue = "16",
            description = "New connections and name changes one address may make at once before --connect-rate applies (default: ${DEFAULT-VALUE}).")
    int connectBurst;

    @Option(names = "--connect-exempt", paramLabel = "BLOCKS", defaultValue = "none",
            description = "Address blocks not subject to --connect-rate, comma-separated, or 'none'; loopback is "
                    + "throttled too unless listed (tests and benchmarks list it) (default: ${DEFAULT-VALUE}).")
    String connectExempt;

    private AddressBlocks connectExemptBlocks;

    @Option(names = "--name-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = Durations.class,
            description = "A connection that has not claimed a name by then is closed (default: ${DEFAULT-VALUE}).")
    Duration nameTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "5m", converter = Durations.class,
            description = "A connection that sends nothing for this long is closed; the console client pings to stay on (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
            description = "Event-loop threads; 0 means one per core (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--udp-port", paramLabel = "PORT",
            description = "UDP chat port, one NAME : TEXT datagram per message; 0 picks a free one (default: the --port number).")
    Integer udpPort;

    @Option(names = "--max-datagram", paramLabel = "BYTES", defaultValue = "" + DatagramLines.DEFAULT_MAX_DATAGRAM_BYTES,
            description = "Longest datagram accepted, chat or time; a longer chat datagram is answered with an error (default: ${DEFAULT-VALUE}).")
    int maxDatagramBytes;

    @Option(names = "--udp-idle", paramLabel = "DURATION", defaultValue = "5m", converter = Durations.class,
            description = "A UDP chat member silent this long (e.g. 300s, 5m, 250ms) leaves its room (default: ${DEFAULT-VALUE}).")
    Duration udpIdle;

    @Option(names = "--time-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_TIME_PORT,
            description = "UDP time service port: a datagram holding a strftime format is answered with the time; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int timePort;

    private AddressBlocks exemptBlocks;
    @Option(names = "--tls-port", paramLabel = "PORT",
            description = "TLS chat port next to the plain one; 0 picks a free one. Off when not set; needs --tls-cert and --tls-key.")
    Integer tlsPort;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate (chain) of the TLS listener.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "PEM private key of the TLS listener (PKCS#8, unencrypted).")
    Path tlsKey;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_ADMIN_PORT,
            description = "HTTP port of /health and /metrics; 0 picks a free one, -1 turns them off (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--admin-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address of the admin endpoints (default: ${DEFAULT-VALUE}).")
    String adminHost;

    // --- Web: the chat page and its WebSocket ---------------------------------------------------

    @Option(names = "--web-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_WEB_PORT,
            description = "HTTP port of the chat page (GET /) and its WebSocket (/ws); 0 picks a free one, -1 turns it off (default: ${DEFAULT-VALUE}).")
    int webPort;

    @Option(names = "--web-tls-port", paramLabel = "PORT",
            description = "HTTPS port of the chat page and its WebSocket (wss://), with --tls-cert and --tls-key; 0 picks a free one. Off when not set.")
    Integer webTlsPort;

    @Option(names = "--web-origins", paramLabel = "ORIGINS", defaultValue = "",
            description = "Origins of pages besides the chat page itself that may open its WebSocket, comma-separated (https://chat.example.org), or * for any (default: the page's own origin only).")
    String webOrigins;

    private WebOrigins webOriginsParsed;

    @Option(names = "--tcp-nodelay", paramLabel = "true|false", defaultValue = "true", fallbackValue = "true", arity = "0..1",
            description = "Send each write of a TCP or TLS connection at once (TCP_NODELAY); false lets the kernel gather small "
                    + "writes while earlier ones wait for their acknowledgement (Nagle's algorithm) (default: ${DEFAULT-VALUE}).")
    boolean tcpNoDelay;

    @Option(names = "--log-messages", paramLabel = "true|false", defaultValue = "false", fallbackValue = "true", arity = "0..1",
            description = "Log every chat line (room, name, text) at INFO; off by default for privacy.")
    boolean logMessages;

    // --- Lock-step clients and Unix domain sockets -------------------------------------------

    @Option(names = "--line-pause", paramLabel = "DURATION", defaultValue = "300ms", converter = Durations.class,
            description = "A line left without its line end this long is taken as complete, for clients that send a "
                    + "line and wait for an answer (lock-step); 0 turns it off (default: ${DEFAULT-VALUE}).")
    Duration linePause;

    @Option(names = "--unix-socket", paramLabel = "PATH",
            description = "Also listen for chat on this Unix domain socket (same rooms and names). Off when not set.")
    Path unixSocket;

    @Option(names = "--unix-socket-mode", paramLabel = "MODE", defaultValue = "0660",
            description = "Permissions of the --unix-socket file, octal (default: ${DEFAULT-VALUE}).")
    String unixSocketMode;

    private int unixSocketPermissions;

    // --- History, replay on join and resume (docs/operations.md, "History") ---

    /** The --history values. */
    public static final String HISTORY_SQLITE = "sqlite";
    public static final String HISTORY_MEMORY = "memory";

    @Option(names = "--history", paramLabel = "sqlite|memory", defaultValue = HISTORY_SQLITE,
            description = "Where the history is kept: sqlite (a file in --data-dir, survives restarts) or memory (gone at exit) (default: ${DEFAULT-VALUE}).")
    String history;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Directory of the history database, parley.db; created if missing (default: ${DEFAULT-VALUE}, in the working directory).")
    Path dataDir;

    @Option(names = "--history-keep", paramLabel = "N", defaultValue = "10000",
            description = "Messages kept per room and per private conversation; older ones are deleted in the background; 0 for no count limit (default: ${DEFAULT-VALUE}).")
    int historyKeep;

    @Option(names = "--history-max-age", paramLabel = "DURATION", converter = Durations.class,
            description = "Messages older than this are deleted in the background (e.g. 30d, 12h). Unset: no age limit.")
    Duration historyMaxAge;

    @Option(names = "--replay", paramLabel = "N", defaultValue = "20",
            description = "Messages of a room a member gets, as history, on joining it; 0 turns replay off; at most 1000 (default: ${DEFAULT-VALUE}).")
    int replay;

    @Option(names = "--name-hold", paramLabel = "DURATION", defaultValue = "60s", converter = Durations.class,
            description = "How long the name of a connection that dropped stays reserved for its resume token; 0s frees it at once (default: ${DEFAULT-VALUE}).")
    Duration nameHold;

    // --- Delivery and event loops (docs/design.md, docs/protocol.md) ---

    @Option(names = "--transport", paramLabel = "auto|epoll|io_uring|nio", defaultValue = "auto",
            description = "Event-loop transport: auto is epoll where it loads, else NIO; io_uring needs Linux 5.14 or later (default: ${DEFAULT-VALUE}).")
    String transport;
    private Transports transportKind;

    @Option(names = "--notice-batch-above", paramLabel = "MEMBERS", defaultValue = "100",
            description = "In a room of more members than this, join and leave notices are summed up in one line per --notice-batch-interval; 0 never (default: ${DEFAULT-VALUE}).")
    int noticeBatchAbove;

    @Option(names = "--notice-batch-interval", paramLabel = "DURATION", defaultValue = "1s", converter = Durations.class,
            description = "How often a big room gets its summary of joins and leaves (default: ${DEFAULT-VALUE}).")
    Duration noticeBatchInterval;

    // --- Several servers as one chat, on Redis (docs/operations.md, "Several servers on Redis") ---

    @Option(names = "--redis", paramLabel = "URL",
            description = "Make this server one of several that are one chat, through the Redis at URL: redis://HOST:PORT, "
                    + "redis://:PASSWORD@HOST:PORT/DB, rediss://... for TLS. Names, rooms and the history then live in Redis "
                    + "(--history and --data-dir are not used). Unset: this server alone.")
    String redis;

    @Option(names = "--node-timeout", paramLabel = "DURATION", defaultValue = "15s", converter = Durations.class,
            description = "With --redis: a server not heard from for this long is taken for dead; its names are freed and its "
                    + "members leave their rooms (default: ${DEFAULT-VALUE}).")
    Duration nodeTimeout;

    /** Parses flags into a checked config; throws {@link IllegalArgumentException} naming a bad one. */
    public static ServerConfig parse(String... args) {
        ServerConfig config = new ServerConfig();
        try {
            CommandLine commandLine = new CommandLine(config);
            ConfigFileDefaults.install(commandLine, args);
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        config.validate();
        return config;
    }

    /** Fails with one clear line naming the first option out of range. */
    public void validate() {
        check(port >= 0 && port <= 65535, "--port must be 0 to 65535, not " + port);
        check(maxLineBytes >= 64 && maxLineBytes <= 1 << 20, "--max-line must be 64 to 1048576 bytes, not " + maxLineBytes);
        check(sendQueueBytes >= 4096, "--send-queue must be at least 4096 bytes, not " + sendQueueBytes);
        check(ioThreads >= 0, "--io-threads must be 0 or more, not " + ioThreads);
        check(rateLimit >= 0 && rateLimit <= 1_000_000, "--rate-limit must be 0 (off) to 1000000, not " + rateLimit);
        check(rateBurst >= 1, "--rate-burst must be at least 1, not " + rateBurst);
        check(maxPerIp >= 0, "--max-per-ip must be 0 (no cap) or more, not " + maxPerIp);
        check(maxConnections >= 1, "--max-connections must be at least 1, not " + maxConnections);
        check(!nameTimeout.isNegative() && !nameTimeout.isZero(), "--name-timeout must be more than 0");
        check(!idleTimeout.isNegative() && !idleTimeout.isZero(), "--idle-timeout must be more than 0");
        try {
            exemptBlocks = AddressBlocks.parse(ipExempt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--ip-exempt: " + e.getMessage(), e);
        }
        check(connectRate >= 0 && connectRate <= 1_000_000, "--connect-rate must be 0 (off) to 1000000, not " + connectRate);
        check(connectBurst >= 1, "--connect-burst must be at least 1, not " + connectBurst);
        try {
            connectExemptBlocks = AddressBlocks.parse(connectExempt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--connect-exempt: " + e.getMessage(), e);
        }
        check(udpPort == null || udpPort >= 0 && udpPort <= 65535, "--udp-port must be 0 to 65535, not " + udpPort);
        check(maxDatagramBytes >= 64 && maxDatagramBytes <= DatagramLines.MAX_UDP_PAYLOAD,
                "--max-datagram must be 64 to " + DatagramLines.MAX_UDP_PAYLOAD + " bytes, not " + maxDatagramBytes);
        check(udpIdle.toMillis() >= 10, "--udp-idle must be at least 10ms, not " + Durations.format(udpIdle));
        check(timePort >= 0 && timePort <= 65535, "--time-port must be 0 to 65535, not " + timePort);
        check(timePort == 0 || timePort != udpPort(),
                "--time-port must differ from the UDP chat port (--udp-port, or --port when unset): both are " + timePort);
        check(adminPort >= ADMIN_OFF && adminPort <= 65535, "--admin-port must be 0 to 65535, or -1 for off, not " + adminPort);
        check(tlsPort == null || tlsPort >= 0 && tlsPort <= 65535, "--tls-port must be 0 to 65535, not " + tlsPort);
        check(tlsPort == null || tlsCert != null && tlsKey != null, "--tls-port needs --tls-cert and --tls-key");
        check(tlsPort != null || webTlsPort != null || tlsCert == null && tlsKey == null,
                "--tls-cert and --tls-key need --tls-port or --web-tls-port");
        check(tlsPort == null || tlsPort == 0 || tlsPort != port, "--tls-port must differ from --port: both are " + port);
        check(adminPort <= 0 || adminPort != port && (tlsPort == null || adminPort != tlsPort),
                "--admin-port must differ from --port and --tls-port: " + adminPort + " is taken");
        check(tlsCert == null || Files.isReadable(tlsCert), "--tls-cert " + tlsCert + " is not a readable file");
        check(tlsKey == null || Files.isReadable(tlsKey), "--tls-key " + tlsKey + " is not a readable file");
        check(!linePause.isNegative() && linePause.compareTo(MAX_LINE_PAUSE) <= 0,
                "--line-pause must be 0 (off) to " + Durations.format(MAX_LINE_PAUSE) + ", not " + Durations.format(linePause));
        check(unixSocketMode.matches("0?[0-7]{3}"),
                "--unix-socket-mode must be an octal mode like 0660, not " + unixSocketMode);
        unixSocketPermissions = Integer.parseInt(unixSocketMode, 8);
        check(unixSocket == null || !unixSocket.toString().isBlank(), "--unix-socket needs a path");
        check(HISTORY_SQLITE.equals(history) || HISTORY_MEMORY.equals(history),
                "--history must be sqlite or memory, not " + history);
        check(historyKeep >= 0, "--history-keep must be 0 (no count limit) or more, not " + historyKeep);
        check(historyMaxAge == null || historyMaxAge.toMillis() >= 1000,
                "--history-max-age must be at least 1s, not " + (historyMaxAge == null ? "" : Durations.format(historyMaxAge)));
        check(replay >= 0 && replay <= 1000, "--replay must be 0 (off) to 1000, not " + replay);
        check(Set.of("auto", "epoll", "io_uring", "nio").contains(transport),
                "--transport must be auto, epoll, io_uring or nio, not " + transport);
        try {
            transportKind = Transports.named(transport);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("--transport " + e.getMessage(), e);
        }
        check(noticeBatchAbove >= 0, "--notice-batch-above must be 0 (never) or more, not " + noticeBatchAbove);
        check(noticeBatchInterval.toMillis() >= 10 && noticeBatchInterval.toSeconds() <= 3600,
                "--notice-batch-interval must be 10ms to 1h, not " + Durations.format(noticeBatchInterval));
        validateWeb();
        if (redis != null) {
            try {
                io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.create(redis);
                check(uri.getHost() != null && !uri.getHost().isEmpty(), "--redis needs a host: redis://HOST:PORT, not " + redis);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--redis must be redis://HOST:PORT (or rediss://, with :PASSWORD@ and /DB "
                        + "if needed), not " + redis + ": " + e.getMessage(), e);
            }
        }
        check(nodeTimeout.toMillis() >= 400, "--node-timeout must be at least 400ms, not " + Durations.format(nodeTimeout));
    }

    /** The web options: ports in range and apart from the other stream ports, origins well formed. */
    private void validateWeb() {
        check(webPort >= WEB_OFF && webPort <= 65535, "--web-port must be 0 to 65535, or -1 for off, not " + webPort);
        check(webTlsPort == null || webTlsPort >= 0 && webTlsPort <= 65535,
                "--web-tls-port must be 0 to 65535, not " + webTlsPort);
        check(webTlsPort == null || tlsCert != null && tlsKey != null, "--web-tls-port needs --tls-cert and --tls-key");
        check(webPort <= 0 || webPort != port && webPort != adminPort && (tlsPort == null || webPort != tlsPort),
                "--web-port must differ from --port, --tls-port and --admin-port: " + webPort + " is taken");
        check(webTlsPort == null || webTlsPort == 0 || webTlsPort != port && webTlsPort != adminPort
                        && webTlsPort != webPort && (tlsPort == null || !webTlsPort.equals(tlsPort)),
                "--web-tls-port must differ from --port, --tls-port, --admin-port and --web-port: " + webTlsPort + " is taken");
        try {
            webOriginsParsed = WebOrigins.parse(webOrigins);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--web-origins: " + e.getMessage(), e);
        }
    }

    /** The longest --line-pause: a lock-step client waits this long for each answer. */
    static final Duration MAX_LINE_PAUSE = Duration.ofSeconds(10);

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    public int sendQueueBytes() {
        return sendQueueBytes;
    }

    /** Event-loop threads: as given, or one per core for 0 (not Netty's own default of two per core). */
    public int ioThreads() {
        return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    }

    public double rateLimit() {
        return rateLimit;
    }

    public int rateBurst() {
        return rateBurst;
    }

    public int maxPerIp() {
        return maxPerIp;
    }

    /** The parsed {@code --ip-exempt}; set by {@link #validate()}. */
    public AddressBlocks ipExempt() {
        return exemptBlocks;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** New connections a minute per address after the burst; 0: no throttle. */
    public double connectRate() {
        return connectRate;
    }

    public int connectBurst() {
        return connectBurst;
    }

    /** The parsed {@code --connect-exempt}; set by {@link #validate()}. */
    public AddressBlocks connectExempt() {
        return connectExemptBlocks;
    }

    public Duration nameTimeout() {
        return nameTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** True when --udp-port was given (else the UDP chat port follows --port). */
    public boolean udpPortSet() {
        return udpPort != null;
    }

    /** The UDP chat port: {@code --udp-port}, else the same number as {@code --port}. */
    public int udpPort() {
        return udpPort != null ? udpPort : port;
    }

    public int maxDatagramBytes() {
        return maxDatagramBytes;
    }

    public Duration udpIdle() {
        return udpIdle;
    }

    public int timePort() {
        return timePort;
    }

    /** The TLS port, or null when there is no TLS listener. */
    public Integer tlsPort() {
        return tlsPort;
    }

    public Path tlsCert() {
        return tlsCert;
    }

    public Path tlsKey() {
        return tlsKey;
    }

    /** The admin HTTP port; {@link #ADMIN_OFF} when the admin endpoints are off. */
    public int adminPort() {
        return adminPort;
    }

    public String adminHost() {
        return adminHost;
    }

    /** The chat page's HTTP port; {@link #WEB_OFF} when it is off. */
    public int webPort() {
        return webPort;
    }

    /** The chat page's HTTPS port, or null when there is none. */
    public Integer webTlsPort() {
        return webTlsPort;
    }

    /** The parsed {@code --web-origins}; set by {@link #validate()}. */
    public WebOrigins webOrigins() {
        return webOriginsParsed;
    }

    /** TCP_NODELAY on stream connections over TCP: true sends each write at once. */
    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    public boolean logMessages() {
        return logMessages;
    }

    public Path configFile() {
        return configFile;
    }

    /** How long an unterminated line waits before it counts as complete; zero: never. */
    public Duration linePause() {
        return linePause;
    }

    /** The Unix domain socket to listen on, or null for none. */
    public Path unixSocket() {
        return unixSocket;
    }

    /** The --unix-socket-mode bits (e.g. {@code 0660}); set by {@link #validate()}. */
    public int unixSocketMode() {
        return unixSocketPermissions;
    }

    /** {@link #HISTORY_SQLITE} or {@link #HISTORY_MEMORY}. */
    public String history() {
        return history;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int historyKeep() {
        return historyKeep;
    }

    /** The age past which messages are deleted, or null for none. */
    public Duration historyMaxAge() {
        return historyMaxAge;
    }

    public int replay() {
        return replay;
    }

    public Duration nameHold() {
        return nameHold;
    }

    /** The event-loop transport; set by {@link #validate()}. */
    public Transports transport() {
        return transportKind;
    }

    /** Rooms above this many members get summed-up join and leave notices; 0 never. */
    public int noticeBatchAbove() {
        return noticeBatchAbove;
    }

    public Duration noticeBatchInterval() {
        return noticeBatchInterval;
    }

    /** The Redis URL of a server that is one of several, or null for a server alone. */
    public String redis() {
        return redis;
    }

    public Duration nodeTimeout() {
        return nodeTimeout;
    }
}
