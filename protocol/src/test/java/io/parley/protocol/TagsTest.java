package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TagsTest {
    private static final long T = Instant.parse("2026-11-27T09:15:02.345Z").toEpochMilli();

    @Test
    void roomMessageBlockAsTheContractShowsIt() {
        assertThat(Tags.tag(Tags.message(42, T, "lobby", null, null), "alice : hello"))
                .isEqualTo("~id=42;time=2026-11-27T09:15:02.345Z;room=lobby alice : hello");
        assertThat(Tags.tag(Tags.message(40, T, "lobby", null, Tags.HIST), "bob : an earlier line"))
                .isEqualTo("~id=40;time=2026-11-27T09:15:02.345Z;room=lobby;hist bob : an earlier line");
    }

    @Test
    void privateMessageBlockNamesTheRecipient() {
        assertThat(Tags.tag(Tags.message(7, T, null, "bob", Tags.ACK), "@alice : see you at 5"))
                .isEqualTo("~id=7;time=2026-11-27T09:15:02.345Z;to=bob;ack @alice : see you at 5");
    }

    @Test
    void timeAlwaysHasMillisecondsAndZ() {
        assertThat(Tags.time(Instant.parse("2026-11-27T09:16:00Z").toEpochMilli())).isEqualTo("2026-11-27T09:16:00.000Z");
        assertThat(Tags.time(Instant.parse("2026-01-02T03:04:05.006Z").toEpochMilli())).isEqualTo("2026-01-02T03:04:05.006Z");
        assertThat(Tags.time(0)).isEqualTo("1970-01-01T00:00:00.000Z");
    }

    @Test
    void tokenAndBatchBlocks() {
        assertThat(Tags.tag(Tags.token("q3VhYmx1ZXNreQ"), "* you are alice")).isEqualTo("~token=q3VhYmx1ZXNreQ * you are alice");
        assertThat(Tags.tag(Tags.historyBatch("lobby", null), "* end of history")).isEqualTo("~hist;room=lobby * end of history");
        assertThat(Tags.tag(Tags.historyBatch(null, "bob"), "* history with bob: 0 messages"))
                .isEqualTo("~hist;to=bob * history with bob: 0 messages");
    }

    @Test
    void parseSplitsTagsFlagsAndRest() {
        Tags.Tagged t = Tags.parse("~id=40;time=2026-11-27T09:14:00.000Z;room=lobby;hist bob : a : b");
        assertThat(t.id()).isEqualTo(40);
        assertThat(t.get("room")).isEqualTo("lobby");
        assertThat(t.has("hist")).isTrue();
        assertThat(t.has("ack")).isFalse();
        assertThat(t.rest()).isEqualTo("bob : a : b");
        assertThat(Instant.parse(t.get("time")).toEpochMilli()).isEqualTo(Instant.parse("2026-11-27T09:14:00Z").toEpochMilli());
    }

    @Test
    void untaggedLinesAreAllRest() {
        Tags.Tagged t = Tags.parse("* welcome");
        assertThat(t.values()).isEmpty();
        assertThat(t.id()).isEqualTo(-1);
        assertThat(t.rest()).isEqualTo("* welcome");
    }

    @Test
    void untaggedHistoryLinesStartWithANotice() {
        assertThat(HistoryLines.roomMessage(T, "bob", "hi")).isEqualTo("* [2026-11-27 09:15:02Z] bob : hi");
        assertThat(HistoryLines.privateMessage(T, "alice", "bob", "see you")).isEqualTo("* [2026-11-27 09:15:02Z] alice -> bob : see you");
        assertThat(HistoryLines.roomHeader("lobby", 3)).isEqualTo("* history of lobby: 3 messages");
        assertThat(HistoryLines.pairHeader("bob", 2)).isEqualTo("* history with bob: 2 messages");
        assertThat(HistoryLines.END).isEqualTo("* end of history");
    }
}
