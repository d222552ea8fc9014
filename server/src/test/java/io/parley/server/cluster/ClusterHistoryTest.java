package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.protocol.Tags;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.TaggedClient;
import io.parley.server.testing.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The history in Redis streams: any server answers for any room or pair, with the retention flags. */
@Timeout(60)
class ClusterHistoryTest {
    @TempDir
    Path dir;

    @Test
    void anyServerAnswersHistoryWithinTheRetentionFlags() throws Exception {
        try (TestRedis redis = TestRedis.start(dir)) {
            String[] flags = {"--redis", redis.url(), "--rate-limit", "0", "--history-keep", "5", "--history-max-age", "3s",
                    "--replay", "3"};
            try (RunningServer a = RunningServer.start(flags);
                 RunningServer b = RunningServer.start(flags);
                 TaggedClient writer = TaggedClient.named(a.port(), "writer");
                 TaggedClient reader = TaggedClient.named(b.port(), "reader")) {
                writer.send("/join kept");
                writer.lines().readUntil(l -> l.contains("* you are in kept"));
                for (int i = 0; i < 8; i++) {
                    writer.send("m" + i);
                }
                writer.send("/msg reader private one");
                for (int acks = 0; acks < 9; ) {
                    acks += writer.read().has(Tags.ACK) ? 1 : 0;
                }
                // The replay on joining (--replay 3), on the other server.
                reader.send("/join kept");
                assertThat(texts(reader.readBatch(t -> { }))).containsExactly("writer : m5", "writer : m6", "writer : m7");
                // --history-keep 5.
                List<Tags.Tagged> kept = reader.history("", t -> { });
                assertThat(texts(kept)).containsExactly("writer : m3", "writer : m4", "writer : m5", "writer : m6", "writer : m7");
                assertThat(texts(reader.history("before " + kept.get(2).id() + " 10", t -> { })))
                        .containsExactly("writer : m3", "writer : m4");
                assertThat(texts(reader.history("@writer", t -> { }))).containsExactly("@writer : private one");
                try (LineClient plain = LineClient.named(b.port(), "plain")) {
                    plain.send("/join kept");
                    plain.readUntil("* end of history"::equals);
                    plain.send("/history 2");
                    assertThat(plain.readLine()).isEqualTo("* history of kept: 2 messages");
                }
                // --history-max-age 3s: gone once older, room and pair alike.
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                        .until(() -> reader.history("", t -> { }).isEmpty() && reader.history("@writer", t -> { }).isEmpty());
                assertThat(a.server().metrics().registry().counter("parley.history.deleted").count()
                        + b.server().metrics().registry().counter("parley.history.deleted").count()).as("3 past --history-keep, 6 past --history-max-age").isEqualTo(9);
            }
        }
    }

    private static List<String> texts(List<Tags.Tagged> lines) {
        return lines.stream().map(Tags.Tagged::rest).toList();
    }
}
