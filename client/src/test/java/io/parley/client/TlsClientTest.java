package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** --tls against a TLS server in the test, with certificates made for the test. */
@Timeout(60)
class TlsClientTest {
    @TempDir
    Path dir;

    private static X509Bundle certificate(String... ipAddresses) throws Exception {
        CertificateBuilder builder = new CertificateBuilder()
                .subject("CN=parley-test")
                .ecp256()
                .setIsCertificateAuthority(true)
                .addExtendedKeyUsageServerAuth();
        for (String ip : ipAddresses) {
            builder.addSanIpAddress(ip);
        }
        return builder.buildSelfSigned();
    }

    private static SslContext serverContext(X509Bundle cert) throws Exception {
        return SslContextBuilder.forServer(cert.getKeyPair().getPrivate(), cert.getCertificatePath())
                .protocols(TlsContexts.PROTOCOLS)
                .build();
    }

    private Path pem(X509Bundle cert) throws Exception {
        Path file = dir.resolve("server.pem");
        Files.writeString(file, cert.getCertificatePEM());
        return file;
    }

    @Test
    void trustedCertificateCarriesTheChat() throws Exception {
        X509Bundle cert = certificate("127.0.0.1");
        try (TlsLineServer server = new TlsLineServer(serverContext(cert))) {
            ScriptedClient alice = ScriptedClient.run(List.of("hi over TLS", "q"), "--name", "alice",
                    "--port", "" + server.port(), "--tls", "--trust", pem(cert).toString());

            assertThat(alice.exitCode()).isZero();
            assertThat(server.nextLine()).isEqualTo("alice : hi over TLS");
            assertThat(server.protocols.poll()).isIn("TLSv1.3", "TLSv1.2");
            assertThat(alice.outLines()).containsExactly("* welcome to the TLS test server", "* you are alice", "* bye alice");
            assertThat(alice.err()).isEmpty();
        }
    }

    @Test
    void unknownCertificateIsRefused() throws Exception {
        X509Bundle cert = certificate("127.0.0.1");
        try (TlsLineServer server = new TlsLineServer(serverContext(cert))) {
            // No --trust: the system's trust store does not know this certificate.
            ScriptedClient alice = ScriptedClient.run(List.of("secret"), "--name", "alice",
                    "--port", "" + server.port(), "--tls");

            assertThat(alice.exitCode()).isEqualTo(1);
            assertThat(alice.err()).startsWith("chat-client: TLS handshake with 127.0.0.1:" + server.port() + " failed");
            assertThat(server.received).isEmpty();
            assertThat(server.protocols).isEmpty();
        }
    }

    @Test
    void certificateForAnotherAddressIsRefused() throws Exception {
        X509Bundle cert = certificate("127.0.0.2"); // trusted, but not for the address connected to
        try (TlsLineServer server = new TlsLineServer(serverContext(cert))) {
            ScriptedClient alice = ScriptedClient.run(List.of("secret"), "--name", "alice",
                    "--port", "" + server.port(), "--tls", "--trust", pem(cert).toString());

            assertThat(alice.exitCode()).isEqualTo(1);
            assertThat(alice.err()).contains("TLS handshake with 127.0.0.1:" + server.port() + " failed");
            assertThat(server.received).isEmpty();
        }
    }

    @Test
    void insecureConnectsAnywayAndSaysSoLoudly() throws Exception {
        X509Bundle cert = certificate("127.0.0.2");
        try (TlsLineServer server = new TlsLineServer(serverContext(cert))) {
            ScriptedClient alice = ScriptedClient.run(List.of("hi", "q"), "--name", "alice",
                    "--port", "" + server.port(), "--tls", "--insecure");

            assertThat(alice.exitCode()).isZero();
            assertThat(server.nextLine()).isEqualTo("alice : hi");
            assertThat(alice.err()).contains("WARNING: --insecure: the server's certificate is NOT verified");
        }
    }

    @Test
    void tlsOptionsNeedTls() throws Exception {
        ScriptedClient alice = ScriptedClient.run(List.of(), "--name", "alice", "--insecure");
        assertThat(alice.exitCode()).isEqualTo(2);
        assertThat(alice.err()).contains("--trust and --insecure need --tls");
    }
}
