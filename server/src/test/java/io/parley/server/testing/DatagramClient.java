package io.parley.server.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * A plain blocking UDP client, as {@code nc -u} would be, for end-to-end tests: one socket on
 * 127.0.0.1 (or another loopback address) sending to one server port. Every receive waits at
 * most {@link #TIMEOUT_MILLIS}.
 */
public final class DatagramClient implements AutoCloseable {
    public static final int TIMEOUT_MILLIS = 10_000;

    private final DatagramSocket socket;
    private final InetSocketAddress server;

    public DatagramClient(int serverPort) throws IOException {
        this(InetAddress.getLoopbackAddress(), serverPort);
    }

    /** A socket on {@code host} (an IPv6 loopback too) sending to the same address. */
    public DatagramClient(InetAddress host, int serverPort) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(host, 0));
        this.socket.setSoTimeout(TIMEOUT_MILLIS);
        this.server = new InetSocketAddress(host, serverPort);
    }

    /**
     * A client whose address the server has validated, as Parley's console client does: from then
     * on lines come as they happen, one datagram each, with no byte budget. {@code name} only
     * fills the {@code NAME : } of the handshake datagrams.
     */
    public static DatagramClient validated(int serverPort, String name) throws IOException {
        DatagramClient client = new DatagramClient(serverPort);
        client.validate(name);
        return client;
    }

    /** The validation handshake: asks for a token (padded, as Parley's client pads it), echoes it. */
    public void validate(String name) throws IOException {
        // A datagram can be lost (a busy server's receive buffer overflows): ask again, as Parley's client does.
        for (int attempt = 1; ; attempt++) {
            try {
                socket.setSoTimeout(TIMEOUT_MILLIS / 4);
                send(padded(name + " : /validate"));
                // an unvalidated member gets the token in its one answer, maybe after other lines; an
                // address and port validated before (a port the system gave out again) is told so
                String answer = receiveUntil(d -> d.lines().anyMatch(l -> l.startsWith("* validate ") || l.equals("* validated")));
                if (answer.lines().anyMatch("* validated"::equals)) {
                    return;
                }
                String token = answer.lines().filter(l -> l.startsWith("* validate ")).findFirst().orElseThrow()
                        .substring("* validate ".length());
                send(name + " : /validate " + token);
                receiveUntil("* validated"::equals);
                return;
            } catch (SocketTimeoutException e) {
                if (attempt == 4) {
                    throw e;
                }
            } finally {
                socket.setSoTimeout(TIMEOUT_MILLIS);
            }
        }
    }

    /** {@code text} with spaces after it to 64 bytes: a validation request at least as long as its answer. */
    public static String padded(String text) {
        return text + " ".repeat(Math.max(0, 64 - text.getBytes(StandardCharsets.UTF_8).length));
    }

    public void send(String text) throws IOException {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    /** The next datagram as text; fails on timeout. */
    public String receive() throws IOException {
        byte[] buf = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        socket.receive(packet);
        return new String(packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.UTF_8);
    }

    public void expect(String text) throws IOException {
        String got = receive();
        if (!got.equals(text)) {
            throw new AssertionError("expected <" + text + "> but got <" + got + ">");
        }
    }

    /** Skips datagrams until one matches; returns it. */
    public String receiveUntil(Predicate<String> match) throws IOException {
        for (;;) {
            String got = receive();
            if (match.test(got)) {
                return got;
            }
        }
    }

    /** True if nothing arrives within {@code millis}; fails if something does. */
    public boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            String got = receive();
            throw new AssertionError("expected silence, got <" + got + ">");
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
    }

    /** Every datagram that arrives within {@code millis} of the last one. */
    public java.util.List<String> drain(int millis) throws IOException {
        java.util.List<String> got = new java.util.ArrayList<>();
        socket.setSoTimeout(millis);
        try {
            for (;;) {
                got.add(receive());
            }
        } catch (SocketTimeoutException e) {
            return got;
        } finally {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
    }
}
