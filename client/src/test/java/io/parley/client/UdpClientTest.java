package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** --udp against a UDP peer played by the test, which answers as Parley's UDP chat does. */
@Timeout(60)
class UdpClientTest {

    /** What the server answers to a first datagram {@code alice : /who} that claims the name. */
    private static void acceptClaim(UdpPeer server) throws Exception {
        server.acceptValidation("alice");
        assertThat(server.receive()).isEqualTo("alice : /who"); // the first datagram claims the name
        server.reply("* you are alice");
        server.reply("* you are in lobby with 1 other");
        server.reply("* in lobby (2): alice, bob");
    }

    @Test
    void everyDatagramCarriesTheNameAndRepliesAreShown() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--udp", "--port", "" + server.port(),
                    "--keepalive", "0");
            acceptClaim(server);
            alice.awaitOut("* in lobby (2): alice, bob");

            alice.type("hi : all");
            assertThat(server.receive()).isEqualTo("alice : hi : all");
            server.reply("bob : hello alice");
            server.reply("@bob : psst");
            alice.awaitOut("bob : hello alice");
            alice.awaitOut("@bob : psst");

            alice.type("/nick other");
            alice.awaitErr("/nick does not work over UDP");
            alice.type("/rooms");
            assertThat(server.receive()).isEqualTo("alice : /rooms"); // the /nick was never sent
            alice.type("q");
            assertThat(server.receive()).isEqualTo("alice : q");
            server.reply("* bye alice");
            assertThat(alice.exitCode()).isZero();
            assertThat(alice.outLines()).contains("* you are alice", "* you are in lobby with 1 other", "* bye alice");
            assertThat(alice.out()).doesNotContain("\u001b");
        }
    }

    @Test
    void helpLeavesOutNickWhichUdpRefuses() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--udp", "--port", "" + server.port(),
                    "--keepalive", "0");
            acceptClaim(server);
            alice.type("/help");
            assertThat(server.receive()).isEqualTo("alice : /help");
            for (String line : List.of("* commands:", "*   NAME : TEXT      say TEXT to your room",
                    "*   /nick NAME       claim or change your name", "*   /join ROOM       move to ROOM",
                    "*   /quit or q       leave")) {
                server.reply(line);
            }
            alice.awaitOut("*   /quit or q       leave");
            assertThat(alice.outLines()).contains("*   /join ROOM       move to ROOM")
                    .noneMatch(l -> l.contains("/nick"));
            alice.type("q");
            assertThat(server.receive()).isEqualTo("alice : q");
            server.reply("* bye alice");
            assertThat(alice.exitCode()).isZero();
        }
    }

    @Test
    void leavingWaitsForTheByeButNotForever() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--udp", "--port", "" + server.port(),
                    "--keepalive", "0");
            acceptClaim(server);
            alice.type("q");
            assertThat(server.receive()).isEqualTo("alice : q");
            // No "* bye": UDP may lose it; the client leaves anyway, a moment later.
            assertThat(alice.exitCode()).isZero();
            assertThat(alice.out()).doesNotContain("bye");
        }
    }

    @Test
    void serverShuttingDownEndsTheClientWithOne() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--udp", "--port", "" + server.port(),
                    "--keepalive", "0");
            acceptClaim(server);
            server.reply("* server shutting down");
            assertThat(alice.exitCode()).isEqualTo(1);
            assertThat(alice.outLines()).contains("* server shutting down");
            assertThat(alice.err()).contains("the server at 127.0.0.1:" + server.port() + " (UDP) is shutting down");
        }
    }

    @Test
    void aTakenNameIsSaidOnceAndExitsWithTwo() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--udp", "--port", "" + server.port(),
                    "--keepalive", "0");
            server.acceptValidation("alice");
            assertThat(server.receive()).isEqualTo("alice : /who");
            server.reply("! name alice is taken");
            server.reply("! name alice is taken"); // a second answer (a resent datagram) changes nothing
            assertThat(alice.exitCode()).isEqualTo(2);
            assertThat(alice.err()).isEqualTo("chat-client: the server refused the name alice: name alice is taken\n");
            assertThat(alice.out()).isEmpty();
        }
    }

    @Test
    void keepalivePingsCarryTheNameAndTheirPongsAreNotShown() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--udp", "--udp-port", "" + server.port(),
                    "--port", "1", "--keepalive", "1");
            acceptClaim(server);
            assertThat(server.receive()).isEqualTo("alice : /ping");
            server.reply("* pong");
            server.reply("bob : marker");
            alice.awaitOut("bob : marker");
            assertThat(alice.out()).doesNotContain("pong");

            alice.stdin.end(); // end of input leaves like q
            assertThat(server.receiveSkipping("alice : /ping")).isEqualTo("alice : q");
            server.reply("* bye alice");
            assertThat(alice.exitCode()).isZero();
        }
    }

    @Test
    void aTypedPingShowsItsPong() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--udp", "--port", "" + server.port(),
                    "--keepalive", "0");
            acceptClaim(server);
            alice.type("/ping");
            assertThat(server.receive()).isEqualTo("alice : /ping");
            server.reply("* pong");
            alice.awaitOut("* pong");
            alice.type("q");
            assertThat(server.receive()).isEqualTo("alice : q");
            server.reply("* bye alice");
            assertThat(alice.exitCode()).isZero();
        }
    }

    @Test
    void aDatagramOfSeveralLinesShowsEachLine() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--udp", "--port", "" + server.port(),
                    "--keepalive", "0");
            acceptClaim(server);
            // an answer to an address that is not validated joins its lines with \n
            server.reply("* skipped 3 earlier lines\nbob : fourth\nbob : fifth");
            alice.awaitOut("bob : fifth");
            assertThat(alice.outLines()).containsSubsequence("* skipped 3 earlier lines", "bob : fourth", "bob : fifth");
            alice.type("q");
            assertThat(alice.exitCode()).isZero();
        }
    }

    @Test
    void noServerThereExitsWithOneEvenWhenTheScriptEndsAtOnce() throws Exception {
        int closedPort;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = probe.getLocalPort();
        }
        ScriptedClient alice = ScriptedClient.run(List.of("hi", "q"), "--name", "alice", "--udp", "--port", "" + closedPort);
        assertThat(alice.exitCode()).isEqualTo(1);
        assertThat(alice.err()).contains("port unreachable");
    }

    @Test
    void aServerThatNeverAnswersExitsWithOne() throws Exception {
        try (UdpPeer silent = new UdpPeer()) {
            ScriptedClient alice = ScriptedClient.run(List.of("hi", "q"), "--name", "alice", "--udp",
                    "--port", "" + silent.port());
            assertThat(alice.exitCode()).isEqualTo(1);
            assertThat(alice.err()).contains("no answer from a UDP chat server at 127.0.0.1:" + silent.port()
                    + " (UDP) within 3250 ms");
            // The validation request is sent again in case it was lost; "hi" never goes.
            assertThat(silent.receive()).startsWith("alice : /validate ");
            assertThat(silent.receive()).startsWith("alice : /validate ");
        }
    }
}
