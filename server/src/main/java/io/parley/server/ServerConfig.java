package io.parley.server;

import io.parley.protocol.LineFraming;
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

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
            description = "Event-loop threads; 0 means one per core (default: ${DEFAULT-VALUE}).")
    int ioThreads;

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
}
