package io.parley.server.chat.history;

import io.parley.server.metrics.HistoryMeters;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * History in memory only ({@code --history memory}): nothing survives a restart, nothing touches
 * the disk, and every call completes at once on the caller's thread. For tests, benchmarks and
 * servers that need no history past their own run. Retention bounds each conversation at every
 * append and query; with an age limit, one daemon thread also sweeps every conversation.
 */
public final class MemoryHistoryStore implements HistoryStore {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Retention retention;
    private final Clock clock;
    private final HistoryMeters meters;
    private final LocalMessageIds ids = new LocalMessageIds(0);
    private final ConcurrentHashMap<String, NavigableMap<Long, StoredMessage>> conversations = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    public MemoryHistoryStore(Retention retention, Clock clock, HistoryMeters meters) {
        this.retention = retention;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public void open() {
        if (retention.byAge()) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "parley-history-retention");
                t.setDaemon(true);
                return t;
            });
            long period = Math.max(10, Math.min(1000, retention.maxAge().toMillis() / 10));
            sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public MessageIds ids() {
        return ids;
    }

    @Override
    public CompletableFuture<Void> append(List<StoredMessage> batch) {
        for (StoredMessage m : batch) {
            conversations.compute(m.conversation(), (key, messages) -> {
                NavigableMap<Long, StoredMessage> kept = messages != null ? messages : new TreeMap<>();
                synchronized (kept) {
                    kept.put(m.id(), m);
                    trim(kept);
                }
                return kept;
            });
        }
        meters.stored(batch.size());
        return DONE;
    }

    /** Applies retention to one conversation; call holding its lock. */
    private void trim(NavigableMap<Long, StoredMessage> kept) {
        long deleted = 0;
        if (retention.byCount()) {
            while (kept.size() > retention.keep()) {
                kept.pollFirstEntry();
                deleted++;
            }
        }
        if (retention.byAge()) {
            long cutoff = clock.millis() - retention.maxAge().toMillis();
            while (!kept.isEmpty() && kept.firstEntry().getValue().time() < cutoff) {
                kept.pollFirstEntry();
                deleted++;
            }
        }
        if (deleted > 0) {
            meters.deleted(deleted);
        }
    }

    /** Drops what the age limit has passed, in every conversation; forgets conversations left empty. */
    void sweep() {
        for (String key : conversations.keySet()) {
            conversations.computeIfPresent(key, (k, kept) -> {
                synchronized (kept) {
                    trim(kept);
                    return kept.isEmpty() ? null : kept;
                }
            });
        }
    }

    @Override
    public CompletableFuture<List<StoredMessage>> before(String conversation, long beforeId, int limit) {
        NavigableMap<Long, StoredMessage> kept = conversations.get(conversation);
        if (kept == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<StoredMessage> found = new ArrayList<>(Math.min(limit, 64));
        synchronized (kept) {
            trim(kept);
            for (StoredMessage m : kept.headMap(beforeId, false).descendingMap().values()) {
                if (found.size() == limit) {
                    break;
                }
                found.add(m);
            }
        }
        Collections.reverse(found);
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public CompletableFuture<List<StoredMessage>> after(String conversation, long afterId, int limit) {
        NavigableMap<Long, StoredMessage> kept = conversations.get(conversation);
        if (kept == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<StoredMessage> found = new ArrayList<>(Math.min(limit, 64));
        synchronized (kept) {
            trim(kept);
            for (Map.Entry<Long, StoredMessage> e : kept.tailMap(afterId, false).entrySet()) {
                if (found.size() == limit) {
                    break;
                }
                found.add(e.getValue());
            }
        }
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public int queued() {
        return 0;
    }

    @Override
    public StoreStatus status() {
        return new StoreStatus(kind(), false, null);
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}
