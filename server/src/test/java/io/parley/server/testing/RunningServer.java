package io.parley.server.testing;

import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Starts a real server on 127.0.0.1, port 0 (and any extra flags), for end-to-end tests. */
public final class RunningServer implements AutoCloseable {
    private final ParleyServer server;

    private RunningServer(ParleyServer server) {
        this.server = server;
    }

    public static RunningServer start(String... extraFlags) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0"));
        args.addAll(Arrays.asList(extraFlags));
        return new RunningServer(new ParleyServer(ServerConfig.parse(args.toArray(String[]::new))).start());
    }

    public ParleyServer server() {
        return server;
    }

    public int port() {
        return server.tcpPort();
    }

    @Override
    public void close() {
        server.stop(5000);
    }
}
