package io.parley.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.Tags;
import io.parley.server.testing.ChildServer;
import io.parley.server.testing.TaggedClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server in a child process, killed with SIGKILL once every message is acknowledged, then
 * started again on the same data directory: every acknowledged message is in the history, in
 * order, with the time it was first given; and a client cut off before the kill resumes on the new
 * server without a gap or a duplicate.
 */
@Timeout(180)
class KillRestartTest {
    @TempDir
    Path dir;

    @Test
    void acknowledgedMessagesSurviveKillNineWithTheirTimesAndAClientResumesAcrossTheRestart() throws Exception {
        String[] flags = {"--data-dir", dir.resolve("data").toString(), "--rate-limit", "0"};
        int total = ResumeEndToEndTest.MESSAGES;
        ResumeEndToEndTest.Seen seen = new ResumeEndToEndTest.Seen();
        Map<Long, String> acked = new LinkedHashMap<>(); // id -> "time text", as the acks said
        String token;
        try (ChildServer first = ChildServer.start(flags)) {
            TaggedClient writer = TaggedClient.named(first.port(), "writer");
            TaggedClient reader = TaggedClient.named(first.port(), "reader");
            token = reader.token();
            for (int i = 0; i < total; i++) {
                writer.send("m" + i);
                if (i < total / 2) {
                    seen.live(reader.readLive());
                } else if (i == total / 2) {
                    reader.close(); // cut off; the rest it must find in the history
                }
            }
            while (acked.size() < total) {
                Tags.Tagged t = writer.read();
                if (t.has(Tags.ACK)) {
                    acked.put(t.id(), t.get(Tags.TIME) + " " + t.rest());
                }
            }
            first.kill(); // kill -9 right after the last acknowledgement: nothing closed, nothing flushed
            writer.close();
        }
        assertThat(new ArrayList<>(acked.keySet())).as("acks in id order").isSorted();

        try (ChildServer second = ChildServer.start(flags)) {
            try (TaggedClient auditor = TaggedClient.named(second.port(), "auditor")) {
                auditor.readBatch(t -> { }); // the replay on joining
                List<String> history = new ArrayList<>();
                for (Tags.Tagged t : auditor.history("1000", x -> { })) {
                    history.add(t.get(Tags.TIME) + " " + t.rest());
                    assertThat(acked).containsKey(t.id());
                }
                assertThat(history).as("the history after kill -9: every acked message, in order, original times")
                        .isEqualTo(new ArrayList<>(acked.values()));
            }
            ResumeEndToEndTest.resume(second.port(), "reader", token, seen).close();
            seen.assertEveryMessageOnceInOrder(total);
        }
    }
}
