package io.parley.client;

import java.util.function.DoubleSupplier;

/**
 * Delays between reconnection attempts: 1 s, doubling up to 30 s, each with jitter. The jitter is
 * "equal jitter": a delay is between half and all of its nominal value, so clients that lost the
 * same server at the same moment do not all come back in the same instant, and none waits longer
 * than the nominal delay.
 */
final class Backoff {
    static final long FIRST_MILLIS = 1000;
    static final long MAX_MILLIS = 30_000;

    private final DoubleSupplier random;
    private int failures;

    /** @param random uniform in [0, 1) */
    Backoff(DoubleSupplier random) {
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    long nextDelayMillis() {
        long nominal = nominalMillis(failures);
        failures++;
        return nominal / 2 + (long) (random.getAsDouble() * (nominal - nominal / 2));
    }

    /** After a successful reconnection: the next loss starts again at 1 s. */
    void reset() {
        failures = 0;
    }

    static long nominalMillis(int failures) {
        return failures >= 5 ? MAX_MILLIS : Math.min(MAX_MILLIS, FIRST_MILLIS << failures);
    }
}
