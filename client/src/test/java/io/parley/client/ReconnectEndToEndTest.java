package io.parley.client;

import static io.parley.client.VirtualTerminal.ENTER;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.ParleyServer;
import io.parley.server.testing.LineClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client reconnecting to a real server: stopped and started again on the same port, or with
 * the connection cut under the client: it takes its name back and returns to its room, and what
 * was typed meanwhile goes out. (What was said meanwhile: {@link HistoryResumeEndToEndTest}.)
 */
@Timeout(90)
class ReconnectEndToEndTest {
    @TempDir
    Path state;

    private static ParleyServer serverOn(int port) throws Exception {
        return Servers.on(port, null);
    }

    private static int freePort() throws IOException {
        return Servers.freePort();
    }

    @Test
    void aServerRestartedOnTheSamePortGetsTheClientBackInItsRoom() throws Exception {
        int port = freePort();
        ParleyServer first = serverOn(port);
        ScriptedClient bob;
        try (LineClient carol = LineClient.named(port, "carol")) {
            carol.send("/join dev");
            carol.expect("* you are in dev with 0 others");
            bob = ScriptedClient.start("--name", "bob", "--port", "" + port, "--reconnect", "--keepalive", "0");
            bob.type("/join dev");
            carol.expect("* bob joined dev");
            bob.type("before");
            carol.expect("bob : before");
        } finally {
            first.stop(5000);
        }
        bob.awaitErr("lost the connection to 127.0.0.1:" + port + " (the server shut down); reconnecting in");

        ParleyServer second = serverOn(port);
        try {
            bob.awaitErr("back in dev as bob");
            try (LineClient carol = LineClient.named(port, "carol")) {
                carol.send("/join dev");
                carol.expect("* you are in dev with 1 other"); // bob, back under his name, in his room
                carol.send("/who");
                carol.expect("* in dev (2): bob, carol");
                bob.type("after");
                carol.expect("bob : after");
                bob.type("q");
                carol.expect("* bob left (quit)");
            }
            assertThat(bob.exitCode()).isZero();
            assertThat(bob.outLines()).contains("* server shutting down", "* bye bob");
        } finally {
            second.stop(5000);
        }
    }

    @Test
    void whatWasTypedWhileTheServerWasAwayGoesWhenItIsBack() throws Exception {
        ParleyServer first = serverOn(freePort());
        try (CuttableProxy proxy = new CuttableProxy(first.tcpPort())) {
            ScriptedClient bob;
            try (LineClient carol = LineClient.named(first.tcpPort(), "carol")) {
                bob = ScriptedClient.start("--name", "bob", "--port", "" + proxy.port(), "--reconnect",
                        "--keepalive", "0");
                carol.expect("* bob joined lobby");
                bob.type("/join dev");
                carol.expect("* bob left for dev");
                proxy.refuse(); // the restart: no server while the old one stops and the new one starts
            } finally {
                first.stop(5000);
            }
            bob.awaitErr("(the server shut down); reconnecting in");
            bob.type("typed while the server was away");
            ParleyServer second = serverOn(freePort());
            try (LineClient carol = LineClient.named(second.tcpPort(), "carol")) {
                carol.send("/join dev");
                carol.expect("* you are in dev with 0 others");
                proxy.relayTo(second.tcpPort());
                carol.expect("* bob joined dev");
                carol.expect("bob : typed while the server was away");
                bob.stdin.end();
                carol.expect("* bob left (quit)");
                assertThat(bob.exitCode()).isZero();
            } finally {
                second.stop(5000);
            }
        }
    }

    @Test
    void aConnectionCutUnderTheClientIsResumed() throws Exception {
        int port = freePort();
        ParleyServer server = serverOn(port);
        try (CuttableProxy proxy = new CuttableProxy(port);
             LineClient carol = LineClient.named(port, "carol")) {
            ScriptedClient bob = ScriptedClient.start("--name", "bob", "--port", "" + proxy.port(), "--reconnect",
                    "--keepalive", "0");
            carol.expect("* bob joined lobby");
            bob.type("one");
            carol.expect("bob : one");

            proxy.cut(); // as a broken network would: the client's connection is gone
            carol.expect("* bob left (connection closed)");
            carol.expect("* bob joined lobby");
            bob.type("two");
            carol.expect("bob : two");
            bob.stdin.end();
            carol.expect("* bob left (quit)");
            assertThat(bob.exitCode()).isZero();
            assertThat(bob.err()).contains("lost the connection to 127.0.0.1:" + proxy.port())
                    .contains("back in lobby as bob");
        } finally {
            server.stop(5000);
        }
    }

    @Test
    void inATerminalThePromptSaysSoAndTheLineBeingTypedStays() throws Exception {
        int port = freePort();
        ParleyServer first = serverOn(port);
        try (VirtualTerminal vt = new VirtualTerminal("xterm-256color", 120, 30)) {
            ScriptedClient alice = ScriptedClient.startIn(vt, Map.of("USER", "alice", "XDG_STATE_HOME", state.toString()),
                    "--port", "" + port, "--keepalive", "0");
            vt.awaitLastLine("[lobby] alice>");
            vt.type("half a thought");
            vt.awaitLastLine("[lobby] alice> half a thought");
            first.stop(5000);
            vt.awaitLastLine("[lobby] alice (reconnecting)> half a thought");
            vt.awaitScreen("lost the connection to 127.0.0.1:" + port + " (the server shut down); reconnecting in");

            ParleyServer second = serverOn(port);
            try (LineClient carol = LineClient.named(port, "carol")) {
                vt.awaitScreen("back in lobby as alice");
                vt.awaitLastLine("[lobby] alice> half a thought");
                vt.type(", finished" + ENTER);
                carol.readUntil(line -> line.equals("alice : half a thought, finished"));
                vt.type("/quit" + ENTER);
                assertThat(alice.exitCode()).isZero();
            } finally {
                second.stop(5000);
            }
        }
    }
}
