package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.Tags;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tags, acknowledgements, /history, replay on join and name hold, on EmbeddedChannels (memory store). */
class HistoryCommandsTest {
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    private static final Pattern PLAIN_TIME = Pattern.compile("\\* \\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ] ");
    private final EmbeddedChat chat = new EmbeddedChat();

    @AfterEach
    void close() {
        chat.close();
    }

    private EmbeddedChat.Conn tagged(String name) {
        EmbeddedChat.Conn c = chat.connect();
        c.send("/tags on");
        assertThat(c.lines()).containsExactly("* tags on");
        c.send("/nick " + name);
        return c;
    }

    @Test
    void tagsGoOnAndOffBeforeAName() {
        EmbeddedChat.Conn c = chat.connect();
        c.send("/tags on");
        c.send("/TAGS off");
        c.send("/tags maybe");
        assertThat(c.lines()).containsExactly("* tags on", "* tags off", "! usage: /tags on|off");
    }

    @Test
    void aTaggedClaimCarriesANewTokenEachTime() {
        EmbeddedChat.Conn c = tagged("alice");
        List<String> claim = c.lines();
        assertThat(claim.get(0)).matches("~token=[A-Za-z0-9_-]{22} \\* you are alice");
        String token = Tags.parse(claim.get(0)).get(Tags.TOKEN);
        c.send("/nick alice");
        assertThat(c.lines()).containsExactly("~token=" + token + " * you are alice"); // the same claim, the same token
        c.send("/nick alicia");
        String renamed = c.lines().get(0);
        assertThat(renamed).endsWith(" * you are alicia");
        assertThat(Tags.parse(renamed).get(Tags.TOKEN)).isNotEqualTo(token);
    }

    @Test
    void taggedMembersGetIdsAndTimesUntaggedOnesThePlainLineAndTheSenderItsAck() {
        EmbeddedChat.Conn alice = tagged("alice");
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn carol = tagged("carol");
        alice.lines();
        bob.lines();
        carol.lines();
        bob.send("hello");
        assertThat(bob.lines()).isEmpty(); // untagged: no ack, as before
        String seen = alice.lines().get(0);
        Tags.Tagged t = Tags.parse(seen);
        assertThat(t.rest()).isEqualTo("bob : hello");
        assertThat(t.get("room")).isEqualTo("lobby");
        assertThat(t.get("time")).matches(TIME);
        assertThat(t.id()).isPositive();
        assertThat(carol.lines()).containsExactly(seen);

        alice.send("hi all");
        List<String> ack = alice.lines();
        assertThat(ack).hasSize(1);
        Tags.Tagged a = Tags.parse(ack.get(0));
        assertThat(a.has(Tags.ACK)).isTrue();
        assertThat(a.rest()).isEqualTo("alice : hi all");
        assertThat(a.id()).isGreaterThan(t.id());
        assertThat(bob.lines()).containsExactly("alice : hi all");
        assertThat(carol.lines()).containsExactly(ack.get(0).replace(";ack ", " "));
    }

    @Test
    void privateMessagesAreTaggedWithTheirRecipientAndAcknowledged() {
        EmbeddedChat.Conn alice = tagged("alice");
        EmbeddedChat.Conn bob = tagged("bob");
        alice.lines();
        bob.lines();
        alice.send("/msg bob see you at 5");
        Tags.Tagged got = Tags.parse(bob.lines().get(0));
        assertThat(got.rest()).isEqualTo("@alice : see you at 5");
        assertThat(got.get(Tags.TO)).isEqualTo("bob");
        Tags.Tagged ack = Tags.parse(alice.lines().get(0));
        assertThat(ack.has(Tags.ACK)).isTrue();
        assertThat(ack.id()).isEqualTo(got.id());
        assertThat(ack.rest()).isEqualTo("@alice : see you at 5");
    }

    @Test
    void historyAnswersABatchUntaggedAndTagged() {
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn alice = tagged("alice");
        bob.lines();
        bob.send("one");
        bob.send("bob : two : with a colon");
        alice.lines();
        bob.send("/history");
        List<String> plain = bob.lines();
        assertThat(plain).hasSize(4);
        assertThat(plain.get(0)).isEqualTo("* history of lobby: 2 messages");
        assertThat(plain.get(1)).matches(PLAIN_TIME + "bob : one");
        assertThat(plain.get(2)).matches(PLAIN_TIME + "bob : two : with a colon");
        assertThat(plain.get(3)).isEqualTo("* end of history");

        alice.send("/history 1");
        List<String> tagged = alice.lines();
        assertThat(tagged).hasSize(3);
        assertThat(tagged.get(0)).isEqualTo("~hist;room=lobby * history of lobby: 1 messages");
        assertThat(tagged.get(1)).matches("~id=\\d+;time=" + TIME + ";room=lobby;hist bob : two : with a colon");
        assertThat(tagged.get(2)).isEqualTo("~hist;room=lobby * end of history");
    }

    @Test
    void anAnswerHasTheTagsOfItsRequestWhateverCameAfter() {
        EmbeddedChat.Conn alice = tagged("alice");
        alice.lines();
        alice.sendRaw("/history\n/tags off\n"); // one read: the answer comes after the switch
        assertThat(alice.lines()).containsExactly("* tags off", "~hist;room=lobby * history of lobby: 0 messages",
                "~hist;room=lobby * end of history");
    }

    @Test
    void badHistoryRequestsGetTheUsage() {
        EmbeddedChat.Conn c = chat.connect();
        c.send("/history");
        assertThat(c.lines()).containsExactly("! claim a name first: /nick NAME");
        c.send("/nick bob");
        c.lines();
        for (String bad : new String[] {"0", "1001", "-1", "ten", "after", "after x", "before 5 6 7", "@", "@a/b",
                "around 5", "5 after 3"}) {
            c.send("/history " + bad);
            assertThat(c.lines()).as(bad)
                    .containsExactly("! usage: /history [@NAME] [after ID | before ID] [N] (N at most 1000)");
        }
        c.send("/history 1000");
        assertThat(c.lines()).containsExactly("* history of lobby: 0 messages", "* end of history");
    }

    @Test
    void joiningARoomReplaysItsLastLinesThenLive() {
        EmbeddedChat.Conn bob = chat.named("bob");
        for (int i = 0; i < 25; i++) {
            bob.send("m" + i);
        }
        EmbeddedChat.Conn carol = chat.connect();
        carol.send("/nick carol");
        List<String> lines = carol.lines();
        assertThat(lines.subList(0, 3)).containsExactly("* you are carol", "* you are in lobby with 1 other",
                "* history of lobby: 20 messages");
        assertThat(lines.get(3)).matches(PLAIN_TIME + "bob : m5");
        assertThat(lines.get(22)).matches(PLAIN_TIME + "bob : m24");
        assertThat(lines.get(23)).isEqualTo("* end of history");
        assertThat(lines).hasSize(24);
        bob.send("live");
        assertThat(carol.lines()).containsExactly("bob : live");

        carol.send("/join dev"); // a room without history: no batch at all
        assertThat(carol.lines()).containsExactly("* you are in dev with 0 others");
    }

    @Test
    void noReplayWhenTurnedOff() {
        try (EmbeddedChat quiet = new EmbeddedChat("--replay", "0")) {
            EmbeddedChat.Conn bob = quiet.named("bob");
            bob.send("before");
            EmbeddedChat.Conn carol = quiet.connect();
            carol.send("/nick carol");
            assertThat(carol.lines()).containsExactly("* you are carol", "* you are in lobby with 1 other");
            carol.send("/history");
            assertThat(carol.lines()).hasSize(3).contains("* history of lobby: 1 messages");
        }
    }

    @Test
    void privateHistoryIsReadOnlyByItsTwoParties() {
        EmbeddedChat.Conn alice = chat.named("alice");
        EmbeddedChat.Conn bob = chat.named("bob");
        EmbeddedChat.Conn eve = chat.named("eve");
        alice.send("/msg bob secret");
        bob.send("/msg alice reply");
        alice.lines();
        bob.lines();
        eve.lines();
        bob.send("/history @alice");
        List<String> lines = bob.lines();
        assertThat(lines.get(0)).isEqualTo("* history with alice: 2 messages");
        assertThat(lines.get(1)).matches(PLAIN_TIME + "alice -> bob : secret");
        assertThat(lines.get(2)).matches(PLAIN_TIME + "bob -> alice : reply");
        eve.send("/history @alice");
        assertThat(eve.lines()).containsExactly("* history with alice: 0 messages", "* end of history");
        eve.send("/history @bob");
        assertThat(eve.lines()).containsExactly("* history with bob: 0 messages", "* end of history");
        eve.send("/history");
        assertThat(eve.lines()).containsExactly("* history of lobby: 0 messages", "* end of history");
    }

    @Test
    void aDroppedNameIsHeldForItsTokenOnly() {
        EmbeddedChat.Conn alice = tagged("alice");
        String token = Tags.parse(alice.lines().get(0)).get(Tags.TOKEN);
        alice.channel.close();
        EmbeddedChat.Conn other = chat.named("otto"); // named: it stays past the name timeout
        other.send("/nick alice");
        other.send("/nick alice " + "A".repeat(22));
        assertThat(other.lines()).containsExactly("! name alice is taken", "! name alice is taken");

        EmbeddedChat.Conn back = tagged("alice " + token);
        List<String> resumed = back.lines();
        assertThat(resumed.get(0)).matches("~token=[A-Za-z0-9_-]{22} \\* you are alice");
        assertThat(Tags.parse(resumed.get(0)).get(Tags.TOKEN)).isNotEqualTo(token);
        assertThat(resumed).contains("* you are in lobby with 1 other");
        assertThat(other.lines()).containsExactly("* alice joined lobby");
        chat.advance(61_000); // the old hold ends, but the name has a new holder now
        other.send("/nick alice");
        assertThat(other.lines()).containsExactly("! name alice is taken");
        other.send("/nick alice " + token);
        assertThat(other.lines()).as("the old token is void").containsExactly("! name alice is taken");

        // The hold's end is covered on a real server (NameHoldEndToEndTest): an EmbeddedChannel
        // cancels what was scheduled on its loop when it closes.
    }

    @Test
    void quittingFreesTheNameAtOnce() {
        EmbeddedChat.Conn alice = chat.named("alice");
        alice.send("q");
        EmbeddedChat.Conn other = chat.connect();
        other.send("/nick alice");
        assertThat(other.lines().get(0)).isEqualTo("* you are alice");
    }

    @Test
    void resumingWhileTheOldConnectionLivesClosesIt() {
        EmbeddedChat.Conn watcher = chat.named("watcher");
        EmbeddedChat.Conn old = tagged("alice");
        String token = Tags.parse(old.lines().get(0)).get(Tags.TOKEN);
        watcher.lines();
        EmbeddedChat.Conn fresh = tagged("alice " + token);
        assertThat(fresh.lines()).contains("* you are in lobby with 2 others");
        assertThat(old.lines()).contains("! your session was resumed from another connection");
        assertThat(old.channel.isActive()).isFalse();
        assertThat(watcher.lines()).as("alice is still here: no leave notice").containsExactly("* alice joined lobby");
        watcher.send("/who");
        assertThat(watcher.lines()).containsExactly("* in lobby (2): alice, watcher");
        fresh.send("still me");
        assertThat(watcher.lines()).containsExactly("alice : still me");
    }

    @Test
    void nickTakesAtMostANameAndAToken() {
        EmbeddedChat.Conn c = chat.connect();
        c.send("/nick a b c");
        c.send("/nick");
        assertThat(c.lines()).containsExactly("! usage: /nick NAME [TOKEN]", "! usage: /nick NAME [TOKEN]");
    }
}
