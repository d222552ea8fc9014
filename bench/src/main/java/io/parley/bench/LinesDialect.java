package io.parley.bench;

import java.util.concurrent.TimeUnit;

/**
 * Any server that sends every line to every client (Netty's SecureChat example and the like): no
 * names, no rooms. A client counts as ready at the server's first line (SecureChat greets after
 * it has registered the connection), or after two seconds of silence from a server that never greets (counted from the end of the
 * TLS handshake, if any).
 */
final class LinesDialect implements Dialect {
    private static final long SILENT_SERVER_MILLIS = 2000;

    @Override
    public void start(BenchClient client) {
        client.executor().schedule(client::ready, SILENT_SERVER_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handshake(BenchClient client, String line) {
        client.ready();
    }

    @Override
    public byte[] messagePrefix(BenchClient client) {
        return new byte[0];
    }

    @Override
    public boolean hasRooms() {
        return false;
    }
}
