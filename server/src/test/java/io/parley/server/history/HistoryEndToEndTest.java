package io.parley.server.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.protocol.Tags;
import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.TaggedClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /history} over real sockets on a real SQLite file: bounds, paging by id, private conversations, name hold. */
@Timeout(120)
class HistoryEndToEndTest {
    @TempDir
    Path dir;

    private RunningServer start(String... flags) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of("--history", "sqlite", "--data-dir", dir.toString(), "--rate-limit", "0"));
        all.addAll(List.of(flags));
        return RunningServer.start(all.toArray(String[]::new));
    }

    /** Sends {@code count} messages and returns their ids, from the acknowledgements. */
    private static List<Long> say(TaggedClient sender, int count) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sender.send("m" + i);
        }
        while (ids.size() < count) {
            Tags.Tagged t = sender.read();
            if (t.has(Tags.ACK)) {
                ids.add(t.id());
            }
        }
        return ids;
    }

    private static List<Long> ids(List<Tags.Tagged> batch) {
        return batch.stream().map(Tags.Tagged::id).toList();
    }

    @Test
    void historyIsBoundedAndPagesByIdBothWays() throws Exception {
        try (RunningServer server = start();
             TaggedClient writer = TaggedClient.named(server.port(), "writer")) {
            List<Long> sent = say(writer, 120);
            assertThat(sent).isSorted();
            try (TaggedClient reader = TaggedClient.named(server.port(), "reader")) {
                assertThat(ids(reader.readBatch(t -> { }))).as("replay on join").isEqualTo(sent.subList(100, 120));
                assertThat(ids(reader.history("", t -> { }))).as("default 50").isEqualTo(sent.subList(70, 120));
                assertThat(ids(reader.history("5", t -> { }))).isEqualTo(sent.subList(115, 120));
                assertThat(ids(reader.history("1000", t -> { }))).isEqualTo(sent);

                List<Long> backwards = new ArrayList<>();
                long before = Long.MAX_VALUE;
                for (List<Tags.Tagged> page; !(page = reader.history("before " + before + " 50", t -> { })).isEmpty(); ) {
                    backwards.addAll(0, ids(page));
                    before = page.get(0).id();
                }
                assertThat(backwards).isEqualTo(sent);

                List<Long> forwards = new ArrayList<>();
                long after = 0;
                for (List<Tags.Tagged> page; !(page = reader.history("after " + after + " 50", t -> { })).isEmpty(); ) {
                    assertThat(page.size()).isLessThanOrEqualTo(50);
                    forwards.addAll(ids(page));
                    after = page.get(page.size() - 1).id();
                }
                assertThat(forwards).isEqualTo(sent);

                List<Tags.Tagged> one = reader.history("after " + sent.get(9) + " 1", t -> { });
                assertThat(one).singleElement().satisfies(t -> {
                    assertThat(t.id()).isEqualTo(sent.get(10));
                    assertThat(t.rest()).isEqualTo("writer : m10");
                    assertThat(t.get(Tags.ROOM)).isEqualTo("lobby");
                    assertThat(Instant.parse(t.get(Tags.TIME))).isBefore(Instant.now().plusSeconds(1));
                });
            }
        }
    }

    @Test
    void privateHistoryStaysWithItsTwoPartiesAcrossARestart() throws Exception {
        try (RunningServer server = start();
             LineClient alice = LineClient.named(server.port(), "alice");
             LineClient bob = LineClient.named(server.port(), "bob")) {
            alice.send("/msg bob the key is under the mat");
            bob.readUntil("@alice : the key is under the mat"::equals);
            bob.send("/msg alice thanks");
            alice.readUntil("@bob : thanks"::equals);
        }
        try (RunningServer again = start();
             LineClient bob = LineClient.named(again.port(), "BOB");
             LineClient eve = LineClient.named(again.port(), "eve")) {
            bob.readUntil("* eve joined lobby"::equals);
            bob.send("/history @alice");
            bob.expect("* history with alice: 2 messages");
            assertThat(bob.readLine()).endsWith("] alice -> bob : the key is under the mat");
            assertThat(bob.readLine()).endsWith("] bob -> alice : thanks");
            bob.expect("* end of history");
            eve.send("/history @alice");
            eve.expect("* history with alice: 0 messages");
            eve.expect("* end of history");
            eve.send("/history");
            eve.expect("* history of lobby: 0 messages"); // private messages never show in a room
            eve.expect("* end of history");
        }
    }

    @Test
    void aHeldNameIsFreedWhenTheHoldEnds() throws Exception {
        try (RunningServer server = start("--name-hold", "1s");
             LineClient other = LineClient.named(server.port(), "other")) {
            LineClient.named(server.port(), "alice").close();
            other.readUntil("* alice left (connection closed)"::equals);
            other.send("/nick alice");
            other.expect("! name alice is taken");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                other.send("/nick alice");
                return other.readLine().equals("* you are alice");
            });
        }
    }

    @Test
    void datagramMembersGetNoHistoryAndAreNotReplayedTo() throws Exception {
        try (RunningServer server = start();
             LineClient bob = LineClient.named(server.port(), "bob");
             DatagramClient dave = DatagramClient.validated(server.udpPort(), "dave")) {
            bob.send("an earlier line");
            bob.send("/ping");
            bob.readUntil("* pong"::equals); // relayed before dave joins: not a live line for dave
            dave.send("dave : /history");
            dave.expect("* you are dave");
            dave.expect("* you are in lobby with 1 other"); // no replay: a forged source address would get it
            dave.expect("! /history is not available over UDP; use TCP");
            dave.send("dave : /tags on");
            dave.expect("* tags on");
            bob.send("a later line");
            assertThat(Tags.parse(dave.receive())).satisfies(t -> {
                assertThat(t.rest()).isEqualTo("bob : a later line");
                assertThat(t.id()).isPositive();
            });
        }
    }
}
