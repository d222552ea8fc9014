package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendPacerTest {
    private static final long MS = 1_000_000L;

    @Test
    void burstThenFiveASecond() {
        SendPacer pacer = new SendPacer(5, 10, 0);
        for (int i = 0; i < 10; i++) {
            assertThat(pacer.nanosToWait(0)).isZero();
        }
        assertThat(pacer.nanosToWait(0)).isEqualTo(200 * MS);
        assertThat(pacer.nanosToWait(100 * MS)).isEqualTo(100 * MS);
        assertThat(pacer.nanosToWait(200 * MS)).isZero();
        assertThat(pacer.nanosToWait(200 * MS)).isPositive();
    }

    @Test
    void zeroRateNeverWaits() {
        SendPacer pacer = new SendPacer(0, 10, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(pacer.nanosToWait(0)).isZero();
        }
    }
}
