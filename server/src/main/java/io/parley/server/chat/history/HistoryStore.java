package io.parley.server.chat.history;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the history of rooms and private conversations is kept. The chat calls it from event
 * loops, so no method may block: writes and disk reads happen on the store's own threads, and
 * results come back as futures (completed on those threads; callers hop back to their loop).
 *
 * <p>Implementations: {@link SqliteHistoryStore} (the default: durable, an SQLite file) and
 * {@link MemoryHistoryStore} ({@code --history memory}). A store shared by several nodes fits the
 * same interface, with {@link #ids()} giving cluster-wide ids.
 */
public interface HistoryStore extends AutoCloseable {

    /** {@code sqlite}, {@code memory}: for logs and {@code /health}. */
    String kind();

    /**
     * Makes the store ready before the server listens. Throws a {@link HistoryStoreException}
     * whose message an operator can act on (a data directory that cannot be written, say).
     */
    void open();

    /** The ids of new messages. Valid once {@link #open()} returned. */
    MessageIds ids();

    /**
     * Takes messages to keep. When this returns they are visible to every query that starts
     * after it, durable or not; the future completes when they are durable (SQLite: their
     * transaction committed; memory: at once), or exceptionally if they could not be kept.
     */
    CompletableFuture<Void> append(List<StoredMessage> batch);

    /** The last {@code limit} messages of a conversation with an id below {@code beforeId}, oldest first. */
    CompletableFuture<List<StoredMessage>> before(String conversation, long beforeId, int limit);

    /** The first {@code limit} messages of a conversation with an id above {@code afterId}, oldest first. */
    CompletableFuture<List<StoredMessage>> after(String conversation, long afterId, int limit);

    /** The last {@code limit} messages of a conversation, oldest first. */
    default CompletableFuture<List<StoredMessage>> latest(String conversation, int limit) {
        return before(conversation, Long.MAX_VALUE, limit);
    }

    /** Messages taken but not yet durable (the write queue's depth). */
    int queued();

    StoreStatus status();

    /** Makes what was taken durable, then releases the store. */
    @Override
    void close();
}
