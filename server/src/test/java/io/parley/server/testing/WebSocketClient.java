package io.parley.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * A WebSocket chat client for end-to-end tests (the JDK's): one line per text frame. Every wait is
 * bounded by {@link LineClient#TIMEOUT_MILLIS}.
 */
public final class WebSocketClient implements AutoCloseable {
    /** How the server ended the connection. */
    public record Closed(int status, String reason) {
    }

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WebSocketClient(HttpClient http, URI uri) throws Exception {
        StringBuilder partial = new StringBuilder();
        socket = http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    lines.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                lines.add("(binary frame)");
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(new Closed(status, reason));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        }).get(LineClient.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Connects to ws://127.0.0.1:port/ws and reads the welcome line. */
    public static WebSocketClient connect(int port) throws Exception {
        return connect(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + port + "/ws"));
    }

    /** Connects over TLS (wss://), trusting what {@code tls} trusts, and reads the welcome line. */
    public static WebSocketClient connectTls(int port, SSLContext tls) throws Exception {
        return connect(HttpClient.newBuilder().sslContext(tls).build(), URI.create("wss://127.0.0.1:" + port + "/ws"));
    }

    private static WebSocketClient connect(HttpClient http, URI uri) throws Exception {
        WebSocketClient client = new WebSocketClient(http, uri);
        String welcome = client.readLine();
        if (!welcome.startsWith("* welcome")) {
            throw new AssertionError("expected a welcome, got: " + welcome);
        }
        return client;
    }

    /** Connects and claims {@code name}, reading the replies to the claim. */
    public static WebSocketClient named(int port, String name) throws Exception {
        WebSocketClient client = connect(port);
        client.send("/nick " + name);
        client.expect("* you are " + name);
        client.readUntil(l -> l.startsWith("* you are in "));
        return client;
    }

    public void send(String line) throws Exception {
        socket.sendText(line, true).get(LineClient.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The next line; fails on timeout. */
    public String readLine() throws InterruptedException {
        String line = lines.poll(LineClient.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no line within " + LineClient.TIMEOUT_MILLIS + " ms"
                    + (closed.isDone() ? "; closed: " + closed.getNow(null) : ""));
        }
        return line;
    }

    public void expect(String line) throws InterruptedException {
        String got = readLine();
        if (!got.equals(line)) {
            throw new AssertionError("expected <" + line + "> but got <" + got + ">");
        }
    }

    /** Skips lines until one matches; returns it. */
    public String readUntil(Predicate<String> match) throws InterruptedException {
        for (;;) {
            String line = readLine();
            if (match.test(line)) {
                return line;
            }
        }
    }

    /** Waits for the server's close frame. */
    public Closed awaitClose() throws Exception {
        return closed.get(LineClient.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
