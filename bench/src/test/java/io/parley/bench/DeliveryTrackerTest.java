package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryTrackerTest {

    @Test
    void inOrderDeliveryCountsEveryMessageOnce() {
        DeliveryTracker t = new DeliveryTracker(2);
        for (long s = 0; s < 100; s++) {
            assertThat(t.record(0, s)).isTrue();
            assertThat(t.record(1, s)).isTrue();
        }
        assertThat(t.distinct(0)).isEqualTo(100);
        assertThat(t.distinctTotal()).isEqualTo(200);
        assertThat(t.duplicates()).isZero();
        assertThat(t.outOfOrder()).isZero();
        assertThat(t.lost(0, 100)).isZero();
        assertThat(t.lost(1, 103)).isEqualTo(3);
    }

    @Test
    void aRepeatedMessageIsADuplicate() {
        DeliveryTracker t = new DeliveryTracker(1);
        t.record(0, 0);
        t.record(0, 1);
        assertThat(t.record(0, 1)).isFalse();
        assertThat(t.record(0, 0)).isFalse();
        assertThat(t.duplicates()).isEqualTo(2);
        assertThat(t.distinct(0)).isEqualTo(2);
        assertThat(t.outOfOrder()).isZero();
    }

    @Test
    void aGapIsLostUntilTheLateMessagesArriveOutOfOrder() {
        DeliveryTracker t = new DeliveryTracker(1);
        t.record(0, 0);
        t.record(0, 3); // 1 and 2 missing so far
        assertThat(t.lost(0, 4)).isEqualTo(2);
        assertThat(t.record(0, 2)).isTrue();
        assertThat(t.outOfOrder()).isEqualTo(1);
        assertThat(t.record(0, 2)).isFalse(); // a second copy of a late one is a duplicate
        assertThat(t.duplicates()).isEqualTo(1);
        assertThat(t.lost(0, 4)).isEqualTo(1);
        t.record(0, 1);
        assertThat(t.outOfOrder()).isEqualTo(2);
        assertThat(t.lost(0, 4)).isZero();
        assertThat(t.record(0, 4)).isTrue();
        assertThat(t.outOfOrder()).isEqualTo(2);
    }

    @Test
    void sendersAreTrackedApart() {
        DeliveryTracker t = new DeliveryTracker(2);
        t.record(0, 0);
        t.record(1, 5);
        t.record(0, 1);
        assertThat(t.lost(0, 2)).isZero();
        assertThat(t.lost(1, 6)).isEqualTo(5);
        assertThat(t.outOfOrder()).isZero();
    }
}
