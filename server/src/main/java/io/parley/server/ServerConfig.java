package io.parley.server;

import io.parley.protocol.LineFraming;
import java.nio.file.Files;
import java.nio.file.Path;
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
    public static final int DEFAULT_ADMIN_PORT = 9092;
    /** The --admin-port value that turns the admin endpoints off. */
    public static final int ADMIN_OFF = -1;

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

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
            description = "Event-loop threads; 0 means one per core (default: ${DEFAULT-VALUE}).")
    int ioThreads;

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

    @Option(names = "--log-messages", paramLabel = "true|false", defaultValue = "false", fallbackValue = "true", arity = "0..1",
            description = "Log every chat line (room, name, text) at INFO; off by default for privacy.")
    boolean logMessages;

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
        check(adminPort >= ADMIN_OFF && adminPort <= 65535, "--admin-port must be 0 to 65535, or -1 for off, not " + adminPort);
        check(tlsPort == null || tlsPort >= 0 && tlsPort <= 65535, "--tls-port must be 0 to 65535, not " + tlsPort);
        check(tlsPort == null || tlsCert != null && tlsKey != null, "--tls-port needs --tls-cert and --tls-key");
        check(tlsPort != null || tlsCert == null && tlsKey == null, "--tls-cert and --tls-key need --tls-port");
        check(tlsCert == null || Files.isReadable(tlsCert), "--tls-cert " + tlsCert + " is not a readable file");
        check(tlsKey == null || Files.isReadable(tlsKey), "--tls-key " + tlsKey + " is not a readable file");
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

    public boolean logMessages() {
        return logMessages;
    }

    public Path configFile() {
        return configFile;
    }
}
