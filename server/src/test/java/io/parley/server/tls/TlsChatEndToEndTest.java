package io.parley.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.netty.util.ReferenceCountUtil;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Chat over the TLS listener with a JDK client that trusts a certificate made for the test. */
@Timeout(60)
class TlsChatEndToEndTest {
    @TempDir
    static Path dir;
    static X509Bundle certificate;
    static Path certFile;
    static Path keyFile;

    private RunningServer server;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = new CertificateBuilder()
                .subject("CN=localhost")
                .addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1")
                .ecp256()
                .setIsCertificateAuthority(true)
                .buildSelfSigned();
        certFile = Files.writeString(dir.resolve("cert.pem"), certificate.getCertificatePEM());
        keyFile = Files.writeString(dir.resolve("key.pem"), certificate.getPrivateKeyPEM());
    }

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start("--tls-port", "0", "--tls-cert", certFile.toString(), "--tls-key", keyFile.toString());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SSLSocket tlsSocket(String... protocols) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, certificate.toTrustManagerFactory().getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.tlsPort());
        socket.setSoTimeout(LineClient.TIMEOUT_MILLIS);
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        socket.startHandshake();
        return socket;
    }

    @Test
    void plainAndTlsClientsShareOneRoom() throws Exception {
        assertThat(server.tlsPort()).isPositive().isNotEqualTo(server.port());
        try (LineClient plain = LineClient.named(server.port(), "plain");
             SSLSocket socket = tlsSocket();
             LineClient secure = LineClient.over(socket).claim("secure")) {
            assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            plain.expect("* secure joined lobby");
            secure.send("hello from TLS : ünïcode");
            plain.expect("secure : hello from TLS : ünïcode");
            plain.send("hello from TCP");
            secure.expect("plain : hello from TCP");
            // one namespace of names across both listeners
            secure.send("/nick plain");
            secure.expect("! name plain is taken");
            secure.send("/who");
            secure.expect("* in lobby (2): plain, secure");
        }
    }

    @Test
    void tlsTwelveWorksToo() throws Exception {
        try (SSLSocket socket = tlsSocket("TLSv1.2"); LineClient c = LineClient.over(socket)) {
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            c.send("/ping");
            c.expect("* pong");
        }
    }

    @Test
    void onlyTlsTwelveAndThirteenAreEnabled() throws Exception {
        // Checked on the server's own engine: a JDK client refuses TLS 1.1 before the server could.
        SSLEngine engine = TlsContexts.server(certFile, keyFile).newEngine(ByteBufAllocator.DEFAULT);
        try {
            // The OpenSSL engine always lists SSLv2Hello: a hello format, not a protocol it speaks.
            assertThat(engine.getEnabledProtocols()).filteredOn(p -> !p.equals("SSLv2Hello"))
                    .containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        } finally {
            ReferenceCountUtil.release(engine);
        }
    }

    @Test
    void shutdownReachesTlsClients() throws Exception {
        try (SSLSocket socket = tlsSocket(); LineClient secure = LineClient.over(socket).claim("secure")) {
            server.close();
            secure.expect("* server shutting down");
            assertThat(secure.closedByServer()).isTrue();
        }
    }

    @Test
    void tlsCountsAsItsOwnTransport() throws Exception {
        try (SSLSocket socket = tlsSocket(); LineClient secure = LineClient.over(socket).claim("secure")) {
            secure.send("counted");
            secure.send("/ping");
            secure.expect("* pong");
            var registry = server.server().metrics().registry();
            assertThat(registry.get("parley.messages.received").tag("transport", "tls").counter().count()).isEqualTo(1.0);
            assertThat(registry.get("parley.connections").tag("transport", "tls").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("parley.received.bytes").tag("transport", "tls").counter().count())
                    .isGreaterThan("/nick secure\ncounted\n/ping\n".length()); // encrypted: more than the text
        }
    }
}
