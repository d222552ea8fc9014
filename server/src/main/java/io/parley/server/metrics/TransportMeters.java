package io.parley.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one transport ({@code tcp}, {@code tls}, {@code udp}...), registered once, so
 * that the per-message path is a counter increment and nothing else.
 */
public final class TransportMeters {
    private final String transport;
    private final AtomicInteger connections = new AtomicInteger();
    private final Counter messagesReceived;
    private final Counter bytesReceived;
    private final Counter bytesSent;

    TransportMeters(MeterRegistry registry, String transport) {
        this.transport = transport;
        Gauge.builder("parley.connections", connections, AtomicInteger::get)
                .description("Open client connections (or datagram sessions)")
                .tag("transport", transport).register(registry);
        messagesReceived = Counter.builder("parley.messages.received")
                .description("Chat lines (NAME : TEXT) received from clients")
                .tag("transport", transport).register(registry);
        bytesReceived = Counter.builder("parley.received.bytes")
                .description("Bytes read from clients, as on the wire (TLS: encrypted)")
                .tag("transport", transport).register(registry);
        bytesSent = Counter.builder("parley.sent.bytes")
                .description("Bytes written to clients, as on the wire (TLS: encrypted)")
                .tag("transport", transport).register(registry);
    }

    public String transport() {
        return transport;
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public int connections() {
        return connections.get();
    }

    public void messageReceived() {
        messagesReceived.increment();
    }

    public void bytesReceived(int bytes) {
        bytesReceived.increment(bytes);
    }

    public void bytesSent(int bytes) {
        bytesSent.increment(bytes);
    }
}
