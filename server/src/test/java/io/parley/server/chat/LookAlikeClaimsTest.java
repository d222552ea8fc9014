package io.parley.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.protocol.ClientLine;
import io.parley.protocol.Names;
import io.parley.testing.LookAlikes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Look-alike names at the chat's own level ({@link ChatService} and {@link ChatHub}), for the
 * whole generated set: while a name is held, none of its look-alikes can be claimed, first or as a
 * change of name; look-alike rooms are one room; and of two look-alike claims made at the same
 * moment exactly one wins.
 */
@Timeout(120)
class LookAlikeClaimsTest {
    private final ChatHub hub = new ChatHub(UnpooledByteBufAllocator.DEFAULT);
    private final ChatService chat = new ChatService(hub);
    private final List<TestMember> members = new ArrayList<>();

    @AfterEach
    void leave() {
        for (TestMember m : members) {
            chat.disconnected(m);
        }
    }

    private TestMember member() {
        TestMember m = new TestMember();
        members.add(m);
        return m;
    }

    private TestMember named(String name) {
        TestMember m = member();
        assertThat(chat.claimName(m, name)).as(name).isTrue();
        return m;
    }

    @Test
    void noLookAlikeOfAHeldNameCanBeClaimed() {
        int taken = 0;
        int looksLike = 0;
        int invalid = 0;
        TestMember renamer = named("zed");
        for (String name : LookAlikes.NAMES) {
            TestMember holder = named(name);
            Set<String> variants = LookAlikes.variants(name);
            for (String variant : variants) {
                TestMember claimant = new TestMember();
                assertThat(chat.claimName(claimant, variant)).as("%s while %s is held", variant, name).isFalse();
                String error = claimant.last();
                if (error.startsWith("! invalid name")) {
                    invalid++;
                } else if (error.equals("! name " + Names.enforce(variant) + " is taken")) {
                    taken++;
                } else {
                    assertThat(error).isEqualTo("! name " + Names.enforce(variant) + " is taken (it looks like " + name + ")");
                    looksLike++;
                }
                assertThat(claimant.name()).isNull();
                // A member with a name cannot change to it either.
                assertThat(chat.claimName(renamer, variant)).as(variant).isFalse();
                assertThat(renamer.name()).isEqualTo("zed");
            }
            for (String invisible : LookAlikes.invisibles()) {
                assertThat(chat.claimName(renamer, name + invisible)).isFalse();
                assertThat(chat.claimName(renamer, invisible)).isFalse();
            }
            assertThat(hub.find(name)).isSameAs(holder);
            assertThat(hub.findLookalike(name)).isSameAs(holder);
            chat.disconnected(holder);
            members.remove(holder);
        }
        assertThat(taken).isGreaterThan(500);
        assertThat(looksLike).isGreaterThan(100);
        assertThat(invalid).isGreaterThan(1000);
        assertThat(hub.nameCount()).isEqualTo(1);
    }

    @Test
    void aFreedNameAndItsLookAlikesCanBeClaimedAgain() {
        TestMember alice = named("alice");
        chat.disconnected(alice);
        members.remove(alice);
        TestMember other = named("aIice");
        assertThat(chat.claimName(member(), "alice")).isFalse();
        // Changing to another spelling of one's own name, or a look-alike of it, is allowed.
        assertThat(chat.claimName(other, "AIice")).isTrue();
        assertThat(chat.claimName(other, "alice")).isTrue();
        assertThat(hub.find("alice")).isSameAs(other);
        assertThat(hub.find("aIice")).isNull();
        assertThat(named("aiice").name()).isEqualTo("aiice"); // the old name, without look, is free
    }

    @Test
    void fullwidthAndOtherFormsAreShownAsTheNameTheyAre() {
        TestMember m = member();
        assertThat(chat.claimName(m, "ｃａｒｏｌ")).isTrue();
        assertThat(m.name()).isEqualTo("carol");
        assertThat(m.lines).contains("* you are carol");
    }

    @Test
    void roomsThatLookAlikeAreOneRoom() {
        TestMember alice = named("alice"); // in lobby
        TestMember bob = named("bob");
        chat.received(bob, new ClientLine.Command("join", "dev"));
        Room dev = bob.room();
        Room lobby = alice.room();
        assertThat(dev.name()).isEqualTo("dev");
        int merged = 0;
        for (String room : List.of("lobby", "dev")) {
            Room expected = room.equals("dev") ? dev : lobby;
            for (String variant : LookAlikes.variants(room)) {
                chat.received(alice, new ClientLine.Command("join", variant));
                if (Names.isValid(variant)) {
                    assertThat(alice.room()).as(variant).isSameAs(expected);
                    merged++;
                } else {
                    assertThat(alice.last()).startsWith("! invalid room name");
                }
            }
        }
        assertThat(merged).isGreaterThan(20);
        assertThat(hub.findRoom("lobby")).isSameAs(lobby);
        assertThat(hub.findRoom("dev")).isSameAs(dev);
        assertThat(hub.rooms()).extracting(Room::name).containsExactly("dev"); // lobby is empty now
        chat.received(alice, new ClientLine.Command("join", "ｌｏｂｂｙ"));
        assertThat(alice.room()).isSameAs(lobby);
        chat.received(alice, new ClientLine.Command("join", "ｌｏｂｂｙ"));
        assertThat(alice.last()).isEqualTo("* you are already in lobby");
        // Once a room closes, a look-alike name can open a room of its own.
        chat.received(bob, new ClientLine.Command("join", "lobby"));
        chat.received(alice, new ClientLine.Command("join", "DEV"));
        assertThat(alice.room().name()).isEqualTo("DEV").isNotSameAs(dev);
    }

    @Test
    void ofTwoLookAlikeClaimsAtOnceExactlyOneWins() throws Exception {
        // Different names (different keys) with one skeleton, claimed from two threads at the same
        // moment, many times over; and the same for two claims of one name.
        List<String[]> pairs = List.of(new String[] {"bill", "biII"}, new String[] {"alice", "aIice"},
                new String[] {"paypal", "paypa1"}, new String[] {"mallory", "rnallory"},
                new String[] {"bob", "b0b"}, new String[] {"иван", "ИВАН"}, new String[] {"sofia", "sofia"});
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            int rounds = 0;
            for (int round = 0; round < 3_000; round++) {
                String[] pair = pairs.get(round % pairs.size());
                TestMember first = new TestMember();
                TestMember second = new TestMember();
                Future<Boolean> a = threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return hub.claim(first, pair[0]);
                });
                Future<Boolean> b = threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return hub.claim(second, pair[1]);
                });
                boolean firstWon = a.get(10, TimeUnit.SECONDS);
                boolean secondWon = b.get(10, TimeUnit.SECONDS);
                assertThat(firstWon ^ secondWon).as("round %d: %s / %s", round, pair[0], pair[1]).isTrue();
                TestMember winner = firstWon ? first : second;
                // The loser left nothing behind: both maps point at the winner alone.
                assertThat(hub.nameCount()).isEqualTo(1);
                assertThat(hub.find(pair[0])).isIn(winner, null);
                assertThat(hub.find(pair[1])).isIn(winner, null);
                assertThat(hub.findLookalike(winner.name())).isSameAs(winner);
                hub.release(winner);
                assertThat(hub.nameCount()).isZero();
                assertThat(hub.findLookalike(winner.name())).isNull();
                rounds++;
            }
            assertThat(rounds).isEqualTo(3_000);
        } finally {
            threads.shutdownNow();
        }
    }

    /** A member without a transport: what it is sent is recorded. */
    static final class TestMember extends Member {
        final List<String> lines = new ArrayList<>();

        @Override
        public EventExecutor executor() {
            return ImmediateEventExecutor.INSTANCE;
        }

        @Override
        protected void write(ByteBuf sharedLine) {
            // the caller keeps its reference; nothing is kept here
        }

        @Override
        protected void flush() {
        }

        @Override
        public void send(String line) {
            lines.add(line);
        }

        @Override
        public void close() {
        }

        @Override
        public String remote() {
            return "test";
        }

        String last() {
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }
}
