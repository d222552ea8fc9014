package io.parley.server.chat.history;

import java.time.Duration;

/**
 * How much history is kept: at most {@code keep} messages per conversation (0: no count limit)
 * and/or none older than {@code maxAge} (null: no age limit). Older messages are deleted in the
 * background, so a few more may be kept for a short while.
 */
public record Retention(int keep, Duration maxAge) {

    public static final Retention FOREVER = new Retention(0, null);

    public boolean byCount() {
        return keep > 0;
    }

    public boolean byAge() {
        return maxAge != null && !maxAge.isZero();
    }
}
