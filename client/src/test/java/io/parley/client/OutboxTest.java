package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {

    @Test
    void oneLineGoesAsTypedAndQuitIsRecognised() {
        Outbox outbox = new Outbox();
        assertThat(outbox.add("/who")).isEqualTo(new Outbox.Added(1, 0));
        outbox.add("q");
        assertThat(outbox.poll()).isEqualTo(new Outbox.Entry(Outbox.Kind.TYPED, "/who"));
        assertThat(outbox.poll().kind()).isEqualTo(Outbox.Kind.QUIT);
        // A pasted single line with its line end is still one typed line (a command stays a command).
        outbox.add("/join dev\n");
        assertThat(outbox.poll()).isEqualTo(new Outbox.Entry(Outbox.Kind.TYPED, "/join dev"));
        assertThat(outbox.add("   ")).isEqualTo(new Outbox.Added(0, 0));
        assertThat(outbox.isEmpty()).isTrue();
    }

    @Test
    void aPasteIsEveryNonBlankLineAsChatInOrder() {
        Outbox outbox = new Outbox();
        Outbox.Added added = outbox.add("line 1\r\n/usr/bin/env\n\nq\nline 4\n");
        assertThat(added).isEqualTo(new Outbox.Added(3, 1)); // the lone q would have ended the session
        assertThat(outbox.waiting()).isEqualTo(3);
        assertThat(outbox.poll()).isEqualTo(new Outbox.Entry(Outbox.Kind.TEXT, "line 1"));
        assertThat(outbox.poll()).isEqualTo(new Outbox.Entry(Outbox.Kind.TEXT, "/usr/bin/env"));
        assertThat(outbox.poll()).isEqualTo(new Outbox.Entry(Outbox.Kind.TEXT, "line 4"));
    }

    @Test
    void droppingKeepsTheQuitAndSendingAgainGoesFirst() {
        Outbox outbox = new Outbox();
        outbox.add("a\nb\nc");
        outbox.quit();
        outbox.quit(); // once is enough
        assertThat(outbox.dropWaiting()).isEqualTo(3);
        assertThat(outbox.hasQuit()).isTrue();
        outbox.sendAgainFirst(List.of("x", "y"));
        assertThat(outbox.poll().text()).isEqualTo("x");
        assertThat(outbox.poll().text()).isEqualTo("y");
        assertThat(outbox.poll().kind()).isEqualTo(Outbox.Kind.QUIT);
        assertThat(outbox.poll()).isNull();
    }

    @Test
    void anAcknowledgementSettlesItsMessageAndTheRefusedOnesBeforeIt() {
        Outbox outbox = new Outbox();
        String lobby = SeenIds.room("lobby");
        String withBob = SeenIds.pair("alice", "bob");
        outbox.sent(new Outbox.Sent(lobby, null, "one", 1));
        outbox.sent(new Outbox.Sent(withBob, "bob", "psst", 2));
        outbox.sent(new Outbox.Sent(lobby, null, "two", 3));
        outbox.sent(new Outbox.Sent(lobby, null, "three", 4));
        outbox.acked(lobby, "two"); // "one" and "psst" were refused: never acknowledged
        assertThat(outbox.takeUnacked()).containsExactly(new Outbox.Sent(lobby, null, "three", 4));
        assertThat(outbox.unackedCount()).isZero();
    }

    @Test
    void anAcknowledgementMatchingNothingSettlesNothing() {
        Outbox outbox = new Outbox();
        String lobby = SeenIds.room("lobby");
        outbox.sent(new Outbox.Sent(null, null, "before the room was confirmed", 1));
        outbox.sent(new Outbox.Sent(lobby, null, "later", 2));
        outbox.acked(lobby, "text the server changed");
        assertThat(outbox.unackedCount()).isEqualTo(2);
        outbox.acked(lobby, "before the room was confirmed"); // the default room, whose name was not known yet
        assertThat(outbox.takeUnacked()).containsExactly(new Outbox.Sent(lobby, null, "later", 2));
    }

    @Test
    void unacknowledgedMessagesAreBounded() {
        Outbox outbox = new Outbox();
        for (int i = 0; i < Outbox.MAX_UNACKED + 10; i++) {
            outbox.sent(new Outbox.Sent("#lobby", null, "m" + i, i));
        }
        List<Outbox.Sent> kept = outbox.takeUnacked();
        assertThat(kept).hasSize(Outbox.MAX_UNACKED);
        assertThat(kept.get(0).text()).isEqualTo("m10");
    }
}
