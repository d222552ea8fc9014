package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.server.chat.cluster.RedisCluster;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.TestRedis;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A server in a cluster stops within its deadline even when Redis has stopped answering. */
@Timeout(60)
class ClusterStopTest {
    @TempDir
    Path dir;

    @Test
    void aRedisThatDoesNotAnswerDoesNotHoldTheStopPastItsDeadline() throws Exception {
        Logger clusterLog = (Logger) LoggerFactory.getLogger(RedisCluster.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        clusterLog.addAppender(logged);
        try (TestRedis redis = TestRedis.start(dir);
             RunningServer server = RunningServer.start("--redis", redis.url());
             LineClient alice = LineClient.named(server.port(), "alice");
             Socket pauser = new Socket("127.0.0.1", redis.port())) {
            pauser.setSoTimeout(5000);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().health().cluster().connected());
            // Redis keeps its connections but runs no script or write of any client for 20 s: a
            // stalled Redis (and this connection can still end the pause).
            OutputStream out = pauser.getOutputStream();
            out.write(command("CLIENT", "PAUSE", "20000", "WRITE"));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(pauser.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("+OK");

            long start = System.nanoTime();
            server.server().stop(1000);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(took).as("stop(1000) took %d ms", took).isLessThan(1800);
            assertThat(logged.list).as("the goodbye to the other servers was tried and given up")
                    .anyMatch(e -> e.getFormattedMessage().startsWith("could not tell the other servers"));

            out.write(command("CLIENT", "UNPAUSE"));
            out.flush();
            assertThat(in.readLine()).isEqualTo("+OK");
        } finally {
            clusterLog.detachAppender(logged);
        }
    }

    /** A command in Redis's protocol (RESP). */
    private static byte[] command(String... parts) {
        StringBuilder b = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String p : parts) {
            b.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(p).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
