package io.parley.server.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.parley.protocol.ClientLineDecoder;
import io.parley.protocol.LineFraming;
import io.parley.server.PipelineNames;
import io.parley.server.ServerConfig;
import io.parley.server.chat.ChatService;
import io.parley.server.limits.ConnectionLimiter;
import io.parley.server.metrics.ConnectionMetricsHandler;
import io.parley.server.metrics.TransportMeters;

/**
 * The pipeline of one TCP chat connection; with an {@link SslContext}, of one TLS connection (the
 * same line stages behind an {@code SslHandler}); also of one Unix domain socket connection.
 */
public final class TcpChatInitializer extends ChannelInitializer<Channel> {
    private final ChatService chat;
    private final ChannelGroup connections;
    private final ServerConfig config;
    private final ConnectionLimiter limiter;
    private final SslContext tls;
    private final TransportMeters meters;
    private final ConnectionMetricsHandler connectionMetrics;
    private final SessionTimeouts timeouts;

    public TcpChatInitializer(ChatService chat, ChannelGroup connections, ServerConfig config, ConnectionLimiter limiter) {
        this(chat, connections, config, limiter, null);
    }

    /** {@code tls} null: plain TCP, counted as transport {@code tcp}; else TLS, counted as {@code tls}. */
    public TcpChatInitializer(ChatService chat, ChannelGroup connections, ServerConfig config, ConnectionLimiter limiter,
                              SslContext tls) {
        this(chat, connections, config, limiter, tls, tls == null ? "tcp" : "tls");
    }

    /**
     * The same line pipeline on another stream transport ({@code unix} for Unix domain sockets),
     * counted in the metrics under {@code transport}.
     */
    public TcpChatInitializer(ChatService chat, ChannelGroup connections, ServerConfig config, ConnectionLimiter limiter,
                              SslContext tls, String transport) {
        this.chat = chat;
        this.connections = connections;
        this.config = config;
        this.limiter = limiter;
        this.tls = tls;
        this.meters = chat.metrics().transport(transport);
        this.connectionMetrics = new ConnectionMetricsHandler(meters);
        this.timeouts = new SessionTimeouts(config.nameTimeout(), config.idleTimeout());
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
            // encrypted bytes <-> plain bytes; lines written before the handshake wait for it
            p.addLast(PipelineNames.TLS, tls.newHandler(ch.alloc()));
        }
        // bytes -> one frame per line, overlong lines discarded and reported; a line left
        // unterminated for --line-pause is complete too: such a client is lock-step, and the decoder
        // then puts LockStepAnswers behind itself, which sends what is written to it as one answer
        // per line it sends
        p.addLast(PipelineNames.FRAME_DECODER,
                LineFraming.newFrameDecoder(config.maxLineBytes(), config.linePause().toMillis()));
        // frame -> ClientLine (UTF-8 checked, control characters removed)
        p.addLast(PipelineNames.LINE_DECODER, ClientLineDecoder.INSTANCE);
        // outbound String -> UTF-8 line; pre-encoded broadcast ByteBufs pass through untouched
        p.addLast(PipelineNames.LINE_ENCODER, LineFraming.ENCODER);
        // ClientLine -> chat logic
        // (no name within --name-timeout, nothing read for --idle-timeout: closed, see SessionTimeouts)
        p.addLast(PipelineNames.SESSION, new TcpSessionHandler(chat, timeouts, meters));
    }
}
