package io.parley.server.limits;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The process's open-file limit, and the connection cap that fits under it. Every connection
 * holds a file descriptor; so do the listeners, the event loops' epoll descriptors, the log files,
 * the jar, an admin request and a store. A cap above the limit would let clients take the last
 * descriptors: further accepts fail, and those clients hang without a word, {@code /health} too.
 */
public final class OpenFiles {
    /**
     * Descriptors kept free beyond those open at start: listeners opened later, log files rolling,
     * admin and metrics requests, a store or cluster client, and accepts of connections refused
     * with {@code ! server full}, which hold a descriptor for the moment the refusal takes.
     */
    public static final int HEADROOM = 100;

    private OpenFiles() {
    }

    /** The process's open-file limit ({@code ulimit -n}), or -1 where the runtime cannot tell. */
    public static long limit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    /** Descriptors the process has open now, or -1 where the runtime cannot tell. */
    public static long open() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    }

    /**
     * The connection cap: {@code configured}, lowered if need be so that the connections, what is
     * open now and the {@link #HEADROOM} fit under {@code limit}; at least 1. An unknown limit
     * ({@code -1}) leaves {@code configured} as it is.
     */
    public static int connectionCap(int configured, long limit, long openNow) {
        if (limit < 0 || openNow < 0) {
            return configured;
        }
        long room = limit - openNow - HEADROOM;
        return (int) Math.max(1, Math.min(configured, room));
    }
}
