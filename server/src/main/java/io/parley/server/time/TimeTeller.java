package io.parley.server.time;

import io.parley.protocol.ControlCharacters;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the time in a strftime format: the time service and the {@code /time} command share one.
 * Each format is parsed once and kept in a small least-recently-used cache, so a popular
 * format is never parsed again and a stream of odd ones cannot grow memory. Thread-safe.
 */
public final class TimeTeller {
    public static final int DEFAULT_CACHE_SIZE = 256;

    private final Clock clock;
    private final Map<String, StrftimeFormat> cache;

    public TimeTeller(Clock clock) {
        this(clock, DEFAULT_CACHE_SIZE);
    }

    public TimeTeller(Clock clock, int cacheSize) {
        this.clock = clock;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StrftimeFormat> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /**
     * The current time in {@code format}; an empty format gives {@link StrftimeFormat#ISO}.
     * Control characters in the format are left out; {@code %n} and {@code %t} put a line end and
     * a tab in the answer, as strftime does.
     */
    public String tell(String format) {
        return formatter(format).format(ZonedDateTime.now(clock));
    }

    /** The parsed format, from the cache when it was seen lately. */
    public StrftimeFormat formatter(String format) {
        String clean = ControlCharacters.strip(format);
        synchronized (cache) {
            StrftimeFormat f = cache.get(clean);
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
