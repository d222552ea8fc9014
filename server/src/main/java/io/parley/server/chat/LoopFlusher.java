package io.parley.server.chat;

import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * Flushes, once per event-loop iteration, every member of one loop that had lines written to it.
 * All the broadcasts a loop handles in one wake-up (its reads and the delivery tasks from other
 * loops) thus cost one flush, one syscall, per recipient, not one per message. Used only on its own
 * executor.
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
            if (executor instanceof SingleThreadEventLoop loop) {
                loop.executeAfterEventLoopIteration(this); // after this iteration's I/O and tasks
            } else {
                executor.execute(this); // other executors (tests): after the tasks already queued
            }
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
