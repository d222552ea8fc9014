package io.parley.bench;

import java.util.BitSet;

/**
 * What one receiver got from each sender of its room: distinct messages, duplicates and
 * messages that came out of per-sender order. Each sender numbers its messages 0, 1, 2, ...
 * In the normal case (in order, nothing lost) this is one comparison and two increments; only a
 * gap makes it remember which numbers are still missing, so a late one counts as out of order and
 * not as a duplicate. Used by one thread (the receiver's event loop).
 */
public final class DeliveryTracker {
    private final long[] next;
    private final long[] distinct;
    private final BitSet[] missing;
    private long duplicates;
    private long outOfOrder;

    /** @param senders how many senders this receiver hears (their slots are 0 .. senders-1) */
    public DeliveryTracker(int senders) {
        next = new long[senders];
        distinct = new long[senders];
        missing = new BitSet[senders];
    }

    /** Records message {@code seq} from the sender in {@code slot}. True if it is new. */
    public boolean record(int slot, long seq) {
        long expected = next[slot];
        if (seq == expected) {
            next[slot] = seq + 1;
            distinct[slot]++;
            return true;
        }
        if (seq > expected) {
            BitSet gap = missing[slot];
            if (gap == null) {
                gap = missing[slot] = new BitSet();
            }
            gap.set(Math.toIntExact(expected), Math.toIntExact(seq));
            next[slot] = seq + 1;
            distinct[slot]++;
            return true;
        }
        BitSet gap = missing[slot];
        if (gap != null && gap.get((int) seq)) {
            gap.clear((int) seq);
            outOfOrder++;
            distinct[slot]++;
            return true;
        }
        duplicates++;
        return false;
    }

    public int senders() {
        return next.length;
    }

    /** Distinct messages received from the sender in {@code slot}. */
    public long distinct(int slot) {
        return distinct[slot];
    }

    public long distinctTotal() {
        long sum = 0;
        for (long d : distinct) {
            sum += d;
        }
        return sum;
    }

    /** Messages that arrived after a later message of the same sender. */
    public long outOfOrder() {
        return outOfOrder;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Messages the sender in {@code slot} sent ({@code sent} of them) that never arrived here. */
    public long lost(int slot, long sent) {
        return Math.max(0, sent - distinct[slot]);
    }
}
