package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Above --notice-batch-above members a room's joins and leaves are summed up once per
 * --notice-batch-interval instead of announced one by one; smaller rooms are unchanged and /who
 * stays exact.
 */
class BigRoomNoticesTest {
    private final EmbeddedChat chat = new EmbeddedChat("--notice-batch-above", "2", "--notice-batch-interval", "1s");

    @AfterEach
    void close() {
        chat.close();
    }

    /** A named connection whose clock moves only when the test advances it. */
    private static EmbeddedChat.Conn named(EmbeddedChat chat, String name) {
        EmbeddedChat.Conn conn = chat.connect();
        conn.channel.freezeTime();
        conn.send("/nick " + name);
        conn.lines();
        return conn;
    }

    @Test
    void smallRoomAnnouncesEachJoinBigRoomSumsThemUp() {
        EmbeddedChat.Conn a = named(chat, "a");
        EmbeddedChat.Conn b = named(chat, "b");
        assertThat(a.lines()).containsExactly("* b joined lobby"); // two members: not above the limit

        EmbeddedChat.Conn c = named(chat, "c"); // the third: above it
        EmbeddedChat.Conn d = named(chat, "d");
        assertThat(a.lines()).isEmpty();
        assertThat(b.lines()).isEmpty();

        chat.advance(999);
        assertThat(a.lines()).as("not before the interval is over").isEmpty();
        chat.advance(1);
        assertThat(a.lines()).containsExactly("* 2 joined");
        assertThat(b.lines()).containsExactly("* 2 joined");
        assertThat(c.lines()).containsExactly("* 2 joined");
        assertThat(d.lines()).containsExactly("* 2 joined");

        chat.advance(5000);
        assertThat(a.lines()).as("no summary when nobody came or went").isEmpty();
    }

    @Test
    void leavesAndJoinsOfOneIntervalMakeOneLine() {
        EmbeddedChat.Conn a = named(chat, "a");
        named(chat, "b");
        named(chat, "c");
        chat.advance(1000);
        a.lines();

        EmbeddedChat.Conn d = named(chat, "d");
        EmbeddedChat.Conn b2 = named(chat, "e");
        named(chat, "f");
        d.send("/join elsewhere"); // leaves the big room for another
        b2.send("/quit");
        chat.advance(1000);
        assertThat(a.lines()).containsExactly("* 3 joined, 2 left");

        a.send("/who");
        assertThat(a.lines()).containsExactly("* in lobby (4): a, b, c, f");
    }

    @Test
    void chatLinesAreNotHeldBack() {
        EmbeddedChat.Conn a = named(chat, "a");
        named(chat, "b");
        named(chat, "c");
        EmbeddedChat.Conn d = named(chat, "d");
        a.lines();
        d.send("hello");
        assertThat(a.lines()).containsExactly("d : hello");
        chat.advance(1000);
        assertThat(a.lines()).containsExactly("* 2 joined");
    }

    @Test
    void zeroNeverSumsUp() {
        try (EmbeddedChat plain = new EmbeddedChat("--notice-batch-above", "0")) {
            EmbeddedChat.Conn a = named(plain, "a");
            for (int i = 0; i < 5; i++) {
                named(plain, "n" + i);
            }
            assertThat(a.lines()).containsExactly("* n0 joined lobby", "* n1 joined lobby", "* n2 joined lobby",
                    "* n3 joined lobby", "* n4 joined lobby");
        }
    }
}
