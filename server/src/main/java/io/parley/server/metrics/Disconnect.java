package io.parley.server.metrics;

/** Why a session ended. The tag value is the metric label. */
public enum Disconnect {
    QUIT("quit"),
    CLOSED("connection_closed"),
    LOST("connection_lost"),
    ERROR("connection_error"),
    SEND_QUEUE_EXCEEDED("send_queue_exceeded"),
    SHUTDOWN("shutdown"),
    FLOODING("flooding"),
    IDLE("idle"),
    NO_NAME("no_name"),
    OTHER("other");

    final String tag;

    Disconnect(String tag) {
        this.tag = tag;
    }

    /** Classifies a member's leave reason, the text its room is shown. */
    public static Disconnect ofLeaveReason(String reason) {
        return switch (reason) {
            case "quit" -> QUIT;
            case "connection closed" -> CLOSED;
            case "connection lost" -> LOST;
            case "connection error" -> ERROR;
            case "send queue exceeded" -> SEND_QUEUE_EXCEEDED;
            case "shutdown" -> SHUTDOWN;
            case "flooding" -> FLOODING;
            case "idle" -> IDLE;
            case "no name" -> NO_NAME;
            default -> OTHER;
        };
    }
}
