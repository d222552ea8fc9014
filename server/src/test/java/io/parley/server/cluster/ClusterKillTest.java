package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.Tags;
import io.parley.server.testing.ChildServer;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.TaggedClient;
import io.parley.server.testing.TestRedis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with SIGKILL in the middle of a chat: within --node-timeout the others free its
 * names and tell its members' rooms they left, and its clients come back on another server and
 * resume without a gap or a duplicate.
 */
@Timeout(120)
class ClusterKillTest {
    private static final int MESSAGES = 600;
    private static final long NODE_TIMEOUT_MILLIS = 2000;

    @TempDir
    Path dir;

    @Test
    void aKilledServersNamesAreFreedItsRoomsToldAndItsClientsResumeElsewhere() throws Exception {
        try (TestRedis redis = TestRedis.start(dir)) {
            String[] flags = {"--redis", redis.url(), "--node-timeout", NODE_TIMEOUT_MILLIS + "ms", "--rate-limit", "0"};
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (RunningServer survivor = RunningServer.start(flags);
                 ChildServer doomed = ChildServer.start(flags);
                 TaggedClient writer = TaggedClient.named(survivor.port(), "writer");
                 LineClient watcher = LineClient.named(survivor.port(), "watcher")) {
                writer.send("/join killing");
                watcher.send("/join killing");
                TaggedClient victim = TaggedClient.named(doomed.port(), "victim");
                victim.send("/join killing");
                victim.lines().readUntil(l -> l.contains("* you are in killing"));
                LineClient bystander = LineClient.named(doomed.port(), "bystander");
                bystander.send("/join killing");
                bystander.readUntil(l -> l.startsWith("* you are in killing"));
                watcher.readUntil("* bystander joined killing"::equals);
                String token = victim.token();

                Future<?> sending = pool.submit(() -> {
                    for (int i = 0; i < MESSAGES; i++) {
                        writer.send("m" + i);
                        if (i % 20 == 19) {
                            Thread.sleep(10); // spread over a while: the kill and the resume fall inside it
                        }
                    }
                    return null;
                });
                TreeMap<Long, String> seen = new TreeMap<>();
                while (seen.size() < 150) {
                    Tags.Tagged t = victim.readLive();
                    assertThat(seen.isEmpty() || t.id() == seen.lastKey() + 1).as("live ids in a row").isTrue();
                    seen.put(t.id(), t.rest());
                }
                doomed.kill();
                long killed = System.nanoTime();

                // The survivor frees the dead server's names and tells the room its members left.
                watcher.readUntil("* bystander left (server lost)"::equals);
                try (LineClient claimant = LineClient.connect(survivor.port())) {
                    for (;;) {
                        claimant.send("/nick bystander");
                        String answer = claimant.readLine();
                        if (answer.equals("* you are bystander")) {
                            break;
                        }
                        assertThat(answer).isEqualTo("! name bystander is taken");
                        Thread.sleep(100);
                    }
                }
                long freedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                // Within --node-timeout by design (at most three quarters of it); the slack is for a busy machine.
                assertThat(freedMillis).as("name free %d ms after the kill", freedMillis)
                        .isLessThan(NODE_TIMEOUT_MILLIS + 3000);

                // The victim comes back on the survivor with its token and fills the gap.
                long from = seen.lastKey();
                Consumer<Tags.Tagged> live = t -> {
                    if (t.id() > 0 && !t.has(Tags.ACK)) {
                        seen.putIfAbsent(t.id(), t.rest());
                    }
                };
                try (TaggedClient back = TaggedClient.connect(survivor.port()).claim("victim", token)) {
                    back.send("/join killing");
                    back.readBatch(live).forEach(live);
                    for (;;) {
                        List<Tags.Tagged> page = back.history("after " + from + " 200", live);
                        page.forEach(live);
                        if (page.size() < 200) {
                            break;
                        }
                        from = page.get(page.size() - 1).id();
                    }
                    sending.get(60, TimeUnit.SECONDS);
                    while (seen.size() < MESSAGES) {
                        live.accept(back.readLive());
                    }
                }
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < MESSAGES; i++) {
                    expected.add("writer : m" + i);
                }
                assertThat(new ArrayList<>(seen.values())).as("every message once, in order").isEqualTo(expected);
                assertThat(seen.lastKey() - seen.firstKey()).as("ids in a row").isEqualTo(MESSAGES - 1);
                victim.close();
                bystander.close();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
