package io.parley.server.limits;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts refused connections and logs them as periodic summaries, one line per address:
 * {@code refused 1313 connections from 127.0.0.1 in the last 10 s: per-address cap}. However many
 * refusals and addresses, one {@link #flush()} writes at most {@link #MAX_ADDRESS_LINES} + 1 lines
 * (the busiest addresses, then one line for all the others), so an attacker cannot turn refusals
 * into log volume. Thread-safe; every refusal is also counted at once through {@code counter}.
 */
public final class RefusalLog {
    private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);
    /** Addresses named in one summary; the rest are summed on one more line. */
    public static final int MAX_ADDRESS_LINES = 10;
    /** Addresses counted apart within one period; refusals from further ones go to "others". */
    static final int MAX_TRACKED = 1000;

    private final Consumer<String> counter;
    private final LongSupplier nanoTime;
    private final Map<String, EnumMap<Refused, Long>> byAddress = new HashMap<>();
    private final EnumMap<Refused, Long> others = new EnumMap<>(Refused.class);
    private long otherAddresses;
    private long periodStart;

    /** @param counter counts each refusal by its metric label ({@link Refused#tag}) */
    public RefusalLog(Consumer<String> counter, LongSupplier nanoTime) {
        this.counter = counter;
        this.nanoTime = nanoTime;
        this.periodStart = nanoTime.getAsLong();
    }

    public void refused(InetAddress address, Refused why) {
        counter.accept(why.tag);
        String who = address == null ? "an unknown address" : AddressGroup.describe(address);
        synchronized (this) {
            EnumMap<Refused, Long> counts = byAddress.get(who);
            if (counts == null) {
                if (byAddress.size() >= MAX_TRACKED) {
                    others.merge(why, 1L, Long::sum);
                    otherAddresses++; // an upper bound: the same address may be counted more than once
                    return;
                }
                counts = new EnumMap<>(Refused.class);
                byAddress.put(who, counts);
            }
            counts.merge(why, 1L, Long::sum);
        }
    }

    /** Logs what was refused since the last flush (nothing if nothing was) and starts a new period. */
    public void flush() {
        List<String> lines = new ArrayList<>();
        synchronized (this) {
            long now = nanoTime.getAsLong();
            long seconds = Math.max(1, Math.round((now - periodStart) / (double) TimeUnit.SECONDS.toNanos(1)));
            periodStart = now;
            List<Map.Entry<String, EnumMap<Refused, Long>>> entries = new ArrayList<>(byAddress.entrySet());
            entries.sort((a, b) -> Long.compare(total(b.getValue()), total(a.getValue())));
            EnumMap<Refused, Long> rest = new EnumMap<>(others);
            long restAddresses = otherAddresses;
            for (int i = 0; i < entries.size(); i++) {
                Map.Entry<String, EnumMap<Refused, Long>> e = entries.get(i);
                if (i < MAX_ADDRESS_LINES) {
                    lines.add("refused " + total(e.getValue()) + " connection" + plural(total(e.getValue()))
                            + " from " + e.getKey() + " in the last " + seconds + " s: " + reasons(e.getValue()));
                } else {
                    e.getValue().forEach((why, n) -> rest.merge(why, n, Long::sum));
                    restAddresses++;
                }
            }
            if (restAddresses > 0) {
                lines.add("refused " + total(rest) + " more connection" + plural(total(rest)) + " from "
                        + restAddresses + " other address" + (restAddresses == 1 ? "" : "es") + " in the last "
                        + seconds + " s: " + reasons(rest));
            }
            byAddress.clear();
            others.clear();
            otherAddresses = 0;
        }
        for (String line : lines) {
            log.info(line);
        }
    }

    private static long total(EnumMap<Refused, Long> counts) {
        long sum = 0;
        for (long n : counts.values()) {
            sum += n;
        }
        return sum;
    }

    private static String reasons(EnumMap<Refused, Long> counts) {
        if (counts.size() == 1) {
            return counts.keySet().iterator().next().phrase;
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((why, n) -> text.append(text.length() == 0 ? "" : ", ").append(n).append(' ').append(why.phrase));
        return text.toString();
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
