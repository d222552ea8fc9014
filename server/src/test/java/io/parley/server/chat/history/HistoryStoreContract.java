package io.parley.server.chat.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link HistoryStore} must do; each implementation's test extends this. */
abstract class HistoryStoreContract {
    static final String LOBBY = Conversations.room("lobby");
    static final String DEV = Conversations.room("dev");
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC);
    private final List<HistoryStore> opened = new ArrayList<>();

    /** A new store with this retention, not yet opened. */
    abstract HistoryStore newStore(Retention retention);

    HistoryStore open(Retention retention) {
        HistoryStore store = newStore(retention);
        store.open();
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        for (HistoryStore store : opened) {
            store.close();
        }
    }

    /** Appends a room message with a new id and the clock's time; waits until it is durable. */
    static StoredMessage keep(HistoryStore store, String conversation, String sender, String text, long time) throws Exception {
        StoredMessage m = new StoredMessage(store.ids().next(conversation), conversation, time, sender, null, text);
        store.append(List.of(m)).get(10, TimeUnit.SECONDS);
        return m;
    }

    static List<String> texts(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::text).toList();
    }

    static List<StoredMessage> get(java.util.concurrent.CompletableFuture<List<StoredMessage>> query) throws Exception {
        return query.get(10, TimeUnit.SECONDS);
    }

    @Test
    void queriesAnswerOldestFirstWithinTheirBounds() throws Exception {
        HistoryStore store = open(new Retention(10_000, null));
        List<StoredMessage> kept = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            kept.add(keep(store, LOBBY, "bob", "m" + i, clock.millis() + i));
            keep(store, DEV, "eve", "elsewhere " + i, clock.millis());
        }
        assertThat(texts(get(store.latest(LOBBY, 3)))).containsExactly("m7", "m8", "m9");
        assertThat(texts(get(store.latest(LOBBY, 50)))).hasSize(10).startsWith("m0").endsWith("m9");
        long id4 = kept.get(4).id();
        assertThat(texts(get(store.after(LOBBY, id4, 3)))).containsExactly("m5", "m6", "m7");
        assertThat(texts(get(store.after(LOBBY, id4, 100)))).containsExactly("m5", "m6", "m7", "m8", "m9");
        assertThat(texts(get(store.before(LOBBY, id4, 2)))).containsExactly("m2", "m3");
        assertThat(texts(get(store.before(LOBBY, id4, 100)))).containsExactly("m0", "m1", "m2", "m3");
        assertThat(get(store.after(LOBBY, kept.get(9).id(), 10))).isEmpty();
        assertThat(get(store.latest(Conversations.room("nobody-here"), 10))).isEmpty();
        StoredMessage read = get(store.latest(LOBBY, 1)).get(0);
        assertThat(read).isEqualTo(kept.get(9)); // every field as kept, the time to the millisecond
    }

    @Test
    void idsIncreaseAcrossConversations() {
        HistoryStore store = open(Retention.FOREVER);
        long a = store.ids().next(LOBBY);
        long b = store.ids().next(DEV);
        long c = store.ids().next(LOBBY);
        assertThat(a).isPositive().isLessThan(b);
        assertThat(b).isLessThan(c);
    }

    @Test
    void privateConversationsAreKeptApartFromRoomsAndOtherPairs() throws Exception {
        HistoryStore store = open(Retention.FOREVER);
        String aliceBob = Conversations.pair("alice", "Bob");
        assertThat(aliceBob).isEqualTo(Conversations.pair("bob", "ALICE"));
        StoredMessage m = new StoredMessage(store.ids().next(aliceBob), aliceBob, clock.millis(), "alice", "Bob", "psst");
        store.append(List.of(m)).get(10, TimeUnit.SECONDS);
        assertThat(get(store.latest(aliceBob, 10))).containsExactly(m);
        assertThat(get(store.latest(Conversations.pair("alice", "carol"), 10))).isEmpty();
        assertThat(get(store.latest(LOBBY, 10))).isEmpty();
    }

    @Test
    void retentionKeepsTheNewestPerConversation() throws Exception {
        HistoryStore store = open(new Retention(5, null));
        for (int i = 0; i < 20; i++) {
            keep(store, LOBBY, "bob", "m" + i, clock.millis());
        }
        keep(store, DEV, "eve", "only one", clock.millis());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(texts(get(store.latest(LOBBY, 100)))).containsExactly("m15", "m16", "m17", "m18", "m19"));
        assertThat(texts(get(store.latest(DEV, 100)))).containsExactly("only one");
    }

    @Test
    void retentionByAgeDeletesOldMessages() throws Exception {
        HistoryStore store = open(new Retention(0, Duration.ofHours(1)));
        keep(store, LOBBY, "bob", "old", clock.millis() - Duration.ofHours(2).toMillis());
        keep(store, LOBBY, "bob", "new", clock.millis());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(texts(get(store.latest(LOBBY, 100)))).containsExactly("new"));
        clock.advance(Duration.ofMinutes(90));
        keep(store, LOBBY, "bob", "newer", clock.millis());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(texts(get(store.latest(LOBBY, 100)))).containsExactly("newer"));
    }
}
