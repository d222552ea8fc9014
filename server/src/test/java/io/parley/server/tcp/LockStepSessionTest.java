package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that sends lines without line ends and reads once after each (the socket tutorial's TCP
 * client), beside ordinary line clients, on EmbeddedChannels with the clock moved by hand.
 */
class LockStepSessionTest {
    private static final int PAUSE = 300;
    private final EmbeddedChat chat = new EmbeddedChat("--line-pause", PAUSE + "ms");

    @AfterEach
    void close() {
        chat.close();
    }

    /** Sends {@code line} as the tutorial's client does: no line end, then nothing. */
    private void type(EmbeddedChat.Conn conn, String line) {
        conn.sendRaw(line);
        chat.advance(PAUSE);
    }

    @Test
    void eachLineIsAnsweredWithWhatCameSinceAndItsOwnLine() {
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn alice = chat.connect();

        type(alice, "alice : hello");
        assertThat(bob.lines()).containsExactly("* alice joined lobby", "alice : hello");
        assertThat(alice.lines()).as("the welcome was the answer to the first line").isEmpty();

        bob.send("hi alice");
        assertThat(alice.lines()).isEmpty(); // held until alice sends
        type(alice, "how are you?");
        assertThat(alice.lines()).containsExactly("* you are alice", "* you are in lobby with 1 other",
                "alice : hello", "bob : hi alice", "alice : how are you?");
        assertThat(bob.lines()).containsExactly("alice : how are you?");

        type(alice, "/who");
        assertThat(alice.lines()).containsExactly("* in lobby (2): alice, bob");
    }

    @Test
    void aLineWithNothingToAnswerGetsNothingNew() {
        EmbeddedChat.Conn alice = chat.connect();
        type(alice, "alice : hello");
        type(alice, "   ");
        assertThat(alice.lines()).containsExactly("* you are alice", "* you are in lobby with 0 others",
                "alice : hello");
        type(alice, "   ");
        assertThat(alice.lines()).containsExactly("* nothing new");
    }

    @Test
    void qWithoutALineEndLeaves() {
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn alice = chat.connect();
        type(alice, "alice : hello");
        type(alice, "q");
        assertThat(alice.lines()).endsWith("* bye alice");
        assertThat(alice.channel.isActive()).isFalse();
        assertThat(bob.lines()).containsExactly("* alice joined lobby", "alice : hello", "* alice left (quit)");
    }

    @Test
    void qAsTheFirstLineLeavesToo() {
        EmbeddedChat.Conn alice = chat.connect();
        type(alice, "q");
        assertThat(alice.lines()).containsExactly("* bye");
        assertThat(alice.channel.isActive()).isFalse();
    }

    @Test
    void lineClientsSeeNoChange() {
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn carol = chat.named("carol");
        bob.lines();
        carol.send("hello");
        chat.advance(10 * PAUSE);
        assertThat(bob.lines()).containsExactly("carol : hello");
        assertThat(carol.lines()).as("no echo, nothing held").isEmpty();
        bob.sendRaw("hal");
        bob.sendRaw("f a line\n"); // split across reads, well within the pause
        assertThat(carol.lines()).containsExactly("bob : half a line");
    }

    @Test
    void aLockStepClientThatEndsALineStreamsAgain() {
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn alice = chat.connect();
        type(alice, "alice : hello");
        bob.send("held for alice");
        alice.send("now with a line end");
        assertThat(alice.lines()).containsExactly("* you are alice", "* you are in lobby with 1 other",
                "alice : hello", "bob : held for alice");
        bob.send("live");
        assertThat(alice.lines()).containsExactly("bob : live");
    }

    @Test
    void withoutAPauseAnUnterminatedLineWaitsForItsEnd() {
        try (EmbeddedChat off = new EmbeddedChat("--line-pause", "0")) {
            EmbeddedChat.Conn alice = off.connect();
            alice.sendRaw("alice : hello");
            off.advance(20_000);
            assertThat(alice.lines()).isEmpty();
            alice.sendRaw("\n");
            assertThat(alice.lines()).containsExactly("* you are alice", "* you are in lobby with 0 others");
        }
    }
}
