package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpSessionHandlerTest {
    private final EmbeddedChat chat = new EmbeddedChat();

    @AfterEach
    void close() {
        chat.close();
    }

    @Test
    void unnamedConnectionCanRunHelpButNotChat() {
        EmbeddedChat.Conn c = chat.connect();
        c.send("/who");
        assertThat(c.lines()).containsExactly("! claim a name first: /nick NAME");
        assertThat(c.channel.isActive()).isTrue();
    }

    @Test
    void firstPrefixedLineClaimsTheNameAndIsRelayed() {
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn alice = chat.connect();
        alice.send("alice : hello : world");
        assertThat(alice.lines()).containsExactly("* you are alice", "* you are in lobby with 1 other");
        assertThat(bob.lines()).containsExactly("* alice joined lobby", "alice : hello : world");
    }

    @Test
    void unprefixedLineComesFromTheConnectionsName() {
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn alice = chat.named("alice");
        bob.lines();
        alice.send("just text");
        assertThat(bob.lines()).containsExactly("alice : just text");
        assertThat(alice.lines()).isEmpty();
    }

    @Test
    void unnamedConnectionMustClaimFirst() {
        EmbeddedChat.Conn c = chat.connect();
        c.send("hello");
        assertThat(c.lines()).singleElement().asString().startsWith("! claim a name first");
    }

    @Test
    void invalidNamesAreRefused() {
        EmbeddedChat.Conn c = chat.connect();
        c.send("/nick a:b");
        c.send("/nick " + "x".repeat(33));
        c.send("bad\u0007na\u001b[1mme : hi");
        assertThat(c.lines()).containsExactly(
                "! invalid name \"a:b\": 1 to 32 letters, digits, _ - or .",
                "! invalid name \"" + "x".repeat(33) + "\": 1 to 32 letters, digits, _ - or .",
                "* you are badname", "* you are in lobby with 0 others");
        // the control character was removed, leaving a valid name
        assertThat(chat.chat.hub().find("badname")).isNotNull();
    }

    @Test
    void takenNameIsRefusedWhateverItsCase() {
        chat.named("alice");
        EmbeddedChat.Conn c = chat.connect();
        c.send("/nick ALICE");
        c.send("Alice : hi");
        assertThat(c.lines()).containsExactly("! name ALICE is taken", "! name Alice is taken");
    }

    @Test
    void impersonationIsRefused() {
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn mallory = chat.named("mallory");
        bob.lines();
        mallory.send("bob : send me your password");
        assertThat(mallory.lines()).singleElement().asString().startsWith("! you are mallory");
        assertThat(bob.lines()).isEmpty();
        mallory.send("MALLORY : own name in another case is fine");
        assertThat(bob.lines()).containsExactly("mallory : own name in another case is fine");
    }

    @Test
    void nickChangeIsAnnouncedAndFreesTheOldName() {
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn alice = chat.named("alice");
        bob.lines();
        alice.send("/nick alicia");
        assertThat(alice.lines()).containsExactly("* you are alicia");
        assertThat(bob.lines()).containsExactly("* alice is now alicia");
        assertThat(chat.chat.hub().find("alice")).isNull();
        chat.named("alice");
        assertThat(chat.chat.hub().find("alice")).isNotNull();
    }

    @Test
    void roomsIsolateMessages() {
        EmbeddedChat.Conn a = chat.named("a");
        EmbeddedChat.Conn b = chat.named("b");
        EmbeddedChat.Conn c = chat.named("c");
        a.lines();
        b.lines();
        a.send("/join dev");
        assertThat(a.lines()).containsExactly("* you are in dev with 0 others");
        assertThat(b.lines()).contains("* a left for dev");
        c.send("/join #dev");
        assertThat(a.lines()).containsExactly("* c joined dev");
        a.send("in dev");
        assertThat(c.lines()).containsExactly("* a left for dev", "* you are in dev with 1 other", "a : in dev");
        assertThat(b.lines()).containsExactly("* c left for dev");
        b.send("in lobby");
        assertThat(a.lines()).isEmpty();
        assertThat(c.lines()).isEmpty();
    }

    @Test
    void whoAndRooms() {
        EmbeddedChat.Conn a = chat.named("zed");
        chat.named("amy");
        EmbeddedChat.Conn c = chat.named("cat");
        c.send("/join dev");
        a.lines();
        a.send("/who");
        assertThat(a.lines()).containsExactly("* in lobby (2): amy, zed");
        a.send("/rooms");
        assertThat(a.lines()).containsExactly("* rooms: dev (1), lobby (2)");
    }

    @Test
    void privateMessageReachesOnlyItsTarget() {
        EmbeddedChat.Conn a = chat.named("a");
        EmbeddedChat.Conn b = chat.named("b");
        EmbeddedChat.Conn c = chat.named("c");
        a.lines();
        b.lines();
        a.send("/msg c psst : secret");
        assertThat(c.lines()).containsExactly("@a : psst : secret");
        assertThat(b.lines()).isEmpty();
        a.send("/msg nobody hi");
        a.send("/msg c");
        assertThat(a.lines()).containsExactly("! no one here is called nobody", "! usage: /msg NAME TEXT");
    }

    @Test
    void helpAndUnknownCommand() {
        EmbeddedChat.Conn a = chat.connect();
        a.send("/help");
        assertThat(a.lines()).hasSizeGreaterThan(5).allSatisfy(l -> assertThat(l).startsWith("* "))
                .anySatisfy(l -> assertThat(l).contains("/msg NAME TEXT"));
        a.send("/ping");
        assertThat(a.lines()).containsExactly("* pong");
        a.send("/dance");
        assertThat(a.lines()).containsExactly("! unknown command /dance; /help lists commands");
    }

    @Test
    void commandsThatNeedANameSaySo() {
        EmbeddedChat.Conn a = chat.connect();
        a.send("/join dev");
        a.send("/who");
        a.send("/msg b hi");
        assertThat(a.lines()).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("! claim a name first"));
    }

    @Test
    void quitWithQOrSlashQuitClosesAndTellsTheRoom() {
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn alice = chat.named("alice");
        EmbeddedChat.Conn carol = chat.named("carol");
        bob.lines();
        alice.lines();
        alice.send("q");
        assertThat(alice.lines()).containsExactly("* bye alice");
        assertThat(alice.channel.isActive()).isFalse();
        assertThat(bob.lines()).containsExactly("* alice left (quit)");
        carol.send("/quit");
        assertThat(carol.channel.isActive()).isFalse();
        assertThat(bob.lines()).containsExactly("* carol left (quit)");
        assertThat(chat.chat.hub().find("alice")).isNull();
    }

    @Test
    void prefixedQQuitsToo() {
        EmbeddedChat.Conn alice = chat.connect();
        alice.send("alice : q");
        assertThat(alice.lines()).containsExactly("* you are alice", "* you are in lobby with 0 others", "* bye alice");
        assertThat(alice.channel.isActive()).isFalse();
    }

    @Test
    void controlCharactersNeverReachOthers() {
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn eve = chat.named("eve");
        bob.lines();
        eve.send("\u001b]0;pwned\u0007\u001b[2Jhi\u009b31m\u0000");
        // Whole sequences go, not just their ESC: no "]0;pwned" or "[2J" is left to read.
        assertThat(bob.lines()).containsExactly("eve : hi");
    }

    @Test
    void badInputGetsAnErrorAndTheConnectionStays() {
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn eve = chat.named("eve");
        bob.lines();
        eve.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}));
        eve.sendRaw("x".repeat(5000) + "\n");
        eve.send("eve : still here");
        assertThat(eve.lines()).containsExactly("! invalid UTF-8, line discarded", "! line too long, discarded");
        assertThat(bob.lines()).containsExactly("eve : still here");
        assertThat(eve.channel.isActive()).isTrue();
    }

    @Test
    void emptyMessageIsNotRelayed() {
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn eve = chat.named("eve");
        bob.lines();
        eve.send("eve : ");
        eve.send("");
        assertThat(eve.lines()).containsExactly("! empty message, nothing sent");
        assertThat(bob.lines()).isEmpty();
    }

    @Test
    void disconnectFreesNameAndTellsTheRoom() {
        try (EmbeddedChat unheld = new EmbeddedChat("--name-hold", "0s")) { // no hold: the name is free at once
            EmbeddedChat.Conn bob = unheld.named("bob");
            EmbeddedChat.Conn eve = unheld.named("eve");
            bob.lines();
            eve.channel.close();
            assertThat(bob.lines()).containsExactly("* eve left (connection closed)");
            assertThat(unheld.chat.hub().find("eve")).isNull();
        }
    }
}
