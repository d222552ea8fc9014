package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoomPlanTest {

    @Test
    void oneRoomHasItsSendersFirstAndTheLastMemberAsWitness() {
        RoomPlan p = RoomPlan.oneRoom(10, 3);
        assertThat(p.rooms()).isEqualTo(1);
        assertThat(p.senders()).isEqualTo(3);
        assertThat(p.senderIndex(2)).isEqualTo(2);
        assertThat(p.senderIndex(3)).isEqualTo(-1);
        assertThat(p.slotInRoom(1)).isEqualTo(1);
        assertThat(p.witnessOf(0)).isEqualTo(9);
        assertThat(p.receiversOf(0)).isEqualTo(9);
    }

    @Test
    void roomsTakeTheRemainderInTheLastAndSpreadSenders() {
        RoomPlan p = RoomPlan.rooms(25, 10, 3);
        assertThat(p.rooms()).isEqualTo(2);
        assertThat(p.roomSize(0)).isEqualTo(10);
        assertThat(p.roomSize(1)).isEqualTo(15);
        assertThat(p.sendersInRoom(0)).isEqualTo(2);
        assertThat(p.sendersInRoom(1)).isEqualTo(1);
        assertThat(p.firstOfRoom(1)).isEqualTo(10);
        assertThat(p.senderIndex(10)).isEqualTo(2);
        assertThat(p.slotInRoom(10)).isZero();
        assertThat(p.roomOf(24)).isEqualTo(1);
        assertThat(p.witnessOf(2)).isEqualTo(24);
        assertThat(p.receiversOf(10)).isEqualTo(14);
    }

    @Test
    void refusesImpossiblePlans() {
        assertThatThrownBy(() -> RoomPlan.oneRoom(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomPlan.rooms(10, 2, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
