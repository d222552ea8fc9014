package io.parley.bench;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One messaging run (fan-out or rooms): connect and seat every client, send for warm-up plus
 * duration, wait for the last deliveries, then count. A message counts as lost if some member of
 * its room did not receive it by the end of the drain period.
 */
class ChatRun {
    private static final Logger log = LoggerFactory.getLogger(ChatRun.class);

    private final String scenario;
    final BenchOptions options;
    final RoomPlan plan;
    private final Dialect dialect;
    private final String tag = randomTag();

    ChatRun(String scenario, BenchOptions options, RoomPlan plan, Dialect dialect) {
        this.scenario = scenario;
        this.options = options;
        this.plan = plan;
        this.dialect = dialect;
    }

    /** Two random letters, so that names and rooms of consecutive runs never collide. */
    static String randomTag() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "" + (char) ('a' + r.nextInt(26)) + (char) ('a' + r.nextInt(26));
    }

    String clientName(int id) {
        return "b" + tag + id;
    }

    String roomName(int room) {
        return "r" + tag + room;
    }

    Report run() throws Exception {
        RunState run = new RunState(plan, options.rate, options.window, options.size);
        try (Fleet fleet = new Fleet(options);
             StuckReaders stuck = StuckReaders.join(options, options.stuckReaders, "s" + tag, roomName(0))) {
            log.info("connecting {} clients to {}:{} ({})", plan.clients(), options.host, options.ports(), options.target);
            CpuUse connectCpu = CpuUse.start(options.serverPids(), options.redisPid);
            double connectSeconds = connectAll(fleet, run);
            connectCpu.stop(0, connectSeconds);
            log.info("{} clients ready in {} s; sending", plan.clients(), String.format(Locale.ROOT, "%.1f", connectSeconds));

            long warmupNanos = seconds(options.warmup);
            run.start(warmupNanos, seconds(options.duration));
            fleet.startSending();
            sleepUntil(run, run.measureFrom);
            long sentAtMeasureStart = run.sentTotal();
            CpuUse cpu = CpuUse.start(options.serverPids(), options.redisPid);
            sleepUntil(run, run.sendEnd);
            cpu.stop(run.measuredDelivered.sum(), options.duration);
            sleepUntil(run, run.sendEnd + TimeUnit.MILLISECONDS.toNanos(5));
            fleet.stopSending();
            long sentTotal = run.sentTotal();

            int[] clientOfSender = new int[plan.senders()];
            for (int c = 0; c < plan.clients(); c++) {
                if (plan.senderIndex(c) >= 0) {
                    clientOfSender[plan.senderIndex(c)] = c;
                }
            }
            long expected = run.expectedDeliveries(clientOfSender);
            long drainEnd = run.now() + seconds(options.drain);
            while (run.delivered.sum() < expected && run.now() < drainEnd) {
                Thread.sleep(20);
            }
            Report report = report(run, fleet.totals(), connectSeconds, sentTotal, sentTotal - sentAtMeasureStart,
                    expected, cpu);
            if (stuck.count() > 0) {
                report.put("stuck_readers", stuck.count()).put("stuck_cut_off", stuck.cutOff());
            }
            report.put("connect_server_cpu_s", connectCpu.serverSeconds());
            return report;
        }
    }

    private Report report(RunState run, List<BenchClient.Totals> totals, double connectSeconds,
                          long sent, long sentMeasured, long expected, CpuUse cpu) {
        long delivered = 0, duplicates = 0, outOfOrder = 0, lost = 0, foreign = 0, disconnected = 0, last = 0;
        for (BenchClient.Totals t : totals) {
            delivered += t.distinct();
            duplicates += t.duplicates();
            outOfOrder += t.outOfOrder();
            lost += t.lost();
            foreign += t.foreign();
            disconnected += t.disconnected() ? 1 : 0;
            last = Math.max(last, t.lastDeliveryNanos());
        }
        Histogram latency = run.takeLatencies();
        long measured = run.measuredDelivered.sum();
        double window = Math.max(1e-9, (last - run.measureFrom) / 1e9);
        Report report = new Report()
                .put("scenario", scenario)
                .put("target", options.target.name() + (options.tls ? "+tls" : ""))
                .put("connections", totals.size())
                .put("servers", options.ports().size())
                .put("rooms", plan.rooms())
                .put("senders", plan.senders())
                .put("receivers_per_message", plan.receiversOf(0))
                .put("mode", run.openLoop()
                        ? String.format(Locale.ROOT, "open loop, %.0f msg/s", options.rate)
                        : "closed loop, window " + options.window)
                .put("payload_bytes", options.size)
                .put("warmup_s", options.warmup)
                .put("duration_s", options.duration)
                .put("connect_s", connectSeconds)
                .put("delivered_per_sec", measured > 0 ? measured / window : 0.0)
                .put("sent_per_sec", sentMeasured / options.duration)
                .put("sent", sent)
                .put("expected", expected)
                .put("delivered", delivered)
                .put("lost", lost)
                .put("duplicated", duplicates)
                .put("out_of_order", outOfOrder)
                .put("misdelivered", foreign)
                .put("disconnected", disconnected)
                .latency(latency);
        cpu.addTo(report);
        return report;
    }

    /** Connects and seats every client of the plan; returns the seconds it took. */
    double connectAll(Fleet fleet, RunState run) throws Exception {
        return fleet.connect(plan.clients(), id -> newClient(id, run, dialect),
                options.connectConcurrency, options.connectTimeout);
    }

    BenchClient newClient(int id, RunState run, Dialect dialect) {
        return new BenchClient(id, clientName(id), roomName(plan.roomOf(id)), run, dialect);
    }

    static long seconds(double s) {
        return (long) (s * 1e9);
    }

    private static void sleepUntil(RunState run, long when) throws InterruptedException {
        long left;
        while ((left = when - run.now()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }
}
