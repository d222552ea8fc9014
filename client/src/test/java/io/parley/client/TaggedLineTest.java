package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The contract's example lines (docs/protocol.md), taken apart. */
class TaggedLineTest {

    @Test
    void roomMessage() {
        TaggedLine line = TaggedLine.parse("~id=42;time=2026-11-27T09:15:02.345Z;room=lobby alice : hello");
        assertThat(line.rest()).isEqualTo("alice : hello");
        assertThat(line.id()).isEqualTo(42);
        assertThat(line.time()).isEqualTo(Instant.parse("2026-11-27T09:15:02.345Z"));
        assertThat(line.room()).isEqualTo("lobby");
        assertThat(line.to()).isNull();
        assertThat(line.hist()).isFalse();
        assertThat(line.ack()).isFalse();
    }

    @Test
    void privateMessageHistoryAckAndToken() {
        TaggedLine pm = TaggedLine.parse("~id=7;time=2026-11-27T09:16:00.001Z;to=bob @alice : see you at 5");
        assertThat(pm.to()).isEqualTo("bob");
        assertThat(pm.rest()).isEqualTo("@alice : see you at 5");

        TaggedLine hist = TaggedLine.parse("~id=40;time=2026-11-27T09:14:00.000Z;room=lobby;hist bob : an earlier line");
        assertThat(hist.hist()).isTrue();
        assertThat(hist.rest()).isEqualTo("bob : an earlier line");

        TaggedLine ack = TaggedLine.parse("~id=42;time=2026-11-27T09:15:02.345Z;room=lobby;ack alice : hello");
        assertThat(ack.ack()).isTrue();

        TaggedLine token = TaggedLine.parse("~token=q3VhYmx1ZXNreQ * you are alice");
        assertThat(token.token()).isEqualTo("q3VhYmx1ZXNreQ");
        assertThat(token.rest()).isEqualTo("* you are alice");
        assertThat(token.hasId()).isFalse();

        TaggedLine header = TaggedLine.parse("~hist;room=lobby * history of lobby: 3 messages");
        assertThat(header.hist()).isTrue();
        assertThat(header.room()).isEqualTo("lobby");
        assertThat(header.rest()).isEqualTo("* history of lobby: 3 messages");
    }

    @Test
    void unknownKeysAndFlagsAreIgnoredAndBadValuesAreAbsent() {
        TaggedLine line = TaggedLine.parse("~future=1;shiny;id=x;time=yesterday;hist bob : text : more");
        assertThat(line.rest()).isEqualTo("bob : text : more");
        assertThat(line.id()).isZero();
        assertThat(line.time()).isNull();
        assertThat(line.hist()).isTrue();
        assertThat(TaggedLine.parse("~id=-3 bob : x").hasId()).isFalse();
    }

    @Test
    void untaggedLinesAreLeftWhole() {
        for (String plain : new String[] {"alice : hello", "* notice", "! error", "@bob : hi", "", "~nospace"}) {
            TaggedLine line = TaggedLine.parse(plain);
            assertThat(line.rest()).isEqualTo(plain);
            assertThat(line.hasId()).isFalse();
            assertThat(line.hist()).isFalse();
        }
    }
}
