package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client, scripted through its streams, against a real server in this JVM. */
@Timeout(60)
class TcpClientEndToEndTest {
    private RunningServer server;
    private LineClient carol;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start();
        carol = LineClient.named(server.port(), "carol");
    }

    @AfterEach
    void stop() throws IOException {
        carol.close();
        server.close();
    }

    private String[] args(String name, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of("--name", name, "--port", "" + server.port()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void typedLineReachesAnotherParticipantAndQLeaves() throws Exception {
        ScriptedClient bob = ScriptedClient.run(List.of("hi", "q"), args("bob"));

        assertThat(bob.exitCode()).isZero();
        carol.expect("* bob joined lobby");
        carol.expect("bob : hi");
        carol.expect("* bob left (quit)");
        assertThat(bob.outLines()).contains("* you are bob", "* you are in lobby with 1 other", "* bye bob");
        assertThat(bob.out()).doesNotContain("\u001b");
        assertThat(bob.err()).isEmpty();
    }

    @Test
    void aLongScriptIsPacedWithinTheServersFloodControl() throws Exception {
        List<String> script = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            script.add("line " + i);
        }
        script.add("q");
        ScriptedClient bob = ScriptedClient.run(script, args("bob"));

        assertThat(bob.exitCode()).isZero();
        carol.expect("* bob joined lobby");
        for (int i = 0; i < 25; i++) {
            carol.expect("bob : line " + i);
        }
        carol.expect("* bob left (quit)");
        assertThat(bob.out()).doesNotContain("slow down");
    }

    @Test
    void endOfInputWithoutQLeavesCleanly() throws Exception {
        ScriptedClient bob = ScriptedClient.run(List.of("hello", "", "/who"), args("bob"));

        assertThat(bob.exitCode()).isZero();
        carol.expect("* bob joined lobby");
        carol.expect("bob : hello");
        carol.expect("* bob left (quit)");
        assertThat(bob.outLines()).contains("* in lobby (2): bob, carol", "* bye bob");
    }

    @Test
    void showsWhatOthersSayAndFollowsANameChange() throws Exception {
        ScriptedClient bob = ScriptedClient.start(args("bob", "--keepalive", "0"));
        carol.expect("* bob joined lobby");
        carol.send("carol : hello bob");
        carol.send("/msg bob just for you");
        bob.awaitOut("carol : hello bob");
        bob.awaitOut("@carol : just for you");

        bob.type("/nick robert");
        carol.expect("* bob is now robert");
        bob.awaitOut("* you are robert");
        bob.type("still me");
        carol.expect("robert : still me");
        bob.type("/ping");
        bob.awaitOut("* pong");
        bob.type("q");

        assertThat(bob.exitCode()).isZero();
        assertThat(bob.outLines()).contains("* bye robert");
    }

    @Test
    void theLoginNameIsTheDefaultName() throws Exception {
        ScriptedClient dave = ScriptedClient.start(java.util.Map.of("USER", "dave"), "--port", "" + server.port());
        dave.type("hi");
        dave.stdin.end();
        carol.expect("* dave joined lobby");
        carol.expect("dave : hi");
        assertThat(dave.exitCode()).isZero();
    }

    @Test
    void aScriptCanAskForTimestamps() throws Exception {
        ScriptedClient bob = ScriptedClient.start(args("bob", "--time", "--keepalive", "0"));
        carol.expect("* bob joined lobby");
        carol.send("carol : stamped");
        org.awaitility.Awaitility.await().atMost(ScriptedClient.WAIT)
                .until(() -> bob.outLines().stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d carol : stamped")));
        bob.stdin.end();
        assertThat(bob.exitCode()).isZero();
    }

    @Test
    void takenNameExitsWithTwoAndSaysWhy() throws Exception {
        ScriptedClient second = ScriptedClient.run(List.of("hi"), args("carol"));

        assertThat(second.exitCode()).isEqualTo(2);
        assertThat(second.err()).contains("refused the name carol: name carol is taken");
        assertThat(carol.silentFor(300)).isTrue(); // "hi" was never sent
    }

    @Test
    void serverGoingAwayEndsTheClientWithAnError() throws Exception {
        ScriptedClient bob = ScriptedClient.start(args("bob"));
        bob.type("hi");
        carol.expect("* bob joined lobby");
        carol.expect("bob : hi");

        server.close();

        assertThat(bob.exitCode()).isEqualTo(1);
        assertThat(bob.outLines()).contains("* server shutting down");
        assertThat(bob.err()).contains("the server closed the connection (127.0.0.1:" + server.port() + ")");
    }

    @Test
    void unreachableServerExitsWithOne() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        ScriptedClient bob = ScriptedClient.run(List.of("hi"), "--name", "bob", "--port", "" + closedPort);

        assertThat(bob.exitCode()).isEqualTo(1);
        assertThat(bob.err()).contains("cannot connect to 127.0.0.1:" + closedPort).contains("refused");
    }

    @Test
    void badCommandLinesExitWithTwo() throws Exception {
        ScriptedClient noName = ScriptedClient.run(List.of(), "--port", "" + server.port());
        assertThat(noName.exitCode()).isEqualTo(2);
        assertThat(noName.err()).contains("--name");

        ScriptedClient badName = ScriptedClient.run(List.of(), "--name", "no spaces", "--port", "" + server.port());
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("invalid name");

        ScriptedClient udpTls = ScriptedClient.run(List.of(), "--name", "x", "--udp", "--tls");
        assertThat(udpTls.exitCode()).isEqualTo(2);
        assertThat(udpTls.err()).contains("--tls does not work with --udp");
        assertThat(carol.silentFor(200)).isTrue(); // none of them connected
    }

    @Test
    void helpAndVersion() throws Exception {
        ScriptedClient help = ScriptedClient.run(List.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--name=NAME", "--udp", "--tls", "--keepalive", "--[no-]reconnect",
                "--[no-]time", "--[no-]bell", "time");

        ScriptedClient version = ScriptedClient.run(List.of(), "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).contains("Parley");

        ScriptedClient timeHelp = ScriptedClient.run(List.of(), "time", "--help");
        assertThat(timeHelp.exitCode()).isZero();
        assertThat(timeHelp.out()).contains("FORMAT", "--every", "--count", "%Y-%m-%d %H:%M:%S");
    }
}
