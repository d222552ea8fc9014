package io.parley.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.server.ServerConfig;
import io.parley.server.chat.ChatHub;
import io.parley.server.chat.ChatService;
import io.parley.server.limits.ConnectionLimiter;
import io.parley.server.limits.FloodControl;
import io.parley.server.metrics.ServerMetrics;
import io.parley.server.time.TimeTeller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Connections to the web port on EmbeddedChannels, all wired to one chat, for handler tests. The
 * test side speaks raw HTTP, then WebSocket frames through a client frame encoder (masked, as a
 * browser's are) and decoder.
 */
final class EmbeddedWeb implements AutoCloseable {
    static final String HOST = "parley.test";
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ=="; // RFC 6455's example key

    final ServerMetrics metrics = ServerMetrics.forServer();
    final ServerConfig config;
    private final ChatService chat;
    private final ConnectionLimiter limiter;
    private final ChannelGroup group = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
    private final List<Conn> conns = new ArrayList<>();

    /** Flood control is off unless the flags set it. */
    EmbeddedWeb(String... flags) {
        List<String> args = new ArrayList<>(Arrays.asList(flags));
        if (!args.contains("--rate-limit")) {
            args.addAll(List.of("--rate-limit", "0"));
        }
        config = ServerConfig.parse(args.toArray(String[]::new));
        limiter = new ConnectionLimiter(config.maxPerIp(), config.maxConnections(), config.ipExempt(), reason -> { });
        chat = new ChatService(new ChatHub(PooledByteBufAllocator.DEFAULT, metrics),
                new FloodControl(config.rateLimit(), config.rateBurst(), System::nanoTime),
                new TimeTeller(Clock.systemDefaultZone()), false);
    }

    Conn connect() {
        Conn conn = new Conn(new EmbeddedChannel(new WebChatInitializer(chat, group, config, limiter, null)));
        conns.add(conn);
        return conn;
    }

    /** A connection that has completed the handshake and read the welcome. */
    Conn webSocket() {
        Conn conn = connect();
        String response = conn.handshake("Origin: http://" + HOST);
        if (!response.startsWith("HTTP/1.1 101 ")) {
            throw new AssertionError("handshake refused: " + response);
        }
        conn.lines();
        return conn;
    }

    Conn named(String name) {
        Conn conn = webSocket();
        conn.send("/nick " + name);
        conn.lines();
        return conn;
    }

    /** Runs the tasks every connection's loop has queued: deliveries and batched flushes. */
    void settle() {
        for (int round = 0; round < 3; round++) {
            for (Conn c : conns) {
                c.channel.runPendingTasks();
            }
        }
    }

    @Override
    public void close() {
        for (Conn c : conns) {
            c.channel.finishAndReleaseAll();
            c.encoder.finishAndReleaseAll();
            c.decoder.finishAndReleaseAll();
        }
        metrics.close();
    }

    final class Conn {
        final EmbeddedChannel channel;
        private final EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
        private final EmbeddedChannel decoder = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
        private boolean upgraded;

        Conn(EmbeddedChannel channel) {
            this.channel = channel;
        }

        /** Sends raw request bytes; returns every byte written back, as text. */
        String http(String request) {
            channel.writeInbound(Unpooled.copiedBuffer(request, CharsetUtil.UTF_8));
            settle();
            return drain().toString(CharsetUtil.UTF_8);
        }

        /** A GET of {@code path} with extra header lines. */
        String get(String path, String... headers) {
            return http("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n" + lines(headers) + "\r\n");
        }

        /** A WebSocket handshake with these header lines besides Host; returns the HTTP response. */
        String handshake(String... headers) {
            return handshakeRaw("GET", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                    "Sec-WebSocket-Key: " + KEY, lines(headers));
        }

        /** A request to /ws with exactly these header lines besides Host; returns the HTTP response. */
        String handshakeRaw(String method, String... headers) {
            channel.writeInbound(Unpooled.copiedBuffer(method + " /ws HTTP/1.1\r\nHost: " + HOST + "\r\n"
                    + lines(headers) + "\r\n", CharsetUtil.UTF_8));
            settle();
            ByteBuf out = drain();
            String text = out.toString(CharsetUtil.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (text.startsWith("HTTP/1.1 101 ") && end > 0) {
                upgraded = true;
                int headerBytes = text.substring(0, end + 4).getBytes(CharsetUtil.UTF_8).length;
                decoder.writeInbound(out.retainedSlice(headerBytes, out.readableBytes() - headerBytes));
                text = text.substring(0, end + 4);
            }
            out.release();
            return text;
        }

        private String lines(String... headers) {
            StringBuilder b = new StringBuilder();
            for (String h : headers) {
                if (!h.isEmpty()) {
                    b.append(h).append(h.endsWith("\r\n") ? "" : "\r\n");
                }
            }
            return b.toString();
        }

        void send(String line) {
            sendFrame(new TextWebSocketFrame(line));
        }

        /** Encodes a frame as a browser would (masked) and hands its bytes to the server. */
        void sendFrame(WebSocketFrame frame) {
            encoder.writeOutbound(frame);
            sendBytes(drainFrom(encoder));
        }

        void sendBytes(ByteBuf bytes) {
            channel.writeInbound(bytes);
            settle();
        }

        /** Every frame written to this connection since the last call: "text:LINE", "close:CODE REASON", ... */
        List<String> frames() {
            settle();
            if (!upgraded) {
                throw new IllegalStateException("not a WebSocket yet");
            }
            decoder.writeInbound(drain());
            List<String> frames = new ArrayList<>();
            for (WebSocketFrame f; (f = decoder.readInbound()) != null; ) {
                try {
                    frames.add(describe(f));
                } finally {
                    f.release();
                }
            }
            return frames;
        }

        /** The text frames among {@link #frames()}. */
        List<String> lines() {
            return frames().stream().filter(f -> f.startsWith("text:")).map(f -> f.substring(5)).toList();
        }

        private String describe(WebSocketFrame f) {
            if (f instanceof TextWebSocketFrame t) {
                return "text:" + t.text();
            }
            if (f instanceof CloseWebSocketFrame c) {
                return "close:" + c.statusCode() + " " + c.reasonText();
            }
            if (f instanceof PongWebSocketFrame p) {
                return "pong:" + p.content().toString(CharsetUtil.UTF_8);
            }
            if (f instanceof BinaryWebSocketFrame) {
                return "binary";
            }
            return f.getClass().getSimpleName();
        }

        private ByteBuf drain() {
            return drainFrom(channel);
        }
    }

    private static ByteBuf drainFrom(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (Object out; (out = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) out;
            all.writeBytes(buf);
            buf.release();
        }
        return all;
    }
}
