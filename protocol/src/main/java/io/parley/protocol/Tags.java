package io.parley.protocol;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message tags, for clients that turn them on with {@code /tags on}: a line that carries them
 * starts with a tag block, then one space, then exactly the line an untagged client would get:
 *
 * <pre>~id=42;time=2026-11-27T09:15:02.345Z;room=lobby alice : hello</pre>
 *
 * {@code ~} starts no other server line. Values never hold a space, {@code ;} or {@code =}; a
 * key without {@code =} is a flag ({@code hist}, {@code ack}). Clients ignore keys and flags they
 * do not know.
 */
public final class Tags {
    public static final char START = '~';
    public static final String ID = "id";
    public static final String TIME = "time";
    public static final String ROOM = "room";
    public static final String TO = "to";
    public static final String TOKEN = "token";
    /** Flag: history (a replay on join or an answer to {@code /history}), not a live line. */
    public static final String HIST = "hist";
    /** Flag: the sender's own message, now stored. */
    public static final String ACK = "ack";

    private Tags() {
    }

    /**
     * The tag block of a chat message: {@code ~id=N;time=T;room=ROOM} or {@code ...;to=NAME}, then
     * {@code ;FLAG} when {@code flag} is not null. Exactly one of {@code room} and {@code to} is set.
     */
    public static String message(long id, long timeMillis, String room, String to, String flag) {
        StringBuilder b = new StringBuilder(64).append(START)
                .append(ID).append('=').append(id).append(';')
                .append(TIME).append('=');
        appendTime(b, timeMillis);
        if (room != null) {
            b.append(';').append(ROOM).append('=').append(room);
        } else {
            b.append(';').append(TO).append('=').append(to);
        }
        if (flag != null) {
            b.append(';').append(flag);
        }
        return b.toString();
    }

    /** {@code block} (from one of the builders here) and the untagged line, joined by a space. */
    public static String tag(String block, String line) {
        return block + ' ' + line;
    }

    /** {@code ~token=T}: the block of {@code * you are NAME} for a tagged client. */
    public static String token(String token) {
        return START + TOKEN + "=" + token;
    }

    /** {@code ~hist;room=ROOM} or {@code ~hist;to=NAME}: the block of a history header and footer. */
    public static String historyBatch(String room, String to) {
        return START + HIST + ";" + (room != null ? ROOM + "=" + room : TO + "=" + to);
    }

    /** A server time as tags carry it: UTC, millisecond precision, always {@code 2026-11-27T09:15:02.345Z}. */
    public static String time(long epochMillis) {
        StringBuilder b = new StringBuilder(24);
        appendTime(b, epochMillis);
        return b.toString();
    }

    static void appendTime(StringBuilder b, long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L),
                (int) Math.floorMod(epochMillis, 1000L) * 1_000_000, ZoneOffset.UTC);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2).append('.');
        pad(b, (int) Math.floorMod(epochMillis, 1000L), 3).append('Z');
    }

    static StringBuilder pad(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }

    /**
     * A received line split into its tags and the rest. A line without a tag block has no tags and
     * is all rest. Flags appear in {@link Tagged#values()} with an empty value.
     */
    public static Tagged parse(String line) {
        if (line.isEmpty() || line.charAt(0) != START) {
            return new Tagged(Map.of(), line);
        }
        int space = line.indexOf(' ');
        String block = space < 0 ? line.substring(1) : line.substring(1, space);
        String rest = space < 0 ? "" : line.substring(space + 1);
        Map<String, String> values = new LinkedHashMap<>();
        for (String item : block.split(";")) {
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                values.put(item, "");
            } else {
                values.put(item.substring(0, eq), item.substring(eq + 1));
            }
        }
        return new Tagged(Collections.unmodifiableMap(values), rest);
    }

    /** One parsed line: its tags ({@code id -> 42}, {@code hist -> ""}) and the untagged line. */
    public record Tagged(Map<String, String> values, String rest) {
        public boolean has(String keyOrFlag) {
            return values.containsKey(keyOrFlag);
        }

        public String get(String key) {
            return values.get(key);
        }

        /** The {@code id} tag, or -1 when there is none. */
        public long id() {
            String id = values.get(ID);
            return id == null ? -1 : Long.parseLong(id);
        }
    }
}
