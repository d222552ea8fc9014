package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parley.server.ParleyServer;
import io.parley.server.testing.LineClient;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client resuming against a real server that keeps history: whatever was said while its
 * connection was down (cut under it, or the server restarted) it shows once, in order, among what
 * it got live. Runs where the server has a history store.
 */
@Timeout(120)
class HistoryResumeEndToEndTest {
    private static final Pattern SAID = Pattern.compile("^(?:\\* \\[[^]]+] )?carol : m(\\d+)$");

    @TempDir
    Path dataDir;

    @BeforeEach
    void needsHistory() {
        assumeTrue(Servers.keepHistory(), "this server keeps no history: nothing to resume from");
    }

    /** The numbers of carol's messages in bob's output, live ({@code carol : mN}) or fetched ({@code * [TIME] carol : mN}). */
    private static List<Integer> said(ScriptedClient bob) {
        return bob.outLines().stream().map(SAID::matcher).filter(Matcher::matches)
                .map(m -> Integer.parseInt(m.group(1))).toList();
    }

    private static void awaitSaid(ScriptedClient bob, int last) {
        org.awaitility.Awaitility.await().atMost(ScriptedClient.WAIT).until(() -> said(bob).contains(last));
    }

    private static List<Integer> oneTo(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void aConnectionCutWhileAThousandMessagesAreSentLosesNoneAndRepeatsNone() throws Exception {
        ParleyServer server = Servers.on(Servers.freePort(), null, "--rate-limit", "0");
        try (CuttableProxy proxy = new CuttableProxy(server.tcpPort());
             LineClient carol = LineClient.named(server.tcpPort(), "carol")) {
            ScriptedClient bob = ScriptedClient.start("--name", "bob", "--port", "" + proxy.port(), "--reconnect",
                    "--keepalive", "0");
            carol.expect("* bob joined lobby");
            for (int i = 1; i <= 1000; i++) {
                carol.send("m" + i);
                if (i == 300) {
                    proxy.cut(); // bob's connection goes, mid-stream
                }
            }
            awaitSaid(bob, 1000);
            bob.stdin.end();
            assertThat(bob.exitCode()).isZero();
            assertThat(said(bob)).isEqualTo(oneTo(1000));
            assertThat(bob.err()).contains("lost the connection").contains("back in lobby as bob");
        } finally {
            server.stop(5000);
        }
    }

    @Test
    void aServerRestartedOnTheSamePortAndDataLeavesNoGapAndNoDuplicate() throws Exception {
        int port = Servers.freePort();
        ParleyServer first = Servers.on(port, dataDir, "--rate-limit", "0");
        ScriptedClient bob;
        try (LineClient carol = LineClient.named(port, "carol")) {
            bob = ScriptedClient.start("--name", "bob", "--port", "" + port, "--reconnect", "--keepalive", "0");
            carol.expect("* bob joined lobby");
            for (int i = 1; i <= 10; i++) {
                carol.send("m" + i);
            }
            awaitSaid(bob, 10);
        } finally {
            first.stop(5000);
        }
        bob.awaitErr("reconnecting in");
        ParleyServer second = Servers.on(port, dataDir, "--rate-limit", "0");
        try (LineClient carol = LineClient.named(port, "carol")) {
            // Said on the new server: before bob is back (fetched from its history) or after (live).
            for (int i = 11; i <= 20; i++) {
                carol.send("m" + i);
            }
            awaitSaid(bob, 20);
            bob.stdin.end();
            assertThat(bob.exitCode()).isZero();
            assertThat(said(bob)).isEqualTo(oneTo(20));
        } finally {
            second.stop(5000);
        }
    }
}
