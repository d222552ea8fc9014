package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void oneSecondDoublingToThirty() {
        assertThat(Backoff.nominalMillis(0)).isEqualTo(1000);
        assertThat(Backoff.nominalMillis(1)).isEqualTo(2000);
        assertThat(Backoff.nominalMillis(2)).isEqualTo(4000);
        assertThat(Backoff.nominalMillis(3)).isEqualTo(8000);
        assertThat(Backoff.nominalMillis(4)).isEqualTo(16_000);
        assertThat(Backoff.nominalMillis(5)).isEqualTo(30_000);
        assertThat(Backoff.nominalMillis(500)).isEqualTo(30_000);
    }

    @Test
    void eachDelayIsBetweenHalfAndAllOfItsNominalValue() {
        Backoff lowest = new Backoff(() -> 0.0);
        Backoff highest = new Backoff(() -> 0.999_999);
        for (int i = 0; i < 10; i++) {
            long nominal = Backoff.nominalMillis(i);
            assertThat(lowest.nextDelayMillis()).isEqualTo(nominal / 2);
            assertThat(highest.nextDelayMillis()).isBetween(nominal - 1, nominal);
        }
        Random random = new Random(42);
        Backoff jittered = new Backoff(random::nextDouble);
        long first = jittered.nextDelayMillis();
        assertThat(first).isBetween(500L, 1000L);
        jittered.nextDelayMillis();
        jittered.reset();
        assertThat(jittered.nextDelayMillis()).isBetween(500L, 1000L); // a success starts again at 1 s
    }

    @Test
    void clientsLosingTheSameServerSpreadOut() {
        Random random = new Random(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int client = 0; client < 100; client++) {
            Backoff backoff = new Backoff(random::nextDouble);
            for (int i = 0; i < 5; i++) {
                backoff.nextDelayMillis();
            }
            long sixth = backoff.nextDelayMillis(); // nominal 30 s
            min = Math.min(min, sixth);
            max = Math.max(max, sixth);
        }
        assertThat(min).isGreaterThanOrEqualTo(15_000);
        assertThat(max).isLessThanOrEqualTo(30_000);
        assertThat(max - min).isGreaterThan(10_000);
    }
}
