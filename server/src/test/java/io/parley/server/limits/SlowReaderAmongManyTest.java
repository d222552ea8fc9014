package io.parley.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One client that never reads among five that do, and 500 long broadcasts: the readers get every
 * message in order, the stuck one is cut off, and the server's buffer memory stays bounded. The
 * same at fifty readers and 50,000 short broadcasts is a bench scenario
 * ({@code chat-bench fanout --stuck-readers 1}, see docs/benchmarks.md).
 */
@Timeout(120)
class SlowReaderAmongManyTest {
    private static final int READERS = 5;
    private static final int MESSAGES = 500;
    /**
     * The sender stays at most this far ahead of the slowest reader: 480 KB, well under a reader's
     * send queue, and few enough waits for the readers that a busy machine does not slow it much.
     */
    private static final int WINDOW = 30;
    private static final long BUFFER_BOUND = 64L << 20;
    /**
     * 500 lines of 16 KB: 8 MB, more than the stuck client's small receive buffer, the kernel's
     * send buffer for it (which grows to about 4 MB on loopback) and the default 1 MiB send queue
     * hold together. Long lines make the volume cheap to send and to read.
     */
    private static final String PAD = " " + "p".repeat(16_000);

    @Test
    void readersGetEverythingStuckOneIsCutOffMemoryBounded() throws Exception {
        // --name-hold 0s: the name of the one cut off is freed at once
        try (RunningServer server = RunningServer.start("--rate-limit", "0", "--name-hold", "0s",
                "--max-line", "" + (PAD.length() + 100));
             LineClient sender = LineClient.named(server.port(), "sender");
             LineClient stuck = LineClient.named(server.port(), "stuck", 4096)) {
            List<LineClient> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                readers.add(LineClient.named(server.port(), "reader" + i));
            }
            AtomicIntegerArray received = new AtomicIntegerArray(READERS);
            AtomicLong peakBuffers = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
            try {
                List<Future<?>> results = new ArrayList<>();
                for (int r = 0; r < READERS; r++) {
                    int index = r;
                    LineClient reader = readers.get(r);
                    results.add(pool.submit(() -> {
                        for (int i = 0; i < MESSAGES; ) {
                            String line = reader.readLine();
                            if (line.startsWith("* ")) {
                                continue; // join notices of later readers, the cut-off notice
                            }
                            if (!line.equals("sender : " + i + PAD)) {
                                throw new AssertionError("reader" + index + " expected message " + i + ", got " + line);
                            }
                            received.set(index, ++i);
                        }
                        return null;
                    }));
                }
                for (int i = 0; i < MESSAGES; i++) {
                    while (i - slowest(received) >= WINDOW) {
                        for (Future<?> f : results) {
                            if (f.isDone()) {
                                f.get(); // a reader failed: say why rather than wait for it
                            }
                        }
                        LockSupport.parkNanos(200_000);
                    }
                    sender.send(i + PAD);
                    if (i % 50 == 0) {
                        peakBuffers.accumulateAndGet(usedBufferMemory(), Math::max);
                    }
                }
                for (Future<?> f : results) {
                    f.get();
                }
                sender.readUntil("* stuck left (send queue exceeded)"::equals);
                assertThat(peakBuffers.get()).as("pooled buffer memory during the run").isLessThan(BUFFER_BOUND);
                assertThat(server.server().chat().hub().find("stuck")).isNull();
            } finally {
                pool.shutdownNow();
                for (LineClient reader : readers) {
                    reader.close();
                }
            }
        }
    }

    private static int slowest(AtomicIntegerArray received) {
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < received.length(); i++) {
            min = Math.min(min, received.get(i));
        }
        return min;
    }

    private static long usedBufferMemory() {
        var metric = PooledByteBufAllocator.DEFAULT.metric();
        return metric.usedDirectMemory() + metric.usedHeapMemory();
    }
}
