package io.parley.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A line client on a Unix domain socket, as {@code nc -U PATH} would be, for end-to-end tests.
 * A blocking channel has no read timeout, so a thread reads lines into a queue and every read
 * waits on the queue at most {@link #TIMEOUT_MILLIS}.
 */
public final class UnixLineClient implements AutoCloseable {
    public static final long TIMEOUT_MILLIS = 10_000;
    private static final String CLOSED = new String("closed by server");

    private final SocketChannel channel;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private UnixLineClient(SocketChannel channel) {
        this.channel = channel;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // closed
            } finally {
                lines.add(CLOSED);
            }
        }, "unix-line-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to the socket file and reads the welcome line. */
    public static UnixLineClient connect(Path path) throws IOException, InterruptedException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(path));
        UnixLineClient client = new UnixLineClient(channel);
        String welcome = client.readLine();
        if (!welcome.startsWith("* welcome")) {
            throw new IOException("expected a welcome, got: " + welcome);
        }
        return client;
    }

    public void send(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    public String readLine() throws IOException, InterruptedException {
        String line = lines.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IOException("no line within " + TIMEOUT_MILLIS + " ms");
        }
        if (line == CLOSED) {
            lines.add(CLOSED);
            throw new IOException("connection closed by server");
        }
        return line;
    }

    public void expect(String line) throws IOException, InterruptedException {
        String got = readLine();
        if (!got.equals(line)) {
            throw new AssertionError("expected <" + line + "> but got <" + got + ">");
        }
    }

    public String readUntil(Predicate<String> match) throws IOException, InterruptedException {
        for (;;) {
            String line = readLine();
            if (match.test(line)) {
                return line;
            }
        }
    }

    /** True once the server has closed the connection (after the lines it sent first). */
    public boolean closedByServer() throws InterruptedException {
        for (;;) {
            String line = lines.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (line == null) {
                return false;
            }
            if (line == CLOSED) {
                lines.add(CLOSED);
                return true;
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
