package io.parley.server.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server for a test, on 127.0.0.1 and a free port, keeping its files in a directory
 * of the test's. The binary is the one inside embedded-redis's jar (Redis 6.2), unless the system
 * property {@code parley.test.redis-server} (or the environment variable
 * {@code PARLEY_TEST_REDIS_SERVER}) names another, such as Debian's {@code /usr/bin/redis-server}.
 */
public final class TestRedis implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final boolean appendOnly;
    private RedisServer server;

    private TestRedis(Path dir, int port, boolean appendOnly) {
        this.dir = dir;
        this.port = port;
        this.appendOnly = appendOnly;
    }

    /** Starts a Redis without persistence. */
    public static TestRedis start(Path dir) throws IOException {
        return start(dir, false);
    }

    /** Starts a Redis; with {@code appendOnly}, with its append-only file on ({@code appendfsync everysec}). */
    public static TestRedis start(Path dir, boolean appendOnly) throws IOException {
        Files.createDirectories(dir);
        TestRedis redis = new TestRedis(dir, freePort(), appendOnly);
        redis.startServer();
        return redis;
    }

    private void startServer() throws IOException {
        server = RedisServer.newRedisServer()
                .executableProvider(executable())
                .bind("127.0.0.1")
                .port(port)
                .setting("dir " + dir.toAbsolutePath())
                .setting("save \"\"")
                .setting("appendonly " + (appendOnly ? "yes" : "no"))
                .setting("appendfsync everysec")
                .build();
        server.start();
    }

    private static ExecutableProvider executable() {
        String path = System.getProperty("parley.test.redis-server", System.getenv("PARLEY_TEST_REDIS_SERVER"));
        if (path == null || path.isBlank()) {
            return ExecutableProvider.newJarResourceProvider();
        }
        return () -> new File(path);
    }

    /** Which binary the tests use, for their messages. */
    public static String binary() {
        String path = System.getProperty("parley.test.redis-server", System.getenv("PARLEY_TEST_REDIS_SERVER"));
        return path == null || path.isBlank() ? "embedded-redis 6.2" : path;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** A clean stop (SIGTERM: Redis writes what it must), then a start on the same port and files. */
    public void restart() throws IOException {
        stop();
        startServer();
    }

    /** A clean stop. */
    public void stop() throws IOException {
        server.stop();
    }

    /** Starts it again after {@link #stop}. */
    public void startAgain() throws IOException {
        startServer();
    }

    @Override
    public void close() throws IOException {
        if (server != null && server.isActive()) {
            server.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
