package io.parley.protocol;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The lines of a history batch (an answer to {@code /history}, or the replay on joining a room) as
 * an untagged client gets them: a header, one notice per message, a footer. Every line starts with
 * {@code "* "}, so no client takes a history line for live chat:
 *
 * <pre>
 * * history of lobby: 2 messages
 * * [2026-11-27 09:14:00Z] bob : an earlier line
 * * [2026-11-27 09:15:02Z] alice -> bob : a private one (in "* history with bob: ...")
 * * end of history
 * </pre>
 *
 * A tagged client gets the header and footer with a {@link Tags#historyBatch} block, and each
 * message in its live form with a {@link Tags#message} block flagged {@link Tags#HIST}.
 */
public final class HistoryLines {
    public static final String END = ServerLine.notice("end of history");
    /** Most messages one {@code /history} answer (or replay) holds. */
    public static final int MAX_MESSAGES = 1000;
    /** Messages a {@code /history} without a count gets. */
    public static final int DEFAULT_MESSAGES = 50;

    private HistoryLines() {
    }

    public static String roomHeader(String room, int count) {
        return ServerLine.notice("history of " + room + ": " + count + " messages");
    }

    /** The header of the private conversation with {@code other}. */
    public static String pairHeader(String other, int count) {
        return ServerLine.notice("history with " + other + ": " + count + " messages");
    }

    /** {@code * [2026-11-27 09:14:00Z] bob : TEXT}. */
    public static String roomMessage(long timeMillis, String sender, String text) {
        return stamped(timeMillis).append(ServerLine.chat(sender, text)).toString();
    }

    /** {@code * [2026-11-27 09:14:00Z] alice -> bob : TEXT}. */
    public static String privateMessage(long timeMillis, String from, String to, String text) {
        return stamped(timeMillis).append(from).append(" -> ").append(ServerLine.chat(to, text)).toString();
    }

    private static StringBuilder stamped(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(96).append(ServerLine.NOTICE).append('[');
        Tags.pad(b, t.getYear(), 4).append('-');
        Tags.pad(b, t.getMonthValue(), 2).append('-');
        Tags.pad(b, t.getDayOfMonth(), 2).append(' ');
        Tags.pad(b, t.getHour(), 2).append(':');
        Tags.pad(b, t.getMinute(), 2).append(':');
        Tags.pad(b, t.getSecond(), 2).append("Z] ");
        return b;
    }
}
