package io.parley.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Parley UDP member: datagrams {@code NAME : TEXT} to the server's UDP port; each datagram from
 * the server is one line. First it has its address validated, as Parley's console client does (a
 * padded {@code NAME : /validate}, answered with a token that it echoes), so that the server sends
 * it lines as they happen rather than one answer per datagram. Then it registers with a hello
 * datagram ({@code --udp-hello}, by default {@code NAME : /ping}, which claims the name), repeated
 * until the server answers {@code * you are NAME}, since a datagram can be lost. It stays in the
 * room every name starts in.
 */
final class UdpDialect implements Dialect {
    private static final long RETRY_MILLIS = 500;
    private static final int TRIES = 10;
    private static final String TOKEN_PREFIX = "* validate ";
    private final String helloTemplate;
    /** Clients whose address is validated and that now say hello. */
    private final Set<BenchClient> validated = ConcurrentHashMap.newKeySet();

    UdpDialect(String helloTemplate) {
        this.helloTemplate = helloTemplate;
    }

    @Override
    public void start(BenchClient client) {
        step(client, TRIES);
    }

    private void step(BenchClient client, int triesLeft) {
        if (client.readiness().isDone()) {
            validated.remove(client);
            return;
        }
        if (triesLeft == 0) {
            client.fail("no answer to " + (validated.contains(client) ? hello(client) : "/validate") + " after "
                    + TRIES + " tries");
            return;
        }
        client.sendText(validated.contains(client) ? hello(client) : validationRequest(client));
        client.executor().schedule(() -> step(client, triesLeft - 1), RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Padded to 64 bytes: the server answers it at once only if it is no shorter than the answer. */
    private static String validationRequest(BenchClient client) {
        String text = client.name() + " : /validate";
        return text + " ".repeat(Math.max(0, 64 - text.length()));
    }

    private String hello(BenchClient client) {
        return helloTemplate.replace("{name}", client.name());
    }

    @Override
    public void handshake(BenchClient client, String line) {
        if (line.startsWith(TOKEN_PREFIX)) {
            client.sendText(client.name() + " : /validate " + line.substring(TOKEN_PREFIX.length()));
        } else if (line.equals("* validated")) {
            if (validated.add(client)) {
                client.sendText(hello(client));
            }
        } else if (line.equals("* you are " + client.name())) {
            validated.remove(client);
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
