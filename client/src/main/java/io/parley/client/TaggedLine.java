package io.parley.client;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A server line with its optional tag block taken apart ({@code ~KEY=VALUE;FLAG REST}, see
 * docs/protocol.md). {@code rest} is the line an untagged client would get; it is the whole line
 * when there are no tags. Keys and flags the client does not know are ignored, as are values it
 * cannot read (a malformed id or time counts as absent).
 *
 * @param id    the message id, 0 when absent
 * @param time  when the server accepted the message, null when absent
 * @param room  the room the message belongs to, or null
 * @param to    for a private message, whom it was sent to, or null
 * @param hist  a history line (replay or an answer to {@code /history}), not a live one
 * @param ack   the server's acknowledgement of this client's own message, now stored
 * @param token on {@code * you are NAME}: the resume token of NAME, or null
 */
record TaggedLine(String rest, long id, Instant time, String room, String to, boolean hist, boolean ack,
                  String token) {
    static final char TAG_START = '~';

    static TaggedLine untagged(String line) {
        return new TaggedLine(line, 0, null, null, null, false, false, null);
    }

    static TaggedLine parse(String line) {
        int space = line.indexOf(' ');
        if (line.isEmpty() || line.charAt(0) != TAG_START || space < 0) {
            return untagged(line);
        }
        long id = 0;
        Instant time = null;
        String room = null;
        String to = null;
        String token = null;
        boolean hist = false;
        boolean ack = false;
        for (String tag : line.substring(1, space).split(";")) {
            int eq = tag.indexOf('=');
            String key = eq < 0 ? tag : tag.substring(0, eq);
            String value = eq < 0 ? null : tag.substring(eq + 1);
            switch (key) {
                case "id" -> id = positive(value);
                case "time" -> time = instant(value);
                case "room" -> room = nonEmpty(value);
                case "to" -> to = nonEmpty(value);
                case "token" -> token = nonEmpty(value);
                case "hist" -> hist = value == null;
                case "ack" -> ack = value == null;
                default -> {
                    // unknown keys and flags: ignored, as the contract asks
                }
            }
        }
        return new TaggedLine(line.substring(space + 1), id, time, room, to, hist, ack, token);
    }

    boolean hasId() {
        return id > 0;
    }

    private static long positive(String value) {
        if (value == null) {
            return 0;
        }
        try {
            long id = Long.parseLong(value);
            return Math.max(id, 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
