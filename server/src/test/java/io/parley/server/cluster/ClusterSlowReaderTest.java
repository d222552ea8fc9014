package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.TestRedis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that never reads, on server A, in a room with readers on server B and a sender there:
 * A cuts it off by its own send queue, and B's readers get every line, in order, at the pace they
 * read: what one server does for a slow client of its own costs the others nothing.
 */
@Timeout(120)
class ClusterSlowReaderTest {
    private static final int READERS = 4;
    private static final int MESSAGES = 4_000;
    /** The sender stays at most this far ahead of the slowest reader: 30 kB, within A's 64 KiB send queue. */
    private static final int WINDOW = 20;
    /** 4,000 lines of 1.5 kB: more than the kernel (up to 4 MB) and A's send queue (64 KiB) hold. */
    private static final String PAD = " " + "p".repeat(1500);

    @TempDir
    Path dir;

    @Test
    void aSlowReaderOnOneServerCostsTheReadersOnAnotherNothing() throws Exception {
        try (TestRedis redis = TestRedis.start(dir);
             RunningServer a = RunningServer.start("--redis", redis.url(), "--rate-limit", "0", "--name-hold", "0s",
                     "--send-queue", "65536");
             RunningServer b = RunningServer.start("--redis", redis.url(), "--rate-limit", "0");
             LineClient sender = LineClient.named(b.port(), "sender");
             LineClient stuck = LineClient.named(a.port(), "stuck", 4096);
             LineClient nearStuck = LineClient.named(a.port(), "neighbour")) {
            List<LineClient> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                readers.add(LineClient.named(b.port(), "reader" + i));
            }
            sender.readUntil(("* reader" + (READERS - 1) + " joined lobby")::equals);
            AtomicIntegerArray received = new AtomicIntegerArray(READERS + 1);
            ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
            try {
                List<Future<?>> results = new ArrayList<>();
                List<LineClient> reading = new ArrayList<>(readers);
                reading.add(nearStuck); // a reader on the slow client's own server, too
                for (int r = 0; r < reading.size(); r++) {
                    int index = r;
                    LineClient reader = reading.get(r);
                    results.add(pool.submit(() -> {
                        for (int i = 0; i < MESSAGES; ) {
                            String line = reader.readLine();
                            if (line.startsWith("* ")) {
                                continue; // notices: joins, the cut-off
                            }
                            if (!line.equals("sender : " + i + PAD)) {
                                throw new AssertionError("reader " + index + " expected message " + i + ", got " + line);
                            }
                            received.set(index, ++i);
                        }
                        return null;
                    }));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                for (int i = 0; i < MESSAGES; i++) {
                    while (i - slowest(received) >= WINDOW) {
                        for (Future<?> f : results) {
                            if (f.isDone()) {
                                f.get(); // a reader failed: say why
                            }
                        }
                        if (System.nanoTime() - deadline > 0) {
                            throw new AssertionError("readers stalled at " + slowest(received) + " of " + MESSAGES);
                        }
                        LockSupport.parkNanos(200_000);
                    }
                    sender.send(i + PAD);
                }
                for (Future<?> f : results) {
                    f.get(60, TimeUnit.SECONDS);
                }
                sender.readUntil("* stuck left (send queue exceeded)"::equals);
                assertThat(b.server().metrics().registry().counter("parley.disconnects", "reason", "send_queue_exceeded")
                        .count()).as("nobody cut off on B").isZero();
                assertThat(a.server().metrics().registry().counter("parley.disconnects", "reason", "send_queue_exceeded")
                        .count()).as("the stuck client cut off on A").isEqualTo(1);
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
}
