package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeepaliveTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void zeroSecondsNeverPings() {
        Keepalive off = new Keepalive(0, 0);
        assertThat(off.due(1000 * SECOND)).isFalse();
        assertThat(off.nanosUntilDue(5)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void duePeriodAfterTheLastPing() {
        long start = 42 * SECOND;
        Keepalive keepalive = new Keepalive(60, start);
        assertThat(keepalive.due(start + 59 * SECOND)).isFalse();
        assertThat(keepalive.nanosUntilDue(start + 59 * SECOND)).isEqualTo(SECOND);
        assertThat(keepalive.due(start + 60 * SECOND)).isTrue();
        keepalive.sent(start + 61 * SECOND);
        assertThat(keepalive.due(start + 100 * SECOND)).isFalse();
        assertThat(keepalive.due(start + 121 * SECOND)).isTrue();
    }

    @Test
    void onlyPongsTheUserAskedForAreShown() {
        Keepalive keepalive = new Keepalive(60, 0);
        assertThat(keepalive.showPong()).isFalse();
        keepalive.userPinged();
        keepalive.userPinged();
        assertThat(keepalive.showPong()).isTrue();
        assertThat(keepalive.showPong()).isTrue();
        assertThat(keepalive.showPong()).isFalse();
    }

    @Test
    void dialectsShapeLinesForTheirTransport() {
        assertThat(WireDialect.TCP.outgoing("alice", "hi : there")).isEqualTo("alice : hi : there");
        assertThat(WireDialect.TCP.outgoing("alice", "/who")).isEqualTo("/who");
        assertThat(WireDialect.TCP.quit("alice")).isEqualTo("/quit");
        assertThat(WireDialect.TCP.ping("alice")).isEqualTo("/ping");
        assertThat(WireDialect.UDP.outgoing("alice", "/who")).isEqualTo("alice : /who");
        assertThat(WireDialect.UDP.outgoing("alice", "hi")).isEqualTo("alice : hi");
        assertThat(WireDialect.UDP.quit("alice")).isEqualTo("alice : q");
        assertThat(WireDialect.UDP.ping("alice")).isEqualTo("alice : /ping");
        assertThat(ChatSession.isQuit("q")).isTrue();
        assertThat(ChatSession.isQuit("/QUIT")).isTrue();
        assertThat(ChatSession.isQuit("q ")).isFalse();
        assertThat(ChatSession.isQuit("quit")).isFalse();
    }
}
