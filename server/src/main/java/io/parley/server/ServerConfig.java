package io.parley.server;

import io.parley.protocol.LineFraming;

/**
 * Everything a server instance needs to start. Built by {@link ServerMain} from flags, or directly
 * by tests and embedders.
 *
 * @param host        address to bind, or {@code null} for all interfaces
 * @param port        TCP chat port; 0 picks a free one
 * @param maxLineBytes longest accepted line, in bytes without its line end
 * @param sendQueueBytes outbound bytes queued for one client before it is cut off
 * @param ioThreads   event-loop threads; 0 means one per core
 */
public record ServerConfig(String host, int port, int maxLineBytes, int sendQueueBytes, int ioThreads) {
    public static final int DEFAULT_PORT = 9090;
    public static final int DEFAULT_SEND_QUEUE_BYTES = 1 << 20;

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0 to 65535, not " + port);
        }
        if (maxLineBytes < 64 || maxLineBytes > 1 << 20) {
            throw new IllegalArgumentException("--max-line must be 64 to 1048576 bytes, not " + maxLineBytes);
        }
        if (sendQueueBytes < 4096) {
            throw new IllegalArgumentException("--send-queue must be at least 4096 bytes, not " + sendQueueBytes);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("--io-threads must be 0 or more, not " + ioThreads);
        }
    }

    /** Defaults everywhere, on {@code port}: what tests start with. */
    public static ServerConfig defaults(String host, int port) {
        return new ServerConfig(host, port, LineFraming.DEFAULT_MAX_LINE_BYTES, DEFAULT_SEND_QUEUE_BYTES, 0);
    }

    public ServerConfig withMaxLineBytes(int bytes) {
        return new ServerConfig(host, port, bytes, sendQueueBytes, ioThreads);
    }

    public ServerConfig withSendQueueBytes(int bytes) {
        return new ServerConfig(host, port, maxLineBytes, bytes, ioThreads);
    }
}
