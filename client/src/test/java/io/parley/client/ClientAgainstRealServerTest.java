package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client's UDP, TLS and time modes against a real Parley server, with a TCP client in the room. */
@Timeout(60)
class ClientAgainstRealServerTest {
    @TempDir
    Path dir;

    @Test
    void udpClientChatsWithATcpClient() throws Exception {
        try (RunningServer server = RunningServer.start();
             LineClient carol = LineClient.named(server.port(), "carol")) {
            ScriptedClient dave = ScriptedClient.start("--name", "dave", "--udp", "--udp-port", "" + server.udpPort(),
                    "--keepalive", "0");
            carol.expect("* dave joined lobby");
            dave.awaitOut("* in lobby (2): carol, dave");
            dave.type("hello over udp");
            carol.expect("dave : hello over udp");
            carol.send("hi dave");
            dave.awaitOut("carol : hi dave");
            dave.type("q");
            carol.expect("* dave left (quit)");
            assertThat(dave.exitCode()).isZero();
            assertThat(dave.outLines()).contains("* bye dave");
        }
    }

    @Test
    void udpClientWithATakenNameSaysSoOnceAndExitsWithTwo() throws Exception {
        try (RunningServer server = RunningServer.start();
             LineClient carol = LineClient.named(server.port(), "carol")) {
            ScriptedClient other = ScriptedClient.run(List.of("hi", "q"), "--name", "carol", "--udp",
                    "--udp-port", "" + server.udpPort());
            assertThat(other.exitCode()).isEqualTo(2);
            assertThat(other.err()).isEqualTo("chat-client: the server refused the name carol: name carol is taken\n");
            assertThat(other.out()).isEmpty();
            assertThat(carol.silentFor(300)).isTrue();
        }
    }

    @Test
    void tlsClientAndPlainClientShareARoom() throws Exception {
        X509Bundle cert = new CertificateBuilder().subject("CN=parley-test").ecp256()
                .setIsCertificateAuthority(true).addExtendedKeyUsageServerAuth().addSanIpAddress("127.0.0.1")
                .buildSelfSigned();
        Path certFile = Files.writeString(dir.resolve("cert.pem"), cert.getCertificatePEM());
        Path keyFile = Files.writeString(dir.resolve("key.pem"), cert.getPrivateKeyPEM());
        try (RunningServer server = RunningServer.start("--tls-port", "0", "--tls-cert", certFile.toString(),
                "--tls-key", keyFile.toString());
             LineClient carol = LineClient.named(server.port(), "carol")) {
            ScriptedClient erin = ScriptedClient.run(List.of("secret hello", "q"), "--name", "erin",
                    "--port", "" + server.server().tlsPort(), "--tls", "--trust", certFile.toString());
            carol.expect("* erin joined lobby");
            carol.expect("erin : secret hello");
            carol.expect("* erin left (quit)");
            assertThat(erin.exitCode()).isZero();
            assertThat(erin.err()).isEmpty();
        }
    }

    @Test
    void timeQueryIsAnsweredByTheServer() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            ScriptedClient time = ScriptedClient.run(List.of(), "time", "%Y|%H:%M", "--every", "0",
                    "--port", "" + server.timePort());
            assertThat(time.exitCode()).isZero();
            assertThat(time.outLines()).singleElement().asString().matches("\\d{4}\\|\\d{2}:\\d{2}");
        }
    }
}
