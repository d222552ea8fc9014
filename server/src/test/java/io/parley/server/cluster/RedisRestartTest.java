package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.protocol.Tags;
import io.parley.server.admin.Health;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.TaggedClient;
import io.parley.server.testing.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis (append-only file on) stops cleanly and starts again in the middle of a chat between two
 * servers: meanwhile both say they are cut off ({@code /health} degraded) and serve their own
 * members; then the chat goes on by itself, across servers, and every message that was
 * acknowledged is in the history, with its id.
 */
@Timeout(120)
class RedisRestartTest {
    @TempDir
    Path dir;

    @Test
    void nothingAcknowledgedIsLostAcrossACleanRedisRestartAndTheChatResumesByItself() throws Exception {
        try (TestRedis redis = TestRedis.start(dir, true)) {
            String[] flags = {"--redis", redis.url(), "--node-timeout", "3s", "--rate-limit", "0"};
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try (RunningServer a = RunningServer.start(flags);
                 RunningServer b = RunningServer.start(flags);
                 TaggedClient writer = TaggedClient.named(a.port(), "writer");
                 TaggedClient reader = TaggedClient.named(b.port(), "reader")) {
                writer.send("/join restarting");
                // In the room (its server subscribed to it) before the reader comes, so that it hears the reader join
                writer.lines().readUntil(l -> l.contains("* you are in restarting"));
                reader.send("/join restarting");
                reader.lines().readUntil(l -> l.contains("* you are in restarting"));
                writer.lines().readUntil(l -> l.endsWith("* reader joined restarting"));

                Map<Long, String> acked = new ConcurrentHashMap<>();
                AtomicBoolean stop = new AtomicBoolean();
                Future<?> acks = pool.submit(() -> {
                    while (!stop.get()) {
                        Tags.Tagged t = writer.read();
                        if (t.has(Tags.ACK)) {
                            acked.put(t.id(), t.rest());
                        }
                    }
                    return null;
                });
                Future<?> sending = pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        writer.send("m" + i);
                        Thread.sleep(5);
                    }
                    return null;
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= 100);

                redis.stop(); // a clean stop: Redis writes its append-only file
                await().atMost(Duration.ofSeconds(30)).until(() -> a.server().health().degraded()
                        && b.server().health().degraded());
                Health cutOff = a.server().health();
                assertThat(cutOff.cluster().connected()).isFalse();
                assertThat(cutOff.history().failing()).isTrue();
                redis.startAgain();
                await().atMost(Duration.ofSeconds(30)).until(() -> !a.server().health().degraded()
                        && !b.server().health().degraded());
                assertThat(a.server().metrics().registry().counter("parley.cluster.reconnects").count()).isEqualTo(1);

                // The chat goes on across the servers, by itself.
                int before = acked.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() >= before + 100);
                String after = "after the restart";
                writer.send(after);
                while (!reader.readLive().rest().equals("writer : " + after)) {
                    // the lines that came before it
                }
                stop.set(true);
                sending.get(30, TimeUnit.SECONDS);
                writer.send("/ping"); // one more line back, so the ack reader sees the stop
                acks.get(30, TimeUnit.SECONDS);

                // Every acknowledged message is in the history, read on the other server.
                TreeMap<Long, String> history = new TreeMap<>();
                long from = 0;
                for (;;) {
                    List<Tags.Tagged> page = reader.history("after " + from + " 1000", t -> { });
                    for (Tags.Tagged t : page) {
                        history.put(t.id(), t.rest());
                    }
                    if (page.size() < 1000) {
                        break;
                    }
                    from = page.get(page.size() - 1).id();
                }
                List<Long> missing = new ArrayList<>();
                for (Map.Entry<Long, String> e : acked.entrySet()) {
                    if (!e.getValue().equals(history.get(e.getKey()))) {
                        missing.add(e.getKey());
                    }
                }
                assertThat(missing).as("acknowledged but not in the history (of %d acked)", acked.size()).isEmpty();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
