package io.parley.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.Tags;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.TaggedClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client whose connection is cut while a thousand messages are sent in its room comes back with
 * its token and fills the gap from the history: it ends with every message exactly once, in order.
 * Real sockets, a real SQLite file.
 */
@Timeout(120)
class ResumeEndToEndTest {
    static final int MESSAGES = 1000;

    @TempDir
    Path dir;

    /** What a resuming client keeps: every chat message by id, and how many lines it dropped as already seen. */
    static final class Seen {
        final TreeMap<Long, String> byId = new TreeMap<>();
        int duplicates;
        long lastLiveId;

        /** Records a tagged chat line from the writer; false if its id was seen already. */
        boolean record(Tags.Tagged t) {
            if (t.id() <= 0 || !t.rest().startsWith("writer : ")) {
                return false;
            }
            if (byId.putIfAbsent(t.id(), t.rest()) != null) {
                duplicates++;
                return false;
            }
            return true;
        }

        /** A live line: ids of chat lines only ever increase on a connection. */
        void live(Tags.Tagged t) {
            if (t.id() <= 0 || t.has(Tags.HIST) || t.has(Tags.ACK)) {
                return; // a notice
            }
            assertThat(t.id()).as("live ids increase on a connection").isGreaterThan(lastLiveId);
            lastLiveId = t.id();
            record(t);
        }

        long lastId() {
            return byId.isEmpty() ? 0 : byId.lastKey();
        }

        void assertEveryMessageOnceInOrder(int count) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                expected.add("writer : m" + i);
            }
            assertThat(new ArrayList<>(byId.values())).as("every message once, in id order").isEqualTo(expected);
        }
    }

    /**
     * Comes back on {@code port} as {@code name} with {@code token}, and fills what it missed: the
     * history after the last id it had seen when the connection dropped, page by page.
     */
    static TaggedClient resume(int port, String name, String token, Seen seen) throws Exception {
        long from = seen.lastId(); // everything up to here was seen, in order
        TaggedClient client = TaggedClient.connect(port).claim(name, token);
        client.readBatch(seen::live).forEach(seen::record); // the replay on joining
        for (;;) {
            List<Tags.Tagged> page = client.history("after " + from + " 1000", seen::live);
            page.forEach(seen::record);
            if (page.size() < 1000) {
                return client;
            }
            from = page.get(page.size() - 1).id();
        }
    }

    @Test
    void aClientCutOffWhileAThousandMessagesAreSentResumesWithoutGapOrDuplicate() throws Exception {
        try (RunningServer server = RunningServer.start("--history", "sqlite", "--data-dir", dir.toString(),
                "--rate-limit", "0");
             TaggedClient writer = TaggedClient.named(server.port(), "writer")) {
            TaggedClient reader = TaggedClient.named(server.port(), "reader");
            writer.lines().readUntil("* reader joined lobby"::equals);
            String token = reader.token();
            AtomicInteger sent = new AtomicInteger();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<?> sending = pool.submit(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    writer.send("m" + i);
                    sent.incrementAndGet();
                    if (i % 50 == 49) {
                        Thread.sleep(20); // spread over a while, so the cut and the resume fall inside it
                    }
                }
                return null;
            });
            Seen seen = new Seen();
            while (seen.byId.size() < 300) {
                seen.live(reader.readLive());
            }
            reader.close(); // the connection drops under the client
            while (sent.get() < 600) {
                Thread.sleep(5);
            }
            try (LineClient thief = LineClient.named(server.port(), "thief")) {
                thief.send("/nick reader");
                // (after the replay of the lobby) the name is held for its owner
                assertThat(thief.readUntil(l -> l.startsWith("! "))).isEqualTo("! name reader is taken");
            }
            TaggedClient back = resume(server.port(), "reader", token, seen);
            sending.get(60, TimeUnit.SECONDS);
            pool.shutdown();
            while (seen.byId.size() < MESSAGES) {
                seen.live(back.readLive()); // what was sent after the history answer comes live
            }
            seen.assertEveryMessageOnceInOrder(MESSAGES);
            back.close();
        }
    }

    @Test
    void resumingAfterARestartFindsTheMessagesInTheHistory() throws Exception {
        Seen seen = new Seen();
        String token;
        try (RunningServer server = RunningServer.start("--history", "sqlite", "--data-dir", dir.toString(),
                "--rate-limit", "0");
             TaggedClient writer = TaggedClient.named(server.port(), "writer");
             TaggedClient reader = TaggedClient.named(server.port(), "reader")) {
            token = reader.token();
            for (int i = 0; i < MESSAGES; i++) {
                writer.send("m" + i);
                if (i < 400) {
                    seen.live(reader.readLive());
                } else if (i == 400) {
                    reader.close();
                }
            }
            for (int acks = 0; acks < MESSAGES; ) {
                if (writer.read().has(Tags.ACK)) {
                    acks++;
                }
            }
        } // a clean stop; the next server opens the same file
        try (RunningServer again = RunningServer.start("--history", "sqlite", "--data-dir", dir.toString())) {
            resume(again.port(), "reader", token, seen).close();
        }
        seen.assertEveryMessageOnceInOrder(MESSAGES);
        assertThat(seen.duplicates).as("the replay overlaps what the client had").isPositive();
    }

}
