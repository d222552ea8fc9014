package io.parley.server;

import io.parley.protocol.LineFraming;
import io.parley.server.limits.AddressBlocks;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Every server option, as a command-line flag. {@link ServerMain} mixes it in; tests and embedders
 * build one with {@link #parse(String...)}, using the same flags a user types.
 */
public final class ServerConfig {
    public static final int DEFAULT_PORT = 9090;
    public static final int DEFAULT_SEND_QUEUE_BYTES = 1 << 20;

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
            description = "Connections from one address (IPv6: one /64); 0 for no cap (default: ${DEFAULT-VALUE}).")
    int maxPerIp;

    @Option(names = "--ip-exempt", paramLabel = "BLOCKS", defaultValue = "127.0.0.0/8,::1/128",
            description = "Address blocks not subject to --max-per-ip, comma-separated, or 'none' (default: ${DEFAULT-VALUE}).")
    String ipExempt;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "50000",
            description = "Connections the server holds at once, over all transports (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--name-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "A connection that has not claimed a name by then is closed (default: ${DEFAULT-VALUE}).")
    Duration nameTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "A connection that sends nothing for this long is closed; the console client pings to stay on (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
            description = "Event-loop threads; 0 means one per core (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    private AddressBlocks exemptBlocks;

    /** Parses flags into a checked config; throws {@link IllegalArgumentException} naming a bad one. */
    public static ServerConfig parse(String... args) {
        ServerConfig config = new ServerConfig();
        try {
            new CommandLine(config).parseArgs(args);
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
        check(rateLimit >= 0, "--rate-limit must be 0 (off) or more, not " + rateLimit);
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
    }

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

    public int ioThreads() {
        return ioThreads;
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

    public Duration nameTimeout() {
        return nameTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }
}
