package io.parley.server.chat.history;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids from one counter for every conversation of this node: each id is greater than all before it,
 * so ids increase within each conversation (not consecutively) and are unique in the store. The
 * store seeds it with the highest id it ever kept, so ids keep increasing across restarts.
 */
public final class LocalMessageIds implements MessageIds {
    private final AtomicLong last;

    public LocalMessageIds(long lastIssued) {
        this.last = new AtomicLong(lastIssued);
    }

    @Override
    public long next(String conversation) {
        return last.incrementAndGet();
    }

    /** The highest id given so far. */
    public long last() {
        return last.get();
    }
}
