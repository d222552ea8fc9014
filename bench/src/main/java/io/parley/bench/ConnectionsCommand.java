package io.parley.bench;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Ramps to --clients idle connections (each named and seated in a room of --room-size, as a real
 * idle user would be), holds them for --duration, and reports the connect rate and what each
 * connection costs the server: resident memory, and heap after a full GC.
 */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = "Ramp to --clients idle connections; report connect rate and server memory per connection.")
final class ConnectionsCommand extends Scenario {
    private static final Logger log = LoggerFactory.getLogger(ConnectionsCommand.class);

    @Mixin
    BenchOptions options;

    @Option(names = "--metrics-url", paramLabel = "URL",
            description = "Loopback Prometheus endpoint with jvm_memory_used_bytes{area=\"heap\"}; used for the heap instead of jcmd.")
    String metricsUrl;

    @Option(names = "--no-jcmd", description = "With --server-pid: read RSS only (for a server that is not a JVM).")
    boolean noJcmd;

    @Option(names = "--settle", defaultValue = "2", paramLabel = "SECONDS",
            description = "Pause after the ramp before measuring memory (default: ${DEFAULT-VALUE}).")
    double settle;

    @Override
    BenchOptions options() {
        return options;
    }

    @Override
    Report run() throws Exception {
        BenchOptions.check(options.clients >= 2, "--clients must be at least 2");
        boolean rooms = dialect(options).hasRooms();
        RoomPlan plan = RoomPlan.rooms(options.clients, rooms ? Math.min(options.roomSize, options.clients) : options.clients, 0);
        ChatRun names = new ChatRun("connections", options, plan, dialect(options));
        RunState run = new RunState(plan, 0, 1, options.size);

        Memory before = measure();
        try (Fleet fleet = new Fleet(options)) {
            log.info("ramping to {} connections to {}:{} ({})", plan.clients(), options.host, options.port, options.target);
            CpuUse connectCpu = CpuUse.start(options.serverPid);
            double seconds = fleet.connect(plan.clients(),
                    id -> new BenchClient(id, names.clientName(id), names.roomName(plan.roomOf(id)), run, dialect(options)),
                    options.connectConcurrency, options.connectTimeout);
            connectCpu.stop(0, seconds);
            log.info("{} connections in {} s; settling", plan.clients(), String.format(Locale.ROOT, "%.1f", seconds));
            TimeUnit.MILLISECONDS.sleep((long) (settle * 1000));
            Memory after = measure();
            log.info("holding {} idle connections for {} s", plan.clients(), options.duration);
            TimeUnit.MILLISECONDS.sleep((long) (options.duration * 1000));
            List<BenchClient.Totals> totals = fleet.totals();
            long dropped = totals.stream().filter(BenchClient.Totals::disconnected).count();

            int n = plan.clients();
            Report report = new Report()
                    .put("scenario", "connections")
                    .put("target", options.target.name() + (options.tls ? "+tls" : ""))
                    .put("connections", n)
                    .put("room_size", plan.roomSize(0))
                    .put("connect_s", seconds)
                    .put("connects_per_sec", n / seconds)
                    .put("connect_server_cpu_s", connectCpu.serverSeconds())
                    .put("held_s", options.duration)
                    .put("disconnected", dropped);
            if (before.rss >= 0 && after.rss >= 0) {
                report.put("server_rss_before_bytes", before.rss)
                        .put("server_rss_after_bytes", after.rss)
                        .put("server_rss_per_connection_bytes", (after.rss - before.rss) / (double) n);
            }
            if (before.heap >= 0 && after.heap >= 0) {
                report.put("server_heap_source", metricsUrl != null ? "metrics" : "jcmd GC.run + GC.heap_info")
                        .put("server_heap_before_bytes", before.heap)
                        .put("server_heap_after_bytes", after.heap)
                        .put("server_heap_per_connection_bytes", (after.heap - before.heap) / (double) n);
            }
            return report;
        }
    }

    private record Memory(long rss, long heap) {
    }

    private Memory measure() throws Exception {
        long rss = -1;
        long heap = -1;
        if (options.serverPid != null) {
            rss = ServerMemory.rssBytes(options.serverPid);
        }
        if (metricsUrl != null) {
            if (options.serverPid != null && !noJcmd) {
                ServerMemory.heapAfterGcBytes(options.serverPid); // collect first, so both sources count live objects only
            }
            heap = ServerMemory.heapFromMetrics(metricsUrl);
        } else if (options.serverPid != null && !noJcmd) {
            heap = ServerMemory.heapAfterGcBytes(options.serverPid);
            rss = ServerMemory.rssBytes(options.serverPid); // after the GC, like the heap figure
        }
        return new Memory(rss, heap);
    }
}
