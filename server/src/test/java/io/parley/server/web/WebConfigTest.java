package io.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web options and how they are checked at start. */
class WebConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaults() {
        ServerConfig config = ServerConfig.parse();
        assertThat(config.webPort()).isEqualTo(9080);
        assertThat(config.webTlsPort()).isNull();
        assertThat(config.webOrigins().allows("http://evil.example", "127.0.0.1:9080")).isFalse();
        assertThat(ServerConfig.parse("--web-port", "-1").webPort()).isEqualTo(ServerConfig.WEB_OFF);
    }

    @Test
    void portsMustBeInRangeAndApart() {
        assertThatThrownBy(() -> ServerConfig.parse("--web-port", "-2")).hasMessageStartingWith("--web-port must be 0 to 65535");
        assertThatThrownBy(() -> ServerConfig.parse("--web-port", "70000")).hasMessageStartingWith("--web-port must be");
        assertThatThrownBy(() -> ServerConfig.parse("--web-port", "9090"))
                .hasMessage("--web-port must differ from --port, --tls-port and --admin-port: 9090 is taken");
        assertThatThrownBy(() -> ServerConfig.parse("--web-port", "9092"))
                .hasMessage("--web-port must differ from --port, --tls-port and --admin-port: 9092 is taken");
        assertThat(ServerConfig.parse("--web-port", "0", "--port", "0").webPort()).isZero();
    }

    @Test
    void tlsPageNeedsTheCertificate() throws Exception {
        assertThatThrownBy(() -> ServerConfig.parse("--web-tls-port", "9443"))
                .hasMessage("--web-tls-port needs --tls-cert and --tls-key");
        Path pem = Files.writeString(dir.resolve("x.pem"), "x");
        ServerConfig config = ServerConfig.parse("--web-tls-port", "9443", "--tls-cert", pem.toString(),
                "--tls-key", pem.toString());
        assertThat(config.webTlsPort()).isEqualTo(9443);
        assertThat(config.tlsPort()).isNull(); // the page over TLS needs no TLS chat listener
        assertThatThrownBy(() -> ServerConfig.parse("--web-tls-port", "9080", "--tls-cert", pem.toString(),
                "--tls-key", pem.toString())).hasMessageStartingWith("--web-tls-port must differ");
    }

    @Test
    void originsAreChecked() {
        assertThatThrownBy(() -> ServerConfig.parse("--web-origins", "chat.example.org"))
                .hasMessageStartingWith("--web-origins: not an origin: 'chat.example.org'");
        assertThat(ServerConfig.parse("--web-origins", "https://chat.example.org").webOrigins()
                .allows("https://chat.example.org", "127.0.0.1:9080")).isTrue();
    }
}
