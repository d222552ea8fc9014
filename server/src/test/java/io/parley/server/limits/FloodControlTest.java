package io.parley.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.limits.FloodControl.Verdict;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodControlTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FloodControl flood = new FloodControl(5, 10, now::get);

    private void advanceMillis(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void burstThenRate() {
        FloodControl.State state = flood.newState();
        for (int i = 0; i < 10; i++) {
            assertThat(flood.check(state)).isEqualTo(Verdict.ACCEPT);
        }
        assertThat(flood.check(state)).isEqualTo(Verdict.REFUSE);
        advanceMillis(199);
        assertThat(flood.check(state)).isEqualTo(Verdict.REFUSE);
        advanceMillis(1); // 200 ms earns one line at 5 a second
        assertThat(flood.check(state)).isEqualTo(Verdict.ACCEPT);
        assertThat(flood.check(state)).isEqualTo(Verdict.REFUSE);
        advanceMillis(60_000); // a long pause refills only up to the burst
        for (int i = 0; i < 10; i++) {
            assertThat(flood.check(state)).isEqualTo(Verdict.ACCEPT);
        }
        assertThat(flood.check(state)).isEqualTo(Verdict.REFUSE);
    }

    @Test
    void keepsFloodingThenDisconnectOnceThenDrop() {
        FloodControl.State state = flood.newState();
        for (int i = 0; i < 10; i++) {
            flood.check(state);
        }
        for (int i = 0; i < FloodControl.MAX_REFUSED_IN_A_ROW; i++) {
            assertThat(flood.check(state)).isEqualTo(Verdict.REFUSE);
        }
        assertThat(flood.check(state)).isEqualTo(Verdict.DISCONNECT);
        assertThat(flood.check(state)).isEqualTo(Verdict.DROP);
    }

    @Test
    void anAcceptedLineEndsTheStreak() {
        FloodControl.State state = flood.newState();
        for (int i = 0; i < 10 + FloodControl.MAX_REFUSED_IN_A_ROW; i++) {
            flood.check(state);
        }
        advanceMillis(200);
        assertThat(flood.check(state)).isEqualTo(Verdict.ACCEPT);
        for (int i = 0; i < FloodControl.MAX_REFUSED_IN_A_ROW; i++) {
            assertThat(flood.check(state)).isEqualTo(Verdict.REFUSE);
        }
    }

    @Test
    void zeroRateIsOff() {
        FloodControl off = new FloodControl(0, 10, now::get);
        assertThat(off.enabled()).isFalse();
        assertThat(off.newState()).isNull();
        assertThat(off.check(null)).isEqualTo(Verdict.ACCEPT);
    }
}
