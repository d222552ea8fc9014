package io.parley.server.limits;

import io.parley.protocol.TokenBucket;
import java.util.function.LongSupplier;

/**
 * The flood policy shared by every transport: a token bucket per member; a line over the rate is
 * refused; a member that goes on sending while refused ({@link #MAX_REFUSED_IN_A_ROW} lines
 * without a pause long enough to earn a token) is disconnected.
 */
public final class FloodControl {
    public static final int MAX_REFUSED_IN_A_ROW = 20;
    /**
     * Bytes of answer that the token of the line asking for it pays for. A longer answer (a
     * {@code /who} of a big room) costs one more token for each further this many bytes, so no
     * client can make the server send it more than about {@code perSecond} times this a second.
     */
    public static final int ANSWER_BYTES_PER_TOKEN = 1024;

    /** What to do with one line. */
    public enum Verdict { ACCEPT, REFUSE, DISCONNECT, DROP }

    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoTime;

    /** @param perSecond lines a second; 0 turns flood control off */
    public FloodControl(double perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    public boolean enabled() {
        return perSecond > 0;
    }

    public String describe() {
        return "at most " + (perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond))
                + " lines a second after a burst of " + burst;
    }

    /** Per-member state; null when flood control is off. */
    public State newState() {
        return enabled() ? new State(new TokenBucket(perSecond, burst, nanoTime.getAsLong())) : null;
    }

    public Verdict check(State state) {
        if (state == null) {
            return Verdict.ACCEPT;
        }
        if (state.bucket.tryTake(nanoTime.getAsLong())) {
            state.refusedInARow = 0;
            return Verdict.ACCEPT;
        }
        int refused = ++state.refusedInARow;
        if (refused <= MAX_REFUSED_IN_A_ROW) {
            return Verdict.REFUSE;
        }
        // Lines still in flight after the disconnect are dropped without another word.
        return refused == MAX_REFUSED_IN_A_ROW + 1 ? Verdict.DISCONNECT : Verdict.DROP;
    }

    /** Charges the member for an answer of {@code bytes} (its line's own token already paid for the first part). */
    public void chargeAnswer(State state, long bytes) {
        long extra = (bytes - 1) / ANSWER_BYTES_PER_TOKEN;
        if (state != null && extra > 0) {
            state.bucket.charge(extra, nanoTime.getAsLong());
        }
    }

    /** One member's bucket and refusal streak; used on its event loop only. */
    public static final class State {
        private final TokenBucket bucket;
        private int refusedInARow;

        State(TokenBucket bucket) {
            this.bucket = bucket;
        }
    }
}
