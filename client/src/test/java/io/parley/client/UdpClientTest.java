package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** --udp against a UDP peer played by the test (the server's UDP chat is built elsewhere). */
@Timeout(60)
class UdpClientTest {

    @Test
    void everyDatagramCarriesTheNameAndRepliesAreShown() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--udp", "--port", "" + server.port(),
                    "--keepalive", "0");
            server.acceptValidation("alice");
            assertThat(server.receive()).isEqualTo("alice : /who"); // the first datagram claims the name
            server.reply("* in lobby (2): alice, bob");
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
            assertThat(alice.exitCode()).isZero();
            assertThat(alice.out()).doesNotContain("\u001b");
        }
    }

    @Test
    void keepalivePingsCarryTheNameAndTheirPongsAreNotShown() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--udp", "--udp-port", "" + server.port(),
                    "--port", "1", "--keepalive", "1");
            server.acceptValidation("alice");
            assertThat(server.receive()).isEqualTo("alice : /who");
            assertThat(server.receive()).isEqualTo("alice : /ping");
            server.reply("* pong");
            server.reply("bob : marker");
            alice.awaitOut("bob : marker");
            assertThat(alice.out()).doesNotContain("pong");

            alice.stdin.end(); // end of input leaves like q
            assertThat(server.receiveSkipping("alice : /ping")).isEqualTo("alice : q");
            assertThat(alice.exitCode()).isZero();
        }
    }

    @Test
    void aTypedPingShowsItsPong() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--udp", "--port", "" + server.port(),
                    "--keepalive", "0");
            server.acceptValidation("alice");
            assertThat(server.receive()).isEqualTo("alice : /who");
            alice.type("/ping");
            assertThat(server.receive()).isEqualTo("alice : /ping");
            server.reply("* pong");
            alice.awaitOut("* pong");
            alice.type("q");
            assertThat(alice.exitCode()).isZero();
        }
    }

    @Test
    void aDatagramOfSeveralLinesShowsEachLine() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--udp", "--port", "" + server.port(),
                    "--keepalive", "0");
            server.acceptValidation("alice");
            assertThat(server.receive()).isEqualTo("alice : /who");
            // an answer to an address that is not validated joins its lines with \n
            server.reply("* skipped 3 earlier lines\nbob : fourth\nbob : fifth");
            alice.awaitOut("bob : fifth");
            assertThat(alice.outLines()).containsSubsequence("* skipped 3 earlier lines", "bob : fourth", "bob : fifth");
            alice.type("q");
            assertThat(alice.exitCode()).isZero();
        }
    }

    @Test
    void noServerThereExitsWithOne() throws Exception {
        int closedPort;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = probe.getLocalPort();
        }
        ScriptedClient alice = ScriptedClient.start("--name", "alice", "--udp", "--port", "" + closedPort);
        assertThat(alice.exitCode()).isEqualTo(1);
        assertThat(alice.err()).contains("port unreachable");
    }
}
