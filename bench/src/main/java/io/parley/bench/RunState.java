package io.parley.bench;

import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * What every client of one run shares. Times are nanoseconds since the run's own start (so they
 * are never negative and fit the payload). Written from many event loops without locks and
 * without sharing a cache line per delivery: a latency recorder per thread, {@link LongAdder}s for
 * counts, and per-sender slots that only the sender (or its witness) writes. (One recorder shared
 * by all threads cost an atomic increment on the same memory for every delivery, from every
 * core: on a small machine shared with the server under test, CPU taken from the server.)
 */
public final class RunState {
    /** Latencies are recorded in microseconds, up to an hour. */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final long base = System.nanoTime();
    final RoomPlan plan;
    /** The latency recorders of the threads that recorded; each is written by its thread only. */
    private final List<SingleWriterRecorder> recorders = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<SingleWriterRecorder> recorder = new FastThreadLocal<>() {
        @Override
        protected SingleWriterRecorder initialValue() {
            SingleWriterRecorder mine = new SingleWriterRecorder(HIGHEST_MICROS, 3);
            recorders.add(mine);
            return mine;
        }
    };
    final LongAdder delivered = new LongAdder();
    final LongAdder measuredDelivered = new LongAdder();
    /** Messages each sender has written so far, by global sender number. */
    final AtomicLongArray sent;
    /** Highest sequence number each sender's witness has received, by global sender number. */
    final AtomicLongArray acked;

    /** Latency and rate count from here (after warm-up); no messages are sent from sendEnd on. */
    volatile long measureFrom = Long.MAX_VALUE;
    volatile long sendEnd = Long.MAX_VALUE;
    /** Open loop: nanoseconds between one sender's messages; 0 means closed loop. */
    final long intervalNanos;
    final int window;
    final int size;

    RunState(RoomPlan plan, double ratePerSecond, int window, int size) {
        this.plan = plan;
        this.sent = new AtomicLongArray(Math.max(1, plan.senders()));
        this.acked = new AtomicLongArray(Math.max(1, plan.senders()));
        for (int i = 0; i < acked.length(); i++) {
            acked.set(i, -1);
        }
        this.intervalNanos = ratePerSecond > 0 && plan.senders() > 0
                ? Math.max(1, Math.round(1e9 * plan.senders() / ratePerSecond))
                : 0;
        this.window = window;
        this.size = size;
    }

    /** Records one delivery's latency, on the thread that received it. */
    void recordLatency(long micros) {
        recorder.get().recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
    }

    /** Every latency recorded since the last call, from all threads. */
    Histogram takeLatencies() {
        Histogram all = new Histogram(HIGHEST_MICROS, 3);
        for (SingleWriterRecorder r : recorders) {
            all.add(r.getIntervalHistogram());
        }
        return all;
    }

    long now() {
        return System.nanoTime() - base;
    }

    boolean openLoop() {
        return intervalNanos > 0;
    }

    /** Starts sending: warm-up first, then the measured part. */
    void start(long warmupNanos, long durationNanos) {
        long now = now();
        measureFrom = now + warmupNanos;
        sendEnd = now + warmupNanos + durationNanos;
    }

    long sentTotal() {
        long sum = 0;
        for (int i = 0; i < plan.senders(); i++) {
            sum += sent.get(i);
        }
        return sum;
    }

    /** Deliveries a lossless server makes for what was sent so far. */
    long expectedDeliveries(int[] clientOfSender) {
        long sum = 0;
        for (int s = 0; s < plan.senders(); s++) {
            sum += sent.get(s) * plan.receiversOf(clientOfSender[s]);
        }
        return sum;
    }
}
