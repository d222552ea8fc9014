package io.parley.server;

/** Names of pipeline stages, one place for all transports. */
public final class PipelineNames {
    public static final String CONNECTION_LIMITER = "connection-limiter";
    public static final String IDLE_TIMEOUT = "idle-timeout";
    public static final String CONNECTION_METRICS = "connection-metrics";
    public static final String TLS = "tls";
    public static final String FRAME_DECODER = "line-frame-decoder";
    public static final String LOCK_STEP = io.parley.protocol.LockStepAnswers.NAME; // added when a client turns lock-step
    public static final String LINE_DECODER = "client-line-decoder";
    public static final String LINE_ENCODER = "line-encoder";
    public static final String SESSION = "chat-session";
    public static final String DATAGRAM_METER = "datagram-meter";
    public static final String DATAGRAM_DECODER = "datagram-decoder";
    public static final String DATAGRAM_SESSION = "datagram-chat";
    public static final String TIME_SERVICE = "time-service";
    public static final String HTTP_CODEC = "http-codec";
    public static final String HTTP_KEEP_ALIVE = "http-keep-alive";
    public static final String HTTP_AGGREGATOR = "http-aggregator";
    public static final String ADMIN = "admin-endpoints";
    public static final String WEB_HTTP = "web-http";
    public static final String WEB_SOCKET = "web-socket";
    public static final String WEB_FRAME_AGGREGATOR = "web-frame-aggregator";
    public static final String WEB_FRAMES = "web-frames";

    private PipelineNames() {
    }
}
