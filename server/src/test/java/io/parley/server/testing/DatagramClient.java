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

    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
    }
}
