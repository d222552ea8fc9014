package io.parley.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/** A UDP server played by the test: receives datagrams as lines and answers the last sender. */
final class UdpPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private SocketAddress lastSender;

    UdpPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(20_000);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The next datagram's payload; fails after the timeout. */
    String receive() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65_535], 65_535);
        socket.receive(packet);
        lastSender = packet.getSocketAddress();
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    /** The next datagram that is not {@code skip}. */
    String receiveSkipping(String skip) throws IOException {
        String line;
        do {
            line = receive();
        } while (line.equals(skip));
        return line;
    }

    /**
     * Plays the server's side of the validation handshake: a padded {@code NAME : /validate} is
     * answered with a token, and its echo with {@code * validated}.
     */
    void acceptValidation(String name) throws IOException {
        String request = receive();
        if (!request.startsWith(name + " : /validate") || !request.strip().equals(name + " : /validate")) {
            throw new AssertionError("expected a validation request, got <" + request + ">");
        }
        reply("* validate t0k3n");
        String echo = receive();
        if (!echo.equals(name + " : /validate t0k3n")) {
            throw new AssertionError("expected the token echoed, got <" + echo + ">");
        }
        reply("* validated");
    }

    SocketAddress lastSender() {
        return lastSender;
    }

    void send(byte[] payload, SocketAddress to) throws IOException {
        socket.send(new DatagramPacket(payload, payload.length, to));
    }

    void reply(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, lastSender));
    }

    @Override
    public void close() {
        socket.close();
    }
}
