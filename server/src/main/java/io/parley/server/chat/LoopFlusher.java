package io.parley.server.chat;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * Flushes, once per batch, every member of one event loop that had lines written to it. Many
 * broadcasts arriving together thus cost one flush (one syscall) per recipient, not one each.
 * Used only on its own executor.
 */
final class LoopFlusher implements Runnable {
    private final EventExecutor executor;
    private final List<Member> pending = new ArrayList<>();
    private boolean scheduled;

    LoopFlusher(EventExecutor executor) {
        this.executor = executor;
    }

    void flushLater(Member member) {
        if (!member.flushPending) {
            member.flushPending = true;
            pending.add(member);
        }
        if (!scheduled) {
            scheduled = true;
            executor.execute(this); // runs after the deliveries already queued on this loop
        }
    }

    @Override
    public void run() {
        scheduled = false;
        for (int i = 0; i < pending.size(); i++) {
            Member member = pending.get(i);
            member.flushPending = false;
            member.flush();
        }
        pending.clear();
    }
}
