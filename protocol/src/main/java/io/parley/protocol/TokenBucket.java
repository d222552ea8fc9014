package io.parley.protocol;

/**
 * A token bucket: {@code burst} lines at once, then {@code perSecond} a second. The server's flood
 * control refuses lines past it; the console client paces its own lines by it. Not thread-safe:
 * each bucket belongs to one sender and is used on one thread.
 */
public final class TokenBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one. */
    public boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * Takes {@code tokens} whether or not they are there: the balance may fall below zero, and
     * {@link #tryTake} refuses until it has refilled. For work whose cost is known only once done.
     */
    public void charge(double tokens, long nowNanos) {
        refill(nowNanos);
        this.tokens -= tokens;
    }

    /** Nanoseconds until a token will be there (0 if one is there now); takes nothing. */
    public long nanosUntilToken(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    /** Tokens there now (possibly a fraction); takes nothing. */
    public double available(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            lastNanos = nowNanos;
        }
    }
}
