package io.parley.bench;

/**
 * CPU used by the server (if its PID is known) and by this load generator while the measured
 * part of a run sends. On a shared machine this is steadier than a rate: CPU per delivery says
 * how much work a server does for each message copy, whoever else is busy.
 */
final class CpuUse {
    private final Long serverPid;
    private final long self = ProcessHandle.current().pid();
    private final long serverStart;
    private final long selfStart;
    private long serverUsed = -1;
    private long selfUsed = -1;
    private long deliveries;
    private double seconds;

    private CpuUse(Long serverPid) {
        this.serverPid = serverPid;
        this.serverStart = serverPid == null ? -1 : ServerMemory.cpuNanos(serverPid);
        this.selfStart = ServerMemory.cpuNanos(self);
    }

    static CpuUse start(Long serverPid) {
        return new CpuUse(serverPid);
    }

    /** Ends the measurement; {@code deliveries} counted so far, over {@code seconds}. */
    void stop(long deliveries, double seconds) {
        this.deliveries = deliveries;
        this.seconds = seconds;
        if (serverStart >= 0) {
            long now = ServerMemory.cpuNanos(serverPid);
            serverUsed = now < 0 ? -1 : now - serverStart;
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
        if (selfUsed >= 0) {
            report.put("bench_cpu_cores", selfUsed / 1e9 / seconds);
        }
    }
}
