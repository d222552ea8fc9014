package io.parley.server.limits;

import io.parley.protocol.TokenBucket;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Limits how often one address (an IPv6 /64 counts as one) may start something new: open a
 * connection, become a UDP member, change its name. A token bucket per address, as UnrealIRCd's
 * {@code connect-flood} and ergo's per-IP throttle: {@code burst} at once, then {@code perMinute}.
 * Addresses in the exempt blocks are never throttled. Thread-safe (one lock: the work under it is
 * a map lookup and a few arithmetic operations).
 */
public final class ConnectThrottle {
    /** Addresses remembered; when more are seen, the least recently seen is forgotten (and forgiven). */
    static final int MAX_TRACKED = 65_536;

    private final double perMinute;
    private final int burst;
    private final AddressBlocks exempt;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    /** @param perMinute 0 turns the throttle off */
    public ConnectThrottle(double perMinute, int burst, AddressBlocks exempt, LongSupplier nanoTime) {
        this.perMinute = perMinute;
        this.burst = burst;
        this.exempt = exempt;
        this.nanoTime = nanoTime;
    }

    /** A throttle that lets everything through. */
    public static ConnectThrottle off() {
        return new ConnectThrottle(0, 1, AddressBlocks.parse("none"), System::nanoTime);
    }

    public boolean enabled() {
        return perMinute > 0;
    }

    /**
     * Takes a token for {@code address}. Returns 0 if it may go ahead, else how many whole seconds
     * (at least 1) until it may try again.
     */
    public long take(InetAddress address) {
        if (!enabled() || address == null || exempt.contains(address)) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        synchronized (buckets) {
            TokenBucket bucket = buckets.computeIfAbsent(AddressGroup.key(address),
                    k -> new TokenBucket(perMinute / 60, burst, now));
            if (bucket.tryTake(now)) {
                return 0;
            }
            return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(bucket.nanosUntilToken(now) + 999_999_999L));
        }
    }
}
