package io.parley.client;

import java.util.concurrent.TimeUnit;

/**
 * When to send the next keepalive {@code /ping}, and which {@code * pong} answers to show: only as
 * many as the user asked for with a typed {@code /ping}. The answers are alike, so when both kinds
 * are outstanding it does not matter which one is shown.
 */
final class Keepalive {
    static final String PONG = "* pong";

    private final long periodNanos;
    private long nextDue;
    private int typedPings;

    /** {@code seconds} 0 turns the keepalive off. */
    Keepalive(int seconds, long nowNanos) {
        this.periodNanos = TimeUnit.SECONDS.toNanos(seconds);
        this.nextDue = nowNanos + periodNanos;
    }

    /** How long until a ping is due; {@link Long#MAX_VALUE} when off. */
    long nanosUntilDue(long nowNanos) {
        return periodNanos == 0 ? Long.MAX_VALUE : Math.max(0, nextDue - nowNanos);
    }

    boolean due(long nowNanos) {
        return periodNanos != 0 && nowNanos - nextDue >= 0;
    }

    void sent(long nowNanos) {
        nextDue = nowNanos + periodNanos;
    }

    void userPinged() {
        typedPings++;
    }

    /** Whether to print this {@code * pong}. */
    boolean showPong() {
        if (typedPings > 0) {
            typedPings--;
            return true;
        }
        return false;
    }
}
