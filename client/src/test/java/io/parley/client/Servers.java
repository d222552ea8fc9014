package io.parley.client;

import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real servers on fixed loopback ports, so that a test can stop one and start another in its place. */
final class Servers {
    private Servers() {
    }

    /** Whether this build's server keeps history (and so speaks tags, acks and resume tokens). */
    static boolean keepHistory() {
        try {
            ServerConfig.parse("--history", "memory");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A server on {@code port}; its history in memory, or in SQLite under {@code dataDir} when
     * that is not null (a server without history takes no such flags).
     */
    static ParleyServer on(int port, Path dataDir, String... more) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "" + port, "--udp-port", "0",
                "--time-port", "0", "--admin-port=-1"));
        if (keepHistory()) {
            args.addAll(dataDir == null ? List.of("--history", "memory")
                    : List.of("--history", "sqlite", "--data-dir", dataDir.toString()));
        }
        args.addAll(List.of(more));
        return new ParleyServer(ServerConfig.parse(args.toArray(String[]::new))).start();
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
