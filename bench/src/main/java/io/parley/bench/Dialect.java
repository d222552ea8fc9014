package io.parley.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * How one kind of server is spoken to: the handshake before a client may send, and the bytes
 * around each message. Everything after the handshake (payload, checks, latency) is the same for
 * every server. Methods run on the client's event loop.
 */
interface Dialect {
    /** The connection is up (and TLS, if any, is done): say hello. */
    void start(BenchClient client);

    /**
     * A line received before the client is ready. Calls {@link BenchClient#ready()} once the
     * client may send and receive room messages, or {@link BenchClient#fail(String)}.
     */
    void handshake(BenchClient client, String line);

    /** A line without a payload after the handshake (a notice, a PING): answer it if needed. */
    default void other(BenchClient client, String line) {
    }

    /**
     * Whether a line after the handshake can never be a live message, whatever it holds: a
     * server's history lines carry earlier payloads, which must not count as deliveries.
     */
    default boolean notLive(ByteBuf buf, int from, int to) {
        return false;
    }

    /** Bytes before each message's payload. */
    byte[] messagePrefix(BenchClient client);

    /** Bytes after it: the line end, or none for datagrams. */
    default byte[] messageSuffix() {
        return LF;
    }

    /** Whether the server has rooms this dialect can join (else one room of everyone). */
    boolean hasRooms();

    byte[] LF = {'\n'};
    byte[] CRLF = {'\r', '\n'};

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
