package io.parley.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The meters of a server that is one of several ({@code --redis}): whether it reaches Redis, how
 * many servers there are, what it sends and gets, what it had to fetch again, and how far behind
 * the chat it runs (a server that cannot keep up shows here first).
 */
public final class ClusterMeters {
    private final MeterRegistry registry;
    private final Counter published;
    private final Counter publishFailed;
    private final Counter received;
    private final Counter recovered;
    private final Counter localOnly;
    private final Counter reconnects;
    private final Counter reaped;
    private final DistributionSummary lag;

    ClusterMeters(MeterRegistry registry) {
        this.registry = registry;
        published = Counter.builder("parley.cluster.published")
                .description("Room lines, private messages and notices sent to Redis").register(registry);
        publishFailed = Counter.builder("parley.cluster.publish.failed")
                .description("Lines Redis did not take (cut off, timed out): no ack to their senders").register(registry);
        received = Counter.builder("parley.cluster.received")
                .description("Room lines received from Redis, this server's own included").register(registry);
        recovered = Counter.builder("parley.cluster.recovered")
                .description("Room lines missed on the subscription and read back from the room's stream").register(registry);
        localOnly = Counter.builder("parley.cluster.local.only")
                .description("Room lines and private messages delivered to this server's members only, while cut off from Redis")
                .register(registry);
        reconnects = Counter.builder("parley.cluster.reconnects")
                .description("Times this server joined the chat again after losing Redis").register(registry);
        reaped = Counter.builder("parley.cluster.reaped")
                .description("Servers this one found dead (silent past --node-timeout) and removed from the chat").register(registry);
        lag = DistributionSummary.builder("parley.cluster.lag")
                .description("From a room line's time (given by the server that took it) to its delivery on this server")
                .baseUnit("seconds").register(registry);
    }

    /** Gauges read at scrape time: connected (1/0), servers in the chat, publishes awaiting Redis' answer. */
    public void bind(BooleanSupplier connected, IntSupplier nodes, IntSupplier pending) {
        Gauge.builder("parley.cluster.connected", connected, c -> c.getAsBoolean() ? 1 : 0).strongReference(true)
                .description("1 while this server is part of the chat through Redis, 0 while cut off").register(registry);
        Gauge.builder("parley.cluster.nodes", nodes, IntSupplier::getAsInt).strongReference(true)
                .description("Servers in the chat, as last seen in Redis").register(registry);
        Gauge.builder("parley.cluster.pending", pending, IntSupplier::getAsInt).strongReference(true)
                .description("Lines sent to Redis and not yet answered").register(registry);
    }

    public void published() {
        published.increment();
    }

    public void publishFailed() {
        publishFailed.increment();
    }

    /** A room line from Redis, {@code lagMillis} after its time. */
    public void received(long lagMillis) {
        received.increment();
        lag.record(Math.max(0, lagMillis) / 1000.0);
    }

    public void recovered(int lines) {
        recovered.increment(lines);
    }

    public void localOnly() {
        localOnly.increment();
    }

    public void reconnected() {
        reconnects.increment();
    }

    public void reaped(int nodes) {
        reaped.increment(nodes);
    }
}
