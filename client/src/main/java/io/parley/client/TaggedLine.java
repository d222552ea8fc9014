package io.parley.client;

import io.parley.protocol.Tags;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A server line with its optional tag block taken apart ({@code ~KEY=VALUE;FLAG REST}, see
 * docs/protocol.md; split by the protocol's {@link Tags}), the tags the client uses typed. {@code rest} is the line an untagged client would get; it is the whole line
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
    static TaggedLine untagged(String line) {
        return new TaggedLine(line, 0, null, null, null, false, false, null);
    }

    static TaggedLine parse(String line) {
        if (line.isEmpty() || line.charAt(0) != Tags.START || line.indexOf(' ') < 0) {
            return untagged(line);
        }
        Tags.Tagged tagged = Tags.parse(line);
        return new TaggedLine(tagged.rest(), positive(tagged.get(Tags.ID)), instant(tagged.get(Tags.TIME)),
                nonEmpty(tagged.get(Tags.ROOM)), nonEmpty(tagged.get(Tags.TO)), flag(tagged, Tags.HIST),
                flag(tagged, Tags.ACK), nonEmpty(tagged.get(Tags.TOKEN)));
    }

    private static boolean flag(Tags.Tagged tagged, String flag) {
        return tagged.has(flag) && tagged.get(flag).isEmpty();
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
