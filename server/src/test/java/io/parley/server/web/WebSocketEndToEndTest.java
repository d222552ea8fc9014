package io.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.netty.util.ResourceLeakDetector;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.WebSocketClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket members on real sockets, without a browser: the same room as TCP, and the same limits
 * (name deadline, idle timeout, flood control, per-address caps, send queue), over TLS too.
 */
@Timeout(60)
class WebSocketEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void webSocketAndTcpMembersShareARoom() throws Exception {
        try (RunningServer server = RunningServer.start("--web-port", "0");
             LineClient bob = LineClient.named(server.port(), "bob");
             WebSocketClient alice = WebSocketClient.named(server.webPort(), "alice")) {
            bob.expect("* alice joined lobby");
            alice.send("hello from a WebSocket");
            bob.expect("alice : hello from a WebSocket");
            bob.send("hello from TCP");
            alice.expect("bob : hello from TCP");
            alice.send("/who");
            alice.expect("* in lobby (2): alice, bob");
            alice.send("q");
            alice.expect("* bye alice");
            assertThat(alice.awaitClose()).isEqualTo(new WebSocketClient.Closed(1000, "Bye"));
            bob.expect("* alice left (quit)");
        }
    }

    @Test
    void aConnectionThatClaimsNoNameIsClosed() throws Exception {
        try (RunningServer server = RunningServer.start("--web-port", "0", "--name-timeout", "300ms");
             WebSocketClient ws = WebSocketClient.connect(server.webPort())) {
            ws.expect("! no name claimed within 300ms; disconnecting");
            assertThat(ws.awaitClose().status()).isEqualTo(1000);
        }
    }

    @Test
    void aSilentMemberIsClosedAsIdle() throws Exception {
        try (RunningServer server = RunningServer.start("--web-port", "0", "--idle-timeout", "500ms");
             WebSocketClient alice = WebSocketClient.named(server.webPort(), "alice");
             LineClient bob = LineClient.named(server.port(), "bob")) {
            alice.expect("* bob joined lobby");
            // bob is silent too, and his timer runs out a few milliseconds after hers: on a busy
            // machine his leaving can reach her first
            String line = alice.readUntil(l -> l.startsWith("! "));
            assertThat(line).isEqualTo("! idle too long; disconnecting");
            assertThat(alice.awaitClose().status()).isEqualTo(1000);
        }
    }

    @Test
    void floodControlAppliesToBrowsersToo() throws Exception {
        try (RunningServer server = RunningServer.start("--web-port", "0", "--rate-limit", "1", "--rate-burst", "3");
             WebSocketClient alice = WebSocketClient.connect(server.webPort())) {
            for (int i = 0; i < 5; i++) {
                alice.send("alice : line " + i);
            }
            alice.readUntil(l -> l.startsWith("! slow down: "));
        }
    }

    @Test
    void theAddressCapCountsWebAndTcpConnectionsTogether() throws Exception {
        try (RunningServer server = RunningServer.start("--web-port", "0", "--max-per-ip", "1", "--ip-exempt", "none");
             LineClient first = LineClient.connect(server.port());
             Socket second = new Socket()) {
            second.connect(new InetSocketAddress("127.0.0.1", server.webPort()), LineClient.TIMEOUT_MILLIS);
            second.setSoTimeout(LineClient.TIMEOUT_MILLIS);
            String refused = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(refused).isEqualTo("! too many connections from your address (at most 1)\n");
        }
    }

    @Test
    void aBrowserThatStopsReadingIsCutOff() throws Exception {
        // long lines, so that the few MB the kernel buffers first take few messages
        try (RunningServer server = RunningServer.start("--web-port", "0", "--rate-limit", "0", "--send-queue", "16384",
                "--max-line", "65536");
             LineClient talker = LineClient.named(server.port(), "talker");
             Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(4096); // before connect, so the window stays small
            stuck.connect(new InetSocketAddress("127.0.0.1", server.webPort()), LineClient.TIMEOUT_MILLIS);
            stuck.setSoTimeout(LineClient.TIMEOUT_MILLIS);
            stuck.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + EmbeddedWeb.KEY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(stuck.getInputStream())).startsWith("HTTP/1.1 101 ");
            // "/nick stuck" in one masked text frame (mask 0: the payload as it is)
            byte[] nick = "/nick stuck".getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(new byte[] {(byte) 0x81, (byte) (0x80 | nick.length), 0, 0, 0, 0});
            frame.write(nick);
            stuck.getOutputStream().write(frame.toByteArray());
            talker.expect("* stuck joined lobby");

            // The stuck client never reads again; the talker goes on until it is cut off. The
            // kernel's buffers take some MB first, and at the PARANOID leak level every byte the
            // server checks for UTF-8 costs a recorded stack trace: minutes for those MB. So this
            // flood runs at the default level (leaks still sampled), the rest of the suite at PARANOID.
            byte[] lines = (" " + "x".repeat(60_000) + "\n").repeat(10).getBytes(StandardCharsets.US_ASCII);
            ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
            try {
                for (int i = 0; i < 100 && server.server().connectionCount() == 2; i++) {
                    talker.sendRaw(lines); // 600 KB a write
                }
            } finally {
                ResourceLeakDetector.setLevel(level);
            }
            talker.readUntil("* stuck left (send queue exceeded)"::equals);
        }
    }

    @Test
    void shutdownSaysGoodbyeInAFrame() throws Exception {
        RunningServer server = RunningServer.start("--web-port", "0");
        try (WebSocketClient alice = WebSocketClient.named(server.webPort(), "alice")) {
            server.close();
            alice.expect("* server shutting down");
            assertThat(alice.awaitClose().status()).isEqualTo(1000);
        } finally {
            server.close();
        }
    }

    @Test
    void thePageAndItsSocketOverTls() throws Exception {
        X509Bundle certificate = new CertificateBuilder()
                .subject("CN=localhost").addSanIpAddress("127.0.0.1").ecp256()
                .setIsCertificateAuthority(true).buildSelfSigned();
        Path cert = Files.writeString(dir.resolve("cert.pem"), certificate.getCertificatePEM());
        Path key = Files.writeString(dir.resolve("key.pem"), certificate.getPrivateKeyPEM());
        SSLContext trusting = SSLContext.getInstance("TLS");
        trusting.init(null, certificate.toTrustManagerFactory().getTrustManagers(), null);
        // the web page over TLS only (no plain web port), with no TCP TLS listener beside it
        try (RunningServer server = RunningServer.start("--web-tls-port", "0", "--tls-cert", cert.toString(),
                "--tls-key", key.toString());
             LineClient bob = LineClient.named(server.port(), "bob")) {
            assertThat(server.webPort()).isEqualTo(-1);
            HttpResponse<String> page = HttpClient.newBuilder().sslContext(trusting).build().send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.webTlsPort() + "/"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Parley</title>");
            try (WebSocketClient alice = WebSocketClient.connectTls(server.webTlsPort(), trusting)) {
                alice.send("alice : over wss");
                bob.readUntil(l -> l.startsWith("alice :"));
                bob.send("and back");
                alice.readUntil("bob : and back"::equals);
            }
        }
    }

    /** Reads an HTTP response head, byte by byte, so that nothing after it is consumed. */
    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        try {
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no response head; got: " + head, e);
        }
        return head.toString();
    }
}
