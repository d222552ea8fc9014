package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.TestRedis;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ClusterSmokeTest {
    @TempDir
    Path dir;

    @Test
    void twoNodes() throws Exception {
        try (TestRedis redis = TestRedis.start(dir);
             RunningServer a = RunningServer.start("--redis", redis.url(), "--node-timeout", "2s");
             RunningServer b = RunningServer.start("--redis", redis.url(), "--node-timeout", "2s");
             LineClient alice = LineClient.named(a.port(), "alice");
             LineClient bob = LineClient.named(b.port(), "bob")) {
            alice.readUntil("* bob joined lobby"::equals);
            alice.send("hi bob");
            bob.expect("alice : hi bob");
            bob.send("/who");
            assertThat(bob.readLine()).isEqualTo("* in lobby (2): alice, bob");
            bob.send("/msg alice psst");
            alice.expect("@bob : psst");
            try (LineClient thief = LineClient.connect(b.port())) {
                thief.send("/nick ALICE");
                assertThat(thief.readLine()).isEqualTo("! name ALICE is taken");
                thief.send("/nick aIice");
                assertThat(thief.readLine()).isEqualTo("! name aIice is taken (it looks like alice)");
            }
        }
    }
}
