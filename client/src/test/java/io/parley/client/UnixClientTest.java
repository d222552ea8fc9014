package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The console client over the server's Unix domain socket ({@code --unix PATH}). */
@Timeout(60)
class UnixClientTest {
    @TempDir
    Path dir;

    @Test
    void chatsOverTheUnixSocketWithATcpClient() throws Exception {
        Path socket = dir.resolve("parley.sock");
        try (RunningServer server = RunningServer.start("--unix-socket", socket.toString());
             LineClient carol = LineClient.named(server.port(), "carol")) {
            ScriptedClient bob = ScriptedClient.run(List.of("hi from a unix socket", "q"),
                    "--name", "bob", "--unix", socket.toString());

            assertThat(bob.exitCode()).isZero();
            carol.expect("* bob joined lobby");
            carol.expect("bob : hi from a unix socket");
            carol.expect("* bob left (quit)");
            assertThat(bob.outLines()).contains("* you are bob", "* you are in lobby with 1 other", "* bye bob");
        }
    }

    @Test
    void noServerOnThePathIsExitOne() throws Exception {
        ScriptedClient bob = ScriptedClient.run(List.of("q"), "--name", "bob", "--unix", dir.resolve("none.sock").toString());
        assertThat(bob.exitCode()).isEqualTo(1);
        assertThat(bob.out() + bob.err()).contains("cannot connect to " + dir.resolve("none.sock"));
    }

    @Test
    void unixWithUdpOrTlsIsABadCommandLine() throws Exception {
        ScriptedClient bob = ScriptedClient.run(List.of(), "--name", "bob", "--unix", "x.sock", "--udp");
        assertThat(bob.exitCode()).isEqualTo(2);
        assertThat(bob.err()).contains("--unix does not work with --udp or --tls");
    }
}
