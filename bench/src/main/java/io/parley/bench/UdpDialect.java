package io.parley.bench;

import java.util.concurrent.TimeUnit;

/**
 * A Parley UDP member: datagrams {@code NAME : TEXT} to the server's UDP port; each datagram from
 * the server is one line. It registers with a hello datagram ({@code --udp-hello}, by default
 * {@code NAME : /ping}, which claims the name), repeated until the server answers {@code * you are NAME}, since a datagram
 * can be lost. It stays in the room every name starts in.
 */
final class UdpDialect implements Dialect {
    private static final long RETRY_MILLIS = 500;
    private static final int TRIES = 10;
    private final String helloTemplate;

    UdpDialect(String helloTemplate) {
        this.helloTemplate = helloTemplate;
    }

    @Override
    public void start(BenchClient client) {
        hello(client, TRIES);
    }

    private void hello(BenchClient client, int triesLeft) {
        if (client.readiness().isDone()) {
            return;
        }
        if (triesLeft == 0) {
            client.fail("no answer to " + hello(client) + " after " + TRIES + " tries");
            return;
        }
        client.sendText(hello(client));
        client.executor().schedule(() -> hello(client, triesLeft - 1), RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private String hello(BenchClient client) {
        return helloTemplate.replace("{name}", client.name());
    }

    @Override
    public void handshake(BenchClient client, String line) {
        if (line.equals("* you are " + client.name())) {
            client.ready();
        } else if (line.startsWith("! ")) {
            client.fail(line);
        }
    }

    @Override
    public byte[] messagePrefix(BenchClient client) {
        return Dialect.ascii(client.name() + " : ");
    }

    @Override
    public byte[] messageSuffix() {
        return new byte[0];
    }

    @Override
    public boolean hasRooms() {
        return false;
    }
}
