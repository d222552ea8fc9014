package io.parley.server.metrics;

/** Why a client's line was refused with a {@code !} error. The tag value is the metric label. */
public enum Refusal {
    NAME_TAKEN("name_taken"),
    INVALID_NAME("invalid_name"),
    IMPERSONATION("impersonation"),
    NO_NAME("no_name"),
    EMPTY_MESSAGE("empty_message"),
    LINE_TOO_LONG("line_too_long"),
    INVALID_UTF8("invalid_utf8"),
    INVALID_LINE("invalid_line"),
    UNKNOWN_COMMAND("unknown_command"),
    BAD_USAGE("bad_usage"),
    NO_SUCH_NAME("no_such_name"),
    RATE_LIMITED("rate_limited"),
    /** A step that needs the other servers of the chat while this one is cut off from them. */
    CLUSTER_UNAVAILABLE("cluster_unavailable"),
    /** A name change refused by the per-address throttle ({@code --connect-rate}). */
    THROTTLED("throttled");

    final String tag;

    Refusal(String tag) {
        this.tag = tag;
    }

    /** Classifies the reason text of an unreadable line (see {@code ClientLineDecoder}). */
    public static Refusal ofInvalidLine(String reason) {
        if (reason.startsWith("line too long")) {
            return LINE_TOO_LONG;
        }
        if (reason.startsWith("invalid UTF-8")) {
            return INVALID_UTF8;
        }
        return INVALID_LINE;
    }
}
