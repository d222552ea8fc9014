package io.parley.client;

import io.parley.protocol.TokenBucket;

/**
 * Keeps the client's own lines within the server's flood control (by default a burst of 10, then
 * 5 a second), so that a long script piped into the client is paced rather than refused and
 * disconnected. A person typing never waits. Used on the session's (main) thread only.
 */
final class SendPacer {
    static final int DEFAULT_BURST = 10;
    /**
     * Tokens the client leaves unused in the server's bucket: lines can arrive closer together
     * than they were sent (one delayed, the next not), and the spare absorbs that.
     */
    static final int RESERVE = 2;

    private final TokenBucket bucket;
    private final double perSecond;

    /** @param perSecond 0 sends at once, unpaced */
    SendPacer(double perSecond, int burst, long nowNanos) {
        this.bucket = perSecond > 0 ? new TokenBucket(perSecond, burst, nowNanos) : null;
        this.perSecond = perSecond;
    }

    /** How long before the next line may go; takes nothing. */
    long nanosToWaitWithoutTaking(long nowNanos) {
        return bucket == null ? 0 : bucket.nanosUntilToken(nowNanos);
    }

    /** About how long {@code lines} more lines take to go, from now; takes nothing. */
    double secondsFor(int lines, long nowNanos) {
        if (bucket == null) {
            return 0;
        }
        return Math.max(0, lines - Math.floor(bucket.available(nowNanos))) / perSecond;
    }

    double perSecond() {
        return perSecond;
    }

    /** How long to wait before the next line may go; takes its place when that is 0. */
    long nanosToWait(long nowNanos) {
        if (bucket == null || bucket.tryTake(nowNanos)) {
            return 0;
        }
        return bucket.nanosUntilToken(nowNanos);
    }
}
