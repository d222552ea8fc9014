package io.parley.client;

import io.parley.protocol.ControlCharacters;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Asks a UDP time server for the time: each request is one datagram holding the format, each
 * answer one datagram printed as a line. Blocking and on the calling thread: it does one thing at
 * a time, so it needs no event loop. An answer later than {@link #ANSWER_WAIT_MILLIS} counts as
 * lost; should it still arrive, it is taken as the answer to the next request, as datagrams carry
 * no request number.
 */
final class TimeQuery {
    static final int ANSWER_WAIT_MILLIS = 2000;
    private static final int MAX_DATAGRAM = 65_507;

    private final InetSocketAddress server;
    private final String format;
    private final long everyMillis;
    private final long count;
    private final PrintStream out;
    private final PrintStream err;

    TimeQuery(InetSocketAddress server, String format, long everyMillis, long count, PrintStream out, PrintStream err) {
        this.server = server;
        this.format = format;
        this.everyMillis = everyMillis;
        this.count = count;
        this.out = out;
        this.err = err;
    }

    /** Returns the exit code: 0 if at least one answer arrived, 1 otherwise. */
    int run() throws InterruptedException {
        String where = server.getHostString() + ":" + server.getPort();
        if (server.isUnresolved()) {
            err.println("chat-client: cannot find host " + server.getHostString());
            return 1;
        }
        byte[] request = format.getBytes(StandardCharsets.UTF_8);
        long answers = 0;
        // Not connected: Java sends nothing for an empty datagram on a connected socket, and an
        // empty format is a valid request. Answers from anywhere but the server are ignored.
        try (DatagramSocket socket = new DatagramSocket()) {
            for (long i = 0; i < count; i++) {
                long sentAt = System.nanoTime();
                socket.send(new DatagramPacket(request, request.length, server));
                String answer = awaitAnswer(socket, sentAt + TimeUnit.MILLISECONDS.toNanos(ANSWER_WAIT_MILLIS));
                if (answer == null) {
                    err.println("chat-client: no answer from " + where + " within " + ANSWER_WAIT_MILLIS / 1000 + " s");
                } else {
                    out.println(ControlCharacters.strip(answer));
                    out.flush();
                    answers++;
                }
                if (i + 1 < count) {
                    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
                    Thread.sleep(Math.max(0, everyMillis - waited));
                }
            }
        } catch (IOException e) {
            err.println("chat-client: time query to " + where + " failed: " + Failures.describe(e));
        }
        return answers > 0 ? 0 : 1;
    }

    /** The next datagram from the server before {@code deadline}, or null. */
    private String awaitAnswer(DatagramSocket socket, long deadline) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
        for (;;) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) left);
            try {
                packet.setLength(MAX_DATAGRAM);
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (packet.getSocketAddress().equals(server)) {
                return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            }
        }
    }
}
