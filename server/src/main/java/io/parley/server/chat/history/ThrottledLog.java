package io.parley.server.chat.history;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Errors that may repeat for every message (a full disk) logged at most once per period, each
 * with the number of like errors left out since the last one, so a failing store cannot flood the
 * log.
 */
final class ThrottledLog {
    private final Logger log;
    private final long periodNanos;
    private boolean logged;
    private long lastNanos;
    private long suppressed;

    ThrottledLog(Logger log, long period, TimeUnit unit) {
        this.log = log;
        this.periodNanos = unit.toNanos(period);
    }

    synchronized void error(String message, Throwable cause) {
        long now = System.nanoTime();
        if (logged && now - lastNanos < periodNanos) {
            suppressed++;
            return;
        }
        String more = suppressed == 0 ? "" : " (" + suppressed + " like errors not logged since the last)";
        logged = true;
        lastNanos = now;
        suppressed = 0;
        if (log.isDebugEnabled()) {
            log.error("{}: {}{}", message, cause.toString(), more, cause);
        } else {
            log.error("{}: {}{}", message, cause.toString(), more);
        }
    }
}
