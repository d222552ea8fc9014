package io.parley.bench;

import java.util.List;

/**
 * CPU used by the server (if its PID is known: with several servers of one chat, by all of them
 * together, and apart by the Redis they share) and by this load generator while the measured part
 * of a run sends. On a shared machine this is steadier than a rate: CPU per delivery says how much
 * work a server does for each message copy, whoever else is busy.
 */
final class CpuUse {
    private final List<Long> serverPids;
    private final Long redisPid;
    private final long self = ProcessHandle.current().pid();
    private final long serverStart;
    private final long redisStart;
    private final long selfStart;
    private long serverUsed = -1;
    private long redisUsed = -1;
    private long selfUsed = -1;
    private long deliveries;
    private double seconds;

    private CpuUse(List<Long> serverPids, Long redisPid) {
        this.serverPids = serverPids;
        this.redisPid = redisPid;
        this.serverStart = serverPids.isEmpty() ? -1 : cpuNanos(serverPids);
        this.redisStart = redisPid == null ? -1 : ServerMemory.cpuNanos(redisPid);
        this.selfStart = ServerMemory.cpuNanos(self);
    }

    static CpuUse start(List<Long> serverPids, Long redisPid) {
        return new CpuUse(serverPids, redisPid);
    }

    /** The CPU time of all these processes together; -1 if one cannot be read. */
    private static long cpuNanos(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            long used = ServerMemory.cpuNanos(pid);
            if (used < 0) {
                return -1;
            }
            sum += used;
        }
        return sum;
    }

    /** Ends the measurement; {@code deliveries} counted so far, over {@code seconds}. */
    void stop(long deliveries, double seconds) {
        this.deliveries = deliveries;
        this.seconds = seconds;
        if (serverStart >= 0) {
            long now = cpuNanos(serverPids);
            serverUsed = now < 0 ? -1 : now - serverStart;
        }
        if (redisStart >= 0) {
            long now = ServerMemory.cpuNanos(redisPid);
            redisUsed = now < 0 ? -1 : now - redisStart;
        }
        if (selfStart >= 0) {
            long now = ServerMemory.cpuNanos(self);
            selfUsed = now < 0 ? -1 : now - selfStart;
        }
    }

    /** Server CPU seconds used between start and {@link #stop}; -1 if unknown. */
    double serverSeconds() {
        return serverUsed < 0 ? -1 : serverUsed / 1e9;
    }

    void addTo(Report report) {
        if (serverUsed >= 0) {
            report.put("server_cpu_cores", serverUsed / 1e9 / seconds);
            if (deliveries > 0) {
                report.put("server_cpu_us_per_delivery", serverUsed / 1e3 / deliveries);
            }
        }
        if (redisUsed >= 0) {
            report.put("redis_cpu_cores", redisUsed / 1e9 / seconds);
            if (deliveries > 0) {
                report.put("redis_cpu_us_per_delivery", redisUsed / 1e3 / deliveries);
            }
        }
        if (selfUsed >= 0) {
            report.put("bench_cpu_cores", selfUsed / 1e9 / seconds);
        }
    }
}
