package io.parley.server.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.parley.server.PipelineNames;
import io.parley.server.ServerConfig;
import io.parley.server.chat.ChatService;
import io.parley.server.limits.ConnectionLimiter;
import io.parley.server.metrics.ConnectionMetricsHandler;
import io.parley.server.metrics.TransportMeters;
import io.parley.server.tcp.SessionTimeouts;
import io.parley.server.tcp.TcpSessionHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of one connection to the web port: HTTP for the chat page, then, after a WebSocket
 * handshake at {@code /ws}, one chat line per text frame through the same chat session as TCP.
 * With an {@link SslContext}, the same behind an {@code SslHandler} (https and wss).
 */
public final class WebChatInitializer extends ChannelInitializer<Channel> {
    /** Requests are bodiless GETs: anything bigger is refused by the aggregator. */
    static final int MAX_REQUEST_BYTES = 8192;
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** How long a closing WebSocket waits for its close frame to go out before the connection is dropped. */
    private static final long CLOSE_FRAME_TIMEOUT_MILLIS = 1000;

    private final ChatService chat;
    private final ChannelGroup connections;
    private final ServerConfig config;
    private final ConnectionLimiter limiter;
    private final SslContext tls;
    private final TransportMeters meters;
    private final ConnectionMetricsHandler connectionMetrics;
    private final WebHttpHandler http;
    private final WebSocketServerProtocolConfig webSocketConfig;
    /** The name deadline of the chat sessions; their silence is the idle stage's (HTTP requests too). */
    private final SessionTimeouts timeouts;

    /** {@code tls} null: plain HTTP and WebSocket, counted as transport {@code ws}; else {@code wss}. */
    public WebChatInitializer(ChatService chat, ChannelGroup connections, ServerConfig config, ConnectionLimiter limiter,
                              SslContext tls) {
        this.chat = chat;
        this.connections = connections;
        this.config = config;
        this.limiter = limiter;
        this.tls = tls;
        this.meters = chat.metrics().transport(tls == null ? "ws" : "wss");
        this.connectionMetrics = new ConnectionMetricsHandler(meters);
        this.timeouts = new SessionTimeouts(config.nameTimeout(), null);
        this.http = new WebHttpHandler(new WebAssets(config.maxLineBytes()), config.webOrigins(), config.nameTimeout(),
                this::upgrade, () -> chat.metrics().connectionRefused("origin"));
        this.webSocketConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(WebHttpHandler.WEBSOCKET_PATH)
                .checkStartsWith(true) // /ws?anything: the HTTP stage routes by path alone too
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .sendCloseFrame(WebSocketCloseStatus.NORMAL_CLOSURE) // every close says goodbye with a close frame
                .forceCloseTimeoutMillis(CLOSE_FRAME_TIMEOUT_MILLIS)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(config.maxLineBytes()) // a longer frame: close 1009
                        .allowExtensions(false)
                        .closeOnProtocolViolation(true)
                        .withUTF8Validator(true) // a text frame that is not UTF-8: close 1007
                        .build())
                .build();
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch); // so that shutdown can say goodbye to everyone
        ChannelPipeline p = ch.pipeline();
        // refuse the connection outright when the server or its address is over its cap
        p.addLast(PipelineNames.CONNECTION_LIMITER, limiter);
        // open connections and bytes as on the wire
        p.addLast(PipelineNames.CONNECTION_METRICS, connectionMetrics);
        if (tls != null) {
            // encrypted bytes <-> plain bytes
            p.addLast(PipelineNames.TLS, tls.newHandler(ch.alloc()));
        }
        // nothing read for --idle-timeout -> an IdleStateEvent (HTTP stage or chat session)
        p.addLast(PipelineNames.IDLE_TIMEOUT,
                new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        // bytes <-> HTTP/1.1 messages; after the handshake, replaced by the WebSocket frame codec
        p.addLast(PipelineNames.HTTP_CODEC, new HttpServerCodec());
        // Connection: keep-alive / close, while the connection speaks HTTP
        p.addLast(PipelineNames.HTTP_KEEP_ALIVE, new HttpServerKeepAliveHandler());
        // head and body parts -> one FullHttpRequest
        p.addLast(PipelineNames.HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_REQUEST_BYTES));
        // the page and its files; a checked handshake at /ws installs the stages below
        p.addLast(PipelineNames.WEB_HTTP, http);
    }

    /** Once a handshake passed the checks: the WebSocket stages, behind {@code httpStage}. */
    private void upgrade(ChannelHandlerContext httpStage) {
        ChannelPipeline p = httpStage.pipeline();
        p.remove(PipelineNames.HTTP_KEEP_ALIVE);
        // handshake, ping/pong, close; adds the handshake and UTF-8 checking stages before itself
        p.addAfter(httpStage.name(), PipelineNames.WEB_SOCKET, new WebSocketServerProtocolHandler(webSocketConfig));
        // a message sent in fragments -> one frame, at most --max-line bytes
        p.addAfter(PipelineNames.WEB_SOCKET, PipelineNames.WEB_FRAME_AGGREGATOR,
                new WebSocketFrameAggregator(config.maxLineBytes()));
        // text frame <-> line; after the handshake adds the chat session (as on TCP) behind itself
        p.addAfter(PipelineNames.WEB_FRAME_AGGREGATOR, PipelineNames.WEB_FRAMES,
                new WebSocketFrameHandler(config.maxLineBytes(),
                        () -> new TcpSessionHandler(chat, timeouts, meters, WebSocketMember::new)));
    }
}
