package io.parley.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients that join the room and then never read ({@code --stuck-readers}): a server that keeps
 * its promise cuts them off once their send queue is full, and nobody else waits for them. Plain
 * blocking sockets with a small receive buffer, outside the fleet and its counts. Parley only: a
 * stuck reader claims a name and joins the way a Parley client does.
 */
final class StuckReaders implements AutoCloseable {
    static final int RECEIVE_BUFFER_BYTES = 4096;
    private static final int TIMEOUT_MILLIS = 10_000;

    private final List<Socket> sockets = new ArrayList<>();

    /** Connects {@code count} readers and seats each in {@code room}; returns once all are in. */
    static StuckReaders join(BenchOptions options, int count, String namePrefix, String room) throws IOException {
        StuckReaders stuck = new StuckReaders();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                stuck.sockets.add(socket);
                socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES); // before connect: a small window
                socket.connect(new InetSocketAddress(options.loopbackHost(), options.port), TIMEOUT_MILLIS);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                String name = namePrefix + i;
                socket.getOutputStream().write(("/nick " + name + "\n/join " + room + "\n").getBytes(StandardCharsets.UTF_8));
                // Read only up to the join's confirmation, byte by byte so nothing after it is taken.
                BufferedReader in = new BufferedReader(new InputStreamReader(new Unbuffered(socket.getInputStream()),
                        StandardCharsets.UTF_8), 1);
                for (String line; !(line = in.readLine()).startsWith("* you are in " + room + " "); ) {
                    if (line.startsWith("! ")) {
                        throw new IOException("stuck reader " + name + " refused: " + line);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            stuck.close();
            throw e;
        }
        return stuck;
    }

    int count() {
        return sockets.size();
    }

    /**
     * How many the server has disconnected: each is read to its end now (what the server had sent
     * before closing, then the close), a quiet second meaning still connected.
     */
    int cutOff() {
        int closed = 0;
        byte[] sink = new byte[64 << 10];
        for (Socket socket : sockets) {
            try {
                socket.setSoTimeout(1000);
                InputStream in = socket.getInputStream();
                while (in.read(sink) >= 0) {
                    // what was queued before the cut-off
                }
                closed++;
            } catch (SocketTimeoutException e) {
                // still open: not cut off
            } catch (IOException e) {
                closed++; // reset: closed by the server too
            }
        }
        return closed;
    }

    @Override
    public void close() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Reads one byte at a time, so that a reader over it takes no more than it returns. */
    private static final class Unbuffered extends InputStream {
        private final InputStream in;

        Unbuffered(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int c = in.read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }
    }
}
