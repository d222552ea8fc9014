package io.parley.server.testing;

import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts a real server on 127.0.0.1, port 0 (unless the flags set {@code --host} or {@code --port}),
 * with any extra flags, for end-to-end tests. The admin endpoints and the chat page are off unless
 * the flags set {@code --admin-port} or {@code --web-port} (give 0: never a fixed port in tests).
 * History is kept in memory unless the flags set {@code --history} (with {@code sqlite}, give a
 * {@code --data-dir} in a temporary directory). Loopback is exempt from the connect throttle
 * ({@code --connect-exempt}) unless the flags say otherwise, since tests connect many clients from
 * it in a short time.
 */
public final class RunningServer implements AutoCloseable {
    /** Loopback, IPv4 and IPv6: what tests exempt from the connect throttle unless they test it. */
    public static final String LOOPBACK = "127.0.0.0/8,::1/128";

    private final ParleyServer server;

    private RunningServer(ParleyServer server) {
        this.server = server;
    }

    public static RunningServer start(String... extraFlags) throws InterruptedException {
        return start(Clock.systemDefaultZone(), extraFlags);
    }

    /** With {@code clock} as the server's time (time service, {@code /time}, UDP idle expiry). */
    public static RunningServer start(Clock clock, String... extraFlags) throws InterruptedException {
        List<String> args = new ArrayList<>();
        List<String> extra = Arrays.asList(extraFlags);
        if (!extra.contains("--host")) {
            args.addAll(List.of("--host", "127.0.0.1"));
        }
        if (!extra.contains("--port")) {
            args.addAll(List.of("--port", "0"));
        }
        if (!extra.contains("--time-port")) {
            args.addAll(List.of("--time-port", "0")); // never the fixed default port in a test
        }
        if (!extra.contains("--admin-port")) {
            args.add("--admin-port=-1");
        }
        if (!extra.contains("--connect-exempt")) {
            // Tests open many connections from loopback; a test of the throttle passes its own value.
            args.addAll(List.of("--connect-exempt", LOOPBACK));
        }
        if (!extra.contains("--web-port")) {
            args.add("--web-port=-1");
        }
        if (!extra.contains("--history")) {
            args.addAll(List.of("--history", "memory")); // no data directory written by a test that does not ask
        }
        args.addAll(extra);
        return new RunningServer(new ParleyServer(ServerConfig.parse(args.toArray(String[]::new)), clock).start());
    }

    public ParleyServer server() {
        return server;
    }

    public int port() {
        return server.tcpPort();
    }

    public int udpPort() {
        return server.udpPort();
    }

    public int timePort() {
        return server.timePort();
    }

    public int tlsPort() {
        return server.tlsPort();
    }

    public int adminPort() {
        return server.adminPort();
    }

    public int webPort() {
        return server.webPort();
    }

    public int webTlsPort() {
        return server.webTlsPort();
    }

    @Override
    public void close() {
        server.stop(5000);
    }
}
