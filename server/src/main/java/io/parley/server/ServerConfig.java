package io.parley.server;

import io.parley.protocol.DatagramLines;
import io.parley.protocol.LineFraming;
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
    public static final int DEFAULT_TIME_PORT = 9091;

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
        check(udpPort == null || udpPort >= 0 && udpPort <= 65535, "--udp-port must be 0 to 65535, not " + udpPort);
        check(maxDatagramBytes >= 64 && maxDatagramBytes <= DatagramLines.MAX_UDP_PAYLOAD,
                "--max-datagram must be 64 to " + DatagramLines.MAX_UDP_PAYLOAD + " bytes, not " + maxDatagramBytes);
        check(udpIdle.toMillis() >= 10, "--udp-idle must be at least 10ms, not " + Durations.format(udpIdle));
        check(timePort >= 0 && timePort <= 65535, "--time-port must be 0 to 65535, not " + timePort);
        check(timePort == 0 || timePort != udpPort(),
                "--time-port must differ from the UDP chat port (--udp-port, or --port when unset): both are " + timePort);
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
}
