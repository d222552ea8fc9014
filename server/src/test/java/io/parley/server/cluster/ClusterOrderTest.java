package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.TestRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client's lines keep their order through Redis from the very first line a fresh Redis sees:
 * a burst written in one go, before any room line has been ordered by this Redis, reaches a member
 * on another server in the order it was sent. Repeated on fresh Redis servers, since the first
 * lines are the ones that once found Redis' script cache empty.
 */
@Timeout(120)
class ClusterOrderTest {
    private static final int LINES = 300;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void aBurstOfFirstLinesKeepsItsOrderAcrossServers() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            try (TestRedis redis = TestRedis.start(dir.resolve("redis" + round))) {
                String[] flags = {"--redis", redis.url(), "--rate-limit", "0"};
                try (RunningServer a = RunningServer.start(flags);
                     RunningServer b = RunningServer.start(flags);
                     LineClient writer = LineClient.named(a.port(), "writer");
                     LineClient reader = LineClient.named(b.port(), "reader")) {
                    writer.send("/join burst");
                    writer.readUntil(l -> l.startsWith("* you are in burst"));
                    reader.send("/join burst");
                    reader.readUntil(l -> l.startsWith("* you are in burst"));
                    writer.readUntil("* reader joined burst"::equals);

                    StringBuilder burst = new StringBuilder();
                    for (int i = 0; i < LINES; i++) {
                        burst.append('m').append(i).append('\n');
                    }
                    writer.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
                    List<String> got = new ArrayList<>();
                    while (got.size() < LINES) {
                        String line = reader.readLine();
                        if (line.startsWith("writer : ")) {
                            got.add(line.substring("writer : ".length()));
                        }
                    }
                    List<String> sent = new ArrayList<>();
                    for (int i = 0; i < LINES; i++) {
                        sent.add("m" + i);
                    }
                    assertThat(got).as("round %d: the writer's lines in the order sent", round).isEqualTo(sent);
                }
            }
        }
    }
}
