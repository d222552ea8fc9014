package io.parley.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The history store's meters: messages stored, batch sizes and commit times, errors, messages
 * that could not be kept, retention deletes, and the write queue's depth.
 */
public final class HistoryMeters {
    private final MeterRegistry registry;
    private final Counter stored;
    private final Counter dropped;
    private final Counter deleted;
    private final Counter writeErrors;
    private final Counter readErrors;
    private final Counter retentionErrors;
    private final DistributionSummary batchSize;
    private final Timer commitTime;

    HistoryMeters(MeterRegistry registry) {
        this.registry = registry;
        stored = Counter.builder("parley.history.stored")
                .description("Messages the history store made durable").register(registry);
        dropped = Counter.builder("parley.history.dropped")
                .description("Messages relayed but not kept in the history (the store failed or its queue was full)")
                .register(registry);
        deleted = Counter.builder("parley.history.deleted")
                .description("Messages deleted by retention (--history-keep, --history-max-age)").register(registry);
        writeErrors = error(registry, "write");
        readErrors = error(registry, "read");
        retentionErrors = error(registry, "retention");
        batchSize = DistributionSummary.builder("parley.history.batch.size")
                .description("Messages per write transaction").baseUnit("messages").register(registry);
        commitTime = Timer.builder("parley.history.commit")
                .description("Time to write and commit one batch, fsync included").register(registry);
    }

    private static Counter error(MeterRegistry registry, String op) {
        return Counter.builder("parley.history.errors").description("History store operations that failed")
                .tag("op", op).register(registry);
    }

    /** The write queue's depth and whether the store is failing, read at scrape time. */
    public void bind(IntSupplier queued, BooleanSupplier failing) {
        // Strong references: the suppliers are lambdas nothing else holds.
        Gauge.builder("parley.history.queued", queued, IntSupplier::getAsInt).strongReference(true)
                .description("Messages waiting to be made durable").register(registry);
        Gauge.builder("parley.history.failing", failing, f -> f.getAsBoolean() ? 1 : 0).strongReference(true)
                .description("1 while the history store is failing (its last write or read failed)").register(registry);
    }

    public void stored(int messages) {
        stored.increment(messages);
    }

    /** One batch written and committed. */
    public void committed(int messages, long nanos) {
        batchSize.record(messages);
        commitTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void dropped(int messages) {
        dropped.increment(messages);
    }

    public void deleted(long messages) {
        deleted.increment(messages);
    }

    public void writeFailed() {
        writeErrors.increment();
    }

    public void readFailed() {
        readErrors.increment();
    }

    public void retentionFailed() {
        retentionErrors.increment();
    }
}
