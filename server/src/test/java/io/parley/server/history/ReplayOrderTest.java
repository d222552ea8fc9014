package io.parley.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.Tags;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.TaggedClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Senders on several event loops flood one room while members join it: every member sees the
 * room's messages in id order, and each joiner gets exactly the last {@code --replay} messages
 * before its first live one, then every later message, with no gap and no duplicate, although
 * broadcasts were in flight to its loop when it joined.
 */
@Timeout(120)
class ReplayOrderTest {
    private static final int SENDERS = 3;
    private static final int PER_SENDER = 300;
    private static final int JOINERS = 8;
    private static final int REPLAY = 20;
    private static final String END = "that is all";

    @TempDir
    Path dir;

    /** The chat ids a joiner got: its replay, then live. */
    record Joined(List<Long> replay, List<Long> live) {
    }

    @Test
    void joinersGetTheReplayThenLiveWithNoGapAndNoDuplicate() throws Exception {
        try (RunningServer server = RunningServer.start("--history", "sqlite", "--data-dir", dir.toString(),
                "--rate-limit", "0", "--io-threads", "4", "--replay", "" + REPLAY);
             TaggedClient witness = TaggedClient.named(server.port(), "witness")) {
            List<LineClient> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                senders.add(LineClient.named(server.port(), "sender" + s));
            }
            ExecutorService pool = Executors.newFixedThreadPool(SENDERS + JOINERS);
            List<Future<?>> sending = new ArrayList<>();
            for (LineClient sender : senders) {
                sending.add(pool.submit(() -> {
                    for (int i = 0; i < PER_SENDER; i++) {
                        sender.send("m" + i);
                        if (i % 20 == 19) {
                            Thread.sleep(5);
                        }
                    }
                    return null;
                }));
            }
            List<TaggedClient> joiners = new ArrayList<>();
            List<Future<Joined>> joined = new ArrayList<>();
            for (int j = 0; j < JOINERS; j++) {
                Thread.sleep(30); // joins spread over the burst
                TaggedClient joiner = TaggedClient.named(server.port(), "joiner" + j);
                joiners.add(joiner);
                joined.add(pool.submit(() -> readAsJoiner(joiner)));
            }
            for (Future<?> f : sending) {
                f.get(30, TimeUnit.SECONDS);
            }
            senders.get(0).send(END); // everyone has joined: the last message of the room
            List<Long> all = new ArrayList<>();
            for (;;) {
                Tags.Tagged t = witness.readLive();
                if (t.rest().startsWith("sender")) {
                    all.add(t.id());
                }
                if (t.rest().equals("sender0 : " + END)) {
                    break;
                }
            }
            assertThat(all).hasSize(SENDERS * PER_SENDER + 1);
            assertThat(all).as("one room, one order: ids increase").isSorted().doesNotHaveDuplicates();
            for (Future<Joined> f : joined) {
                Joined got = f.get(60, TimeUnit.SECONDS);
                int first = got.live().isEmpty() ? all.size() : all.indexOf(got.live().get(0));
                assertThat(first).as("the first live line is one of the room's").isNotNegative();
                assertThat(got.replay()).as("replay: the last messages before the first live one")
                        .isEqualTo(all.subList(Math.max(0, first - REPLAY), first));
                assertThat(got.live()).as("live: every message after it").isEqualTo(all.subList(first, all.size()));
            }
            pool.shutdownNow();
            for (TaggedClient c : joiners) {
                c.close();
            }
            for (LineClient c : senders) {
                c.close();
            }
        }
    }

    /** Reads a joiner's replay (if the room had history) and its live chat until the last message. */
    private static Joined readAsJoiner(TaggedClient joiner) throws Exception {
        List<Long> replay = new ArrayList<>();
        List<Long> live = new ArrayList<>();
        boolean inReplay = false;
        for (;;) {
            Tags.Tagged t = joiner.read();
            if (t.rest().equals("sender0 : " + END)) {
                live.add(t.id());
                return new Joined(replay, live);
            }
            if (t.has(Tags.HIST) && t.id() < 0) {
                inReplay = !t.rest().equals("* end of history");
                assertThat(live).as("the replay comes before any live line").isEmpty();
            } else if (t.id() > 0 && t.rest().startsWith("sender")) {
                (inReplay ? replay : live).add(t.id());
            }
        }
    }
}
