package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parley.protocol.Transports;
import io.parley.server.ServerConfig;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --transport: each event-loop transport carries the chat, every line in order; bad names are refused. */
@Timeout(120)
class TransportChoiceTest {
    private static final int MESSAGES = 3000;

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "nio"})
    void everyTransportDeliversEveryLineInOrder(String name) throws Exception {
        Transports transport = Transports.valueOf(name.toUpperCase());
        assumeTrue(transport.unavailabilityCause() == null, name + " does not load on this machine");
        try (RunningServer server = RunningServer.start("--rate-limit", "0", "--transport", name);
             LineClient alice = LineClient.named(server.port(), "alice");
             LineClient bob = LineClient.named(server.port(), "bob");
             LineClient carol = LineClient.named(server.port(), "carol")) {
            alice.readUntil("* carol joined lobby"::equals);
            bob.readUntil("* carol joined lobby"::equals);
            for (int i = 0; i < MESSAGES; i++) {
                alice.send("line " + i);
            }
            for (LineClient reader : new LineClient[] {bob, carol}) {
                for (int i = 0; i < MESSAGES; i++) {
                    assertThat(reader.readLine()).isEqualTo("alice : line " + i);
                }
            }
            carol.send("/ping");
            carol.expect("* pong");
        }
    }

    @Test
    void unknownTransportIsRefused() {
        assertThatThrownBy(() -> ServerConfig.parse("--transport", "kqueue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--transport must be auto, epoll, io_uring or nio");
    }

    @Test
    void autoIsEpollWhereItLoads() {
        assertThat(ServerConfig.parse("--transport", "auto").transport()).isEqualTo(Transports.best());
    }
}
