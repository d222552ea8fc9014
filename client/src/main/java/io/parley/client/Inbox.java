package io.parley.client;

import io.netty.channel.Channel;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The queue between the event loop (and the console reader) and the session thread. The event
 * loop only adds, so it never waits; when the session falls far behind (a stdout nobody reads),
 * reading from the server pauses until it catches up, instead of the queue growing without end.
 */
final class Inbox {
    static final int PAUSE_AT = 2000;
    static final int RESUME_AT = 200;
    /** The session looks at a paused channel at least this often, whatever it is waiting for. */
    private static final long LONGEST_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final LinkedBlockingQueue<SessionEvent> queue = new LinkedBlockingQueue<>();
    private volatile Channel paused;

    void add(SessionEvent event) {
        queue.add(event);
    }

    /** Called on the channel's event loop for everything it read. */
    void fromNetwork(Channel channel, SessionEvent event) {
        queue.add(event);
        if (queue.size() >= PAUSE_AT && channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
            paused = channel;
        }
    }

    /**
     * Forgets what a closed connection left in the queue (its lines and its end), keeping what
     * the user typed. Call once the connection's event loop has stopped, so nothing more comes.
     */
    void discardNetwork() {
        queue.removeIf(e -> e instanceof SessionEvent.Received || e instanceof SessionEvent.Closed);
        paused = null;
    }

    /** The next event, or null after {@code nanos} (possibly sooner: callers loop). */
    SessionEvent poll(long nanos) throws InterruptedException {
        SessionEvent event = queue.poll(Math.max(0, Math.min(nanos, LONGEST_WAIT_NANOS)), TimeUnit.NANOSECONDS);
        Channel channel = paused;
        if (channel != null && queue.size() <= RESUME_AT) {
            paused = null;
            channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
        }
        return event;
    }
}
