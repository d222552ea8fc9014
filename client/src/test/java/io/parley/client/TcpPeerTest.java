package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against a scripted TCP peer, for what a real server does not let a test see. */
@Timeout(60)
class TcpPeerTest {

    @Test
    void keepalivePingsAreSentAndTheirPongsNotShown() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--port", "" + listener.getLocalPort(),
                    "--keepalive", "1");
            try (Socket peer = accept(listener)) {
                BufferedReader in = reader(peer);
                OutputStream out = peer.getOutputStream();
                send(out, "* welcome");
                assertThat(in.readLine()).isEqualTo("/tags on");
                send(out, "! unknown command /tags; /help lists commands"); // a server without tags
                assertThat(in.readLine()).isEqualTo("/nick alice");
                send(out, "* you are alice");
                assertThat(in.readLine()).isEqualTo("/ping"); // nothing typed: only the keepalive
                send(out, "* pong");
                send(out, "* marker");
                alice.awaitOut("* marker");
                assertThat(alice.out()).doesNotContain("pong");

                alice.type("bye now");
                assertThat(readSkippingPings(in)).isEqualTo("alice : bye now");
                alice.stdin.end();
                assertThat(readSkippingPings(in)).isEqualTo("/quit");
                send(out, "* bye alice");
            }
            assertThat(alice.exitCode()).isZero();
            assertThat(alice.outLines()).containsExactly("* welcome", "* you are alice", "* marker", "* bye alice");
        }
    }

    @Test
    void waitsForTheWelcomeBeforeClaimingTheName() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--port", "" + listener.getLocalPort());
            try (Socket peer = accept(listener)) {
                peer.setSoTimeout(300);
                BufferedReader in = reader(peer);
                assertThatThrownBy(in::readLine).isInstanceOf(SocketTimeoutException.class); // nothing before the welcome
                assertThat(alice.exitCode()).isEqualTo(1);
            }
            assertThat(alice.err()).contains("no welcome from 127.0.0.1:" + listener.getLocalPort());
        }
    }

    @Test
    void noAnswerToTheNameGivesUp() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--port", "" + listener.getLocalPort());
            try (Socket peer = accept(listener)) {
                BufferedReader in = reader(peer);
                send(peer.getOutputStream(), "* welcome");
                assertThat(in.readLine()).isEqualTo("/tags on");
                send(peer.getOutputStream(), "* tags on");
                assertThat(in.readLine()).isEqualTo("/nick alice");
                assertThat(alice.exitCode()).isEqualTo(1);
            }
            assertThat(alice.err()).contains("no answer to /nick alice");
        }
    }

    private static Socket accept(ServerSocket listener) throws Exception {
        listener.setSoTimeout(20_000);
        Socket socket = listener.accept();
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void send(OutputStream out, String line) throws Exception {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readSkippingPings(BufferedReader in) throws Exception {
        String line;
        do {
            line = in.readLine();
        } while ("/ping".equals(line));
        return line;
    }
}
