package io.parley.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import io.parley.server.chat.ChatHub;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every number Parley reports, in one place. Chat logic and transports count through the named
 * methods here; all counters are registered up front (per enum constant or per transport) so a
 * message costs an increment, never a lookup by a built string.
 *
 * <p>Per transport ({@link #transport(String)}): connections, messages received, bytes in and
 * out. {@link #prometheus()} gives the registry to scrape; {@link #disabled()} counts nothing, for
 * embedders and handler tests that do not look at metrics.
 */
public final class ServerMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final Map<String, TransportMeters> transports = new ConcurrentHashMap<>();
    private final Map<String, Counter> datagramDrops = new ConcurrentHashMap<>();
    private final Map<String, Counter> connectionRefusals = new ConcurrentHashMap<>();
    private final EnumMap<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
    private final EnumMap<Disconnect, Counter> disconnects = new EnumMap<>(Disconnect.class);
    private final Counter delivered;
    private final HistoryMeters history;
    private ClusterMeters cluster; // only on a server that is one of several
    private JvmGcMetrics gc;

    private ServerMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
        this.registry = registry;
        this.prometheus = prometheus;
        delivered = Counter.builder("parley.messages.delivered")
                .description("Lines delivered to recipients by a broadcast or private message (one per recipient)")
                .register(registry);
        history = new HistoryMeters(registry);
        for (Refusal r : Refusal.values()) {
            refusals.put(r, Counter.builder("parley.refusals").description("Client lines refused with an error")
                    .tag("reason", r.tag).register(registry));
        }
        for (Disconnect d : Disconnect.values()) {
            disconnects.put(d, Counter.builder("parley.disconnects").description("Sessions ended, by cause")
                    .tag("reason", d.tag).register(registry));
        }
    }

    /**
     * Metrics for a server: a Prometheus registry with JVM and Netty allocator meters. Call
     * {@link #bindChat(ChatHub)} once the hub exists.
     */
    public static ServerMetrics forServer() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServerMetrics metrics = new ServerMetrics(prometheus, prometheus);
        metrics.bindRuntime();
        return metrics;
    }

    /** Metrics that go nowhere (a registry-less composite hands out no-op meters). */
    public static ServerMetrics disabled() {
        return new ServerMetrics(new CompositeMeterRegistry(), null);
    }

    /** Gauges read from the hub at scrape time: names and rooms. */
    public void bindChat(ChatHub hub) {
        Gauge.builder("parley.names", hub, ChatHub::nameCount)
                .description("Names claimed").register(registry);
        Gauge.builder("parley.rooms", hub, ChatHub::roomCount)
                .description("Rooms with at least one member").register(registry);
    }

    private void bindRuntime() {
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        PooledByteBufAllocatorMetric netty = PooledByteBufAllocator.DEFAULT.metric();
        Gauge.builder("netty.allocator.memory.used", netty, PooledByteBufAllocatorMetric::usedDirectMemory)
                .description("Memory held by Netty's pooled allocator").baseUnit("bytes")
                .tag("area", "direct").register(registry);
        Gauge.builder("netty.allocator.memory.used", netty, PooledByteBufAllocatorMetric::usedHeapMemory)
                .description("Memory held by Netty's pooled allocator").baseUnit("bytes")
                .tag("area", "heap").register(registry);
    }

    /** The meters of one transport, created on first use; keep the result rather than calling per message. */
    public TransportMeters transport(String name) {
        return transports.computeIfAbsent(name, n -> new TransportMeters(registry, n));
    }

    /**
     * Sessions open now, every transport together: stream connections admitted past the caps
     * (named or not) and UDP member addresses. The sum of the {@code parley_connections} gauges,
     * and what {@code /health} reports as {@code connections}.
     */
    public int connections() {
        int sum = 0;
        for (TransportMeters meters : transports.values()) {
            sum += meters.connections();
        }
        return sum;
    }

    /** The history store's meters. */
    public HistoryMeters history() {
        return history;
    }

    /** The meters of a server that is one of several ({@code --redis}). */
    public synchronized ClusterMeters cluster() {
        if (cluster == null) {
            cluster = new ClusterMeters(registry);
        }
        return cluster;
    }

    /** {@code recipients} lines were handed to members' connections. */
    public void delivered(int recipients) {
        delivered.increment(recipients);
    }

    public void refused(Refusal reason) {
        refusals.get(reason).increment();
    }

    public void disconnected(Disconnect reason) {
        disconnects.get(reason).increment();
    }

    /** The counter for one drop reason; datagram code should fetch it once and keep it. */
    public Counter datagramDropCounter(String reason) {
        return datagramDrops.computeIfAbsent(reason, r -> Counter.builder("parley.datagrams.dropped")
                .description("Datagrams dropped without reaching the chat").tag("reason", r).register(registry));
    }

    /** A connection refused before it reached the chat ({@code per_address}, {@code server_full}). */
    public void connectionRefused(String reason) {
        connectionRefusals.computeIfAbsent(reason, r -> Counter.builder("parley.connections.refused")
                .description("Connections (and new UDP members) refused by the connection caps and the connect throttle").tag("reason", r).register(registry))
                .increment();
    }

    public void datagramDropped(String reason) {
        datagramDropCounter(reason).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The registry to scrape, or null when metrics are disabled. */
    public PrometheusMeterRegistry prometheus() {
        return prometheus;
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
