package io.parley.server.time;

import io.parley.protocol.ControlCharacters;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the time in a strftime format: the time service and the {@code /time} command share one.
 * Each format is translated once and kept in a small least-recently-used cache, so a popular
 * format is never parsed again and a stream of odd ones cannot grow memory. Thread-safe.
 */
public final class TimeTeller {
    public static final int DEFAULT_CACHE_SIZE = 256;

    private final Clock clock;
    private final Map<String, DateTimeFormatter> cache;

    public TimeTeller(Clock clock) {
        this(clock, DEFAULT_CACHE_SIZE);
    }

    public TimeTeller(Clock clock, int cacheSize) {
        this.clock = clock;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DateTimeFormatter> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /**
     * The current time in {@code format}; an empty format gives {@link StrftimeFormat#ISO}.
     * Control characters in the format are left out, so the answer is always one line.
     */
    public String tell(String format) {
        return formatter(format).format(ZonedDateTime.now(clock));
    }

    /** The translated format, from the cache when it was seen lately. */
    public DateTimeFormatter formatter(String format) {
        String clean = ControlCharacters.strip(format);
        synchronized (cache) {
            DateTimeFormatter f = cache.get(clean);
            if (f == null) {
                f = StrftimeFormat.compile(clean);
                cache.put(clean, f);
            }
            return f;
        }
    }

    public Clock clock() {
        return clock;
    }
}
