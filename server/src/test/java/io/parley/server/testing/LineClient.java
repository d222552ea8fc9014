package io.parley.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * A plain blocking TCP client, as {@code nc} would be, for end-to-end tests. Every read waits at
 * most {@link #TIMEOUT_MILLIS}, so a missing line fails the test instead of hanging it.
 */
public final class LineClient implements AutoCloseable {
    public static final int TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:port and reads the welcome line. */
    public static LineClient connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** Connects to {@code host} (an IPv6 literal such as {@code ::1} too) and reads the welcome line. */
    public static LineClient connect(String host, int port) throws IOException {
        return connect(host, port, 0);
    }

    /** Connects with a receive buffer of {@code receiveBufferBytes} (0: the system's). */
    public static LineClient connect(int port, int receiveBufferBytes) throws IOException {
        return connect("127.0.0.1", port, receiveBufferBytes);
    }

    private static LineClient connect(String host, int port, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes); // before connect, so the window is small
        }
        socket.setTcpNoDelay(true); // each line goes out at once, as a chat client's would
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        LineClient client = new LineClient(socket);
        String welcome = client.readLine();
        if (!welcome.startsWith("* welcome")) {
            throw new IOException("expected a welcome, got: " + welcome);
        }
        return client;
    }

    /** Connects from {@code localAddress} (another loopback address, say 127.0.0.2) and claims {@code name}. */
    public static LineClient namedFrom(String localAddress, int port, String name) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        return over(socket).claim(name);
    }

    /** Wraps a socket already connected (a TLS one, say) and reads the welcome line. */
    public static LineClient over(Socket connected) throws IOException {
        connected.setSoTimeout(TIMEOUT_MILLIS);
        LineClient client = new LineClient(connected);
        String welcome = client.readLine();
        if (!welcome.startsWith("* welcome")) {
            throw new IOException("expected a welcome, got: " + welcome);
        }
        return client;
    }

    /** Claims {@code name} on this connection, reading the replies to the claim. */
    public LineClient claim(String name) throws IOException {
        send("/nick " + name);
        expect("* you are " + name);
        readUntil(l -> l.startsWith("* you are in "));
        return this;
    }

    /** Connects and claims {@code name}, reading the replies to the claim. */
    public static LineClient named(int port, String name) throws IOException {
        return named(port, name, 0);
    }

    public static LineClient named(int port, String name, int receiveBufferBytes) throws IOException {
        LineClient client = connect(port, receiveBufferBytes);
        client.send("/nick " + name);
        client.expect("* you are " + name);
        client.readUntil(l -> l.startsWith("* you are in "));
        return client;
    }

    public void send(String line) throws IOException {
        sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next line; fails on timeout or when the server closed the connection. */
    public String readLine() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("connection closed by server");
        }
        return line;
    }

    public void expect(String line) throws IOException {
        String got = readLine();
        if (!got.equals(line)) {
            throw new AssertionError("expected <" + line + "> but got <" + got + ">");
        }
    }

    /** Skips lines until one matches; returns it. */
    public String readUntil(Predicate<String> match) throws IOException {
        for (;;) {
            String line = readLine();
            if (match.test(line)) {
                return line;
            }
        }
    }

    /** True if the server closes the connection (after any lines still in flight) in time. */
    public boolean closedByServer() throws IOException {
        try {
            while (in.readLine() != null) {
                // drain what was sent before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** True if nothing arrives within {@code millis}. */
    public boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            String line = in.readLine();
            if (line != null) {
                throw new AssertionError("expected silence, got <" + line + ">");
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
