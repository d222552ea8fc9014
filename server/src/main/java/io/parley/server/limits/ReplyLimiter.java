package io.parley.server.limits;

import io.parley.protocol.TokenBucket;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keeps a UDP service from being used as a reflector: answers to addresses that have not joined
 * (error datagrams, time answers) are limited per source address, and in total. One request now
 * and then is always answered (the tutorial's time client asks every 2 s); a flood from one
 * address gets at most a few answers a second, so the server sends it far fewer bytes than it
 * received. Used on one event loop only.
 */
public final class ReplyLimiter {
    public static final int PER_ADDRESS_BURST = 5;
    public static final double PER_ADDRESS_PER_SECOND = 2;
    public static final int TOTAL_BURST = 1000;
    public static final double TOTAL_PER_SECOND = 1000;
    /** Addresses remembered; the least recently seen is forgotten first. */
    static final int MAX_TRACKED = 4096;

    private final LongSupplier nanoTime;
    private final TokenBucket total;
    private final Map<InetAddress, TokenBucket> perAddress = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, TokenBucket> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    public ReplyLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.total = new TokenBucket(TOTAL_PER_SECOND, TOTAL_BURST, nanoTime.getAsLong());
    }

    /** True if one answer may go to {@code to} now. */
    public boolean allow(InetAddress to) {
        long now = nanoTime.getAsLong();
        TokenBucket bucket = perAddress.computeIfAbsent(to,
                a -> new TokenBucket(PER_ADDRESS_PER_SECOND, PER_ADDRESS_BURST, now));
        return bucket.tryTake(now) && total.tryTake(now);
    }
}
