package io.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigLinePauseAndUnixTest {

    @Test
    void linePauseDefaultsToAFewHundredMillisecondsAndZeroTurnsItOff() {
        assertThat(ServerConfig.parse().linePause()).isEqualTo(Duration.ofMillis(300));
        assertThat(ServerConfig.parse("--line-pause", "0").linePause()).isZero();
        assertThat(ServerConfig.parse("--line-pause", "1s").linePause()).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> ServerConfig.parse("--line-pause", "11s"))
                .hasMessage("--line-pause must be 0 (off) to 10s, not 11s");
        assertThatThrownBy(() -> ServerConfig.parse("--line-pause", "soon"))
                .hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void unixSocketIsOffByDefaultAndItsModeIsOctal() {
        assertThat(ServerConfig.parse().unixSocket()).isNull();
        assertThat(ServerConfig.parse().unixSocketMode()).isEqualTo(0660);
        ServerConfig config = ServerConfig.parse("--unix-socket", "/run/parley/parley.sock", "--unix-socket-mode", "600");
        assertThat(config.unixSocket()).isEqualTo(Path.of("/run/parley/parley.sock"));
        assertThat(config.unixSocketMode()).isEqualTo(0600);
        assertThatThrownBy(() -> ServerConfig.parse("--unix-socket-mode", "0668"))
                .hasMessage("--unix-socket-mode must be an octal mode like 0660, not 0668");
        assertThatThrownBy(() -> ServerConfig.parse("--unix-socket-mode", "rw-rw----"))
                .hasMessageStartingWith("--unix-socket-mode must be an octal mode");
    }
}
