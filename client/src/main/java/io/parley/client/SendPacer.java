package io.parley.client;

import java.util.concurrent.TimeUnit;

/**
 * Keeps the client's own lines within the server's flood control (by default a burst of 10, then
 * 5 a second), so that a long script piped into the client is paced rather than refused and
 * disconnected. A person typing never waits. Used on the session's (main) thread only.
 */
final class SendPacer {
    static final double DEFAULT_PER_SECOND = 5;
    static final int DEFAULT_BURST = 10;

    private final double perSecond;
    private final double burst;
    private double tokens;
    private long lastNanos;

    /** @param perSecond 0 sends at once, unpaced */
    SendPacer(double perSecond, int burst, long nowNanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** How long to wait before the next line may go; takes its place when that is 0. */
    long nanosToWait(long nowNanos) {
        if (perSecond <= 0) {
            return 0;
        }
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perSecond / 1e9);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perSecond * TimeUnit.SECONDS.toNanos(1));
    }
}
