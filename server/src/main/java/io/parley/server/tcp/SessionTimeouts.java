package io.parley.server.tcp;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of one transport's sessions: a connection that has claimed no name within
 * {@code --name-timeout}, or from which nothing has been read for {@code --idle-timeout}, is told
 * why and closed.
 *
 * <p>One periodic check per event loop walks the sessions of that loop, which are linked through
 * fields of their {@link TcpSessionHandler}s, instead of a timer (and, for the idle time, a
 * pipeline stage) per connection: watching a connection costs four fields, not the few hundred
 * bytes of a handler, its context and its scheduled tasks. A deadline is noticed within one
 * period after it passes: an eighth of the shorter timeout, at most a second. Times come from the
 * loop's ticker. Everything but the construction runs on the loops.
 */
public final class SessionTimeouts {
    private static final Logger log = LoggerFactory.getLogger(SessionTimeouts.class);
    private static final long MAX_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Duration nameTimeout;
    private final long nameNanos;
    /** 0: silence is not checked here (another stage of the pipeline does it). */
    private final long idleNanos;
    private final long periodNanos;
    private final ConcurrentHashMap<EventExecutor, Sweep> sweeps = new ConcurrentHashMap<>();

    /**
     * @param idleTimeout null when something else in the pipeline closes silent connections (the
     *                    web transport's idle stage, which covers its HTTP requests too)
     */
    public SessionTimeouts(Duration nameTimeout, Duration idleTimeout) {
        this.nameTimeout = nameTimeout;
        this.nameNanos = nameTimeout.toNanos();
        this.idleNanos = idleTimeout == null ? 0 : idleTimeout.toNanos();
        long shorter = idleNanos == 0 ? nameNanos : Math.min(nameNanos, idleNanos);
        this.periodNanos = Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, shorter / 8));
    }

    Duration nameTimeout() {
        return nameTimeout;
    }

    /** Starts the clocks of a session whose connection just became active; on its loop. */
    void watch(TcpSessionHandler session, EventExecutor loop) {
        sweeps.computeIfAbsent(loop, Sweep::new).add(session);
    }

    /** The session's connection is gone; on its loop. */
    void unwatch(TcpSessionHandler session, EventExecutor loop) {
        Sweep sweep = sweeps.get(loop);
        if (sweep != null) {
            sweep.remove(session);
        }
    }

    /** The sessions of one loop, and its periodic check. */
    private final class Sweep implements Runnable {
        private final EventExecutor loop;
        private TcpSessionHandler first;

        Sweep(EventExecutor loop) {
            this.loop = loop;
            loop.scheduleAtFixedRate(this, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        }

        void add(TcpSessionHandler s) {
            if (s.watched) {
                return; // already on the list (a second channelActive would make it a cycle)
            }
            long now = loop.ticker().nanoTime();
            s.startNanos = now;
            s.lastReadNanos = now;
            s.watched = true;
            s.prevWatched = null;
            s.nextWatched = first;
            if (first != null) {
                first.prevWatched = s;
            }
            first = s;
        }

        void remove(TcpSessionHandler s) {
            if (!s.watched) {
                return;
            }
            s.watched = false;
            if (s.prevWatched != null) {
                s.prevWatched.nextWatched = s.nextWatched;
            } else {
                first = s.nextWatched;
            }
            if (s.nextWatched != null) {
                s.nextWatched.prevWatched = s.prevWatched;
            }
            s.prevWatched = null;
            s.nextWatched = null;
        }

        @Override
        public void run() {
            long now = loop.ticker().nanoTime();
            for (TcpSessionHandler s = first, next; s != null; s = next) {
                next = s.nextWatched;
                try {
                    if (!s.named()) {
                        if (now - s.startNanos >= nameNanos) {
                            remove(s); // told once; its close follows
                            s.nameTimedOut();
                        }
                    } else if (idleNanos == 0) {
                        remove(s); // named, and silence is not watched here: nothing left to watch
                    } else if (now - s.lastReadNanos >= idleNanos) {
                        remove(s);
                        s.idleTimedOut();
                    }
                } catch (RuntimeException e) {
                    // one session's failure must not end the sweep, which every session of the loop needs
                    remove(s);
                    log.warn("session deadline check failed", e);
                }
            }
        }
    }
}
