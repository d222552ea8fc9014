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
 * One client that never reads among fifty that do, and 50,000 broadcasts: the readers get every
 * message in order, the stuck one is cut off, and the server's buffer memory stays bounded.
 */
@Timeout(300)
class SlowReaderAmongManyTest {
    private static final int READERS = 50;
    private static final int MESSAGES = 50_000;
    private static final int WINDOW = 500; // the sender stays at most this far ahead of the slowest reader
    private static final long BUFFER_BOUND = 64L << 20;
    /** 50,000 lines of about 170 bytes: 8 MB, more than the kernel and the 1 MiB send queue hold. */
    private static final String PAD = " " + "p".repeat(150);

    @Test
    void readersGetEverythingStuckOneIsCutOffMemoryBounded() throws Exception {
        try (RunningServer server = RunningServer.start("--rate-limit", "0", "--name-hold", "0s"); // cut off: name freed at once
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
                        LockSupport.parkNanos(200_000);
                    }
                    sender.send(i + PAD);
                    if (i % 1000 == 0) {
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
