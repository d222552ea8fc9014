package io.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigUdpTest {
    @Test
    void defaults() {
        ServerConfig c = ServerConfig.parse();
        assertThat(c.udpPort()).isEqualTo(9090);
        assertThat(c.timePort()).isEqualTo(9091);
        assertThat(c.maxDatagramBytes()).isEqualTo(1400);
        assertThat(c.udpIdle()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void udpPortFollowsPortUnlessGiven() {
        assertThat(ServerConfig.parse("--port", "7000").udpPort()).isEqualTo(7000);
        assertThat(ServerConfig.parse("--port", "0").udpPort()).isZero();
        assertThat(ServerConfig.parse("--port", "7000", "--udp-port", "7001").udpPort()).isEqualTo(7001);
    }

    @Test
    void idleTakesUnits() {
        assertThat(ServerConfig.parse("--udp-idle", "300s").udpIdle()).isEqualTo(Duration.ofSeconds(300));
        assertThat(ServerConfig.parse("--udp-idle", "250ms").udpIdle()).isEqualTo(Duration.ofMillis(250));
        assertThat(ServerConfig.parse("--udp-idle", "2h").udpIdle()).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> ServerConfig.parse("--udp-idle", "5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--udp-idle")
                .hasMessageContaining("like 250ms, 300s, 5m or 1h");
        assertThatThrownBy(() -> ServerConfig.parse("--udp-idle", "5ms"))
                .hasMessage("--udp-idle must be at least 10ms, not 5ms");
    }

    @Test
    void outOfRangeValuesNameTheirOption() {
        assertThatThrownBy(() -> ServerConfig.parse("--udp-port", "70000"))
                .hasMessage("--udp-port must be 0 to 65535, not 70000");
        assertThatThrownBy(() -> ServerConfig.parse("--time-port", "-1"))
                .hasMessage("--time-port must be 0 to 65535, not -1");
        assertThatThrownBy(() -> ServerConfig.parse("--max-datagram", "70000"))
                .hasMessage("--max-datagram must be 64 to 65507 bytes, not 70000");
        assertThatThrownBy(() -> ServerConfig.parse("--port", "9091"))
                .hasMessageStartingWith("--time-port must differ from the UDP chat port");
        assertThat(ServerConfig.parse("--port", "9091", "--time-port", "9092").timePort()).isEqualTo(9092);
    }

    @Test
    void durationsFormatBackExactly() {
        for (String s : new String[] {"250ms", "5m", "2h", "1500ms", "90s"}) {
            assertThat(Durations.format(Durations.parse(s))).isEqualTo(s);
        }
        assertThat(Durations.format(Durations.parse("300s"))).isEqualTo("5m");
    }
}
