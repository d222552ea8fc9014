package io.parley.server.chat.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.parley.server.metrics.ServerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store on a real database file in a temporary directory. */
class SqliteHistoryStoreTest extends HistoryStoreContract {
    @TempDir
    Path dir;
    private ServerMetrics metrics = ServerMetrics.disabled();

    @Override
    HistoryStore newStore(Retention retention) {
        return new SqliteHistoryStore(dir.resolve("data"), retention, clock, metrics.history());
    }

    /** Another connection to the same file, as an operator's sqlite3 shell would be. */
    private Connection outside() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve(SqliteHistoryStore.FILE));
    }

    @Test
    void durableMessagesSurviveAReopenAndIdsGoOnFromThem() throws Exception {
        HistoryStore first = newStore(Retention.FOREVER);
        first.open();
        StoredMessage m1 = keep(first, LOBBY, "bob", "one", clock.millis());
        StoredMessage m2 = keep(first, LOBBY, "alice", "two", clock.millis() + 1);
        first.close();

        HistoryStore again = open(Retention.FOREVER);
        assertThat(get(again.latest(LOBBY, 10))).containsExactly(m1, m2);
        assertThat(again.ids().next(LOBBY)).isGreaterThan(m2.id());
    }

    @Test
    void idsKeepIncreasingAfterRetentionDeletedEverything() throws Exception {
        HistoryStore first = newStore(new Retention(0, Duration.ofSeconds(1)));
        first.open();
        StoredMessage old = keep(first, LOBBY, "bob", "old", clock.millis() - 60_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(first.latest(LOBBY, 10)).isEmpty());
        first.close();
        HistoryStore again = open(Retention.FOREVER);
        assertThat(again.ids().next(LOBBY)).isGreaterThan(old.id());
    }

    @Test
    void aQuerySeesMessagesTakenButNotYetCommitted() throws Exception {
        HistoryStore store = open(Retention.FOREVER);
        keep(store, LOBBY, "bob", "committed", clock.millis());
        try (Connection other = outside(); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE"); // holds the write lock: the writer waits for it
            StoredMessage waiting = new StoredMessage(store.ids().next(LOBBY), LOBBY, clock.millis(), "bob", null, "waiting");
            CompletableFuture<Void> durable = store.append(List.of(waiting));
            Thread.sleep(200);
            assertThat(durable).isNotDone();
            assertThat(store.queued()).isEqualTo(1);
            assertThat(texts(get(store.latest(LOBBY, 10)))).containsExactly("committed", "waiting");
            assertThat(texts(get(store.after(LOBBY, 0, 10)))).containsExactly("committed", "waiting");
            s.execute("ROLLBACK");
            durable.get(10, TimeUnit.SECONDS);
        }
        assertThat(store.queued()).isZero();
        assertThat(texts(get(store.latest(LOBBY, 10)))).containsExactly("committed", "waiting");
    }

    @Test
    void aStoreThatCannotWriteSaysSoAndRecovers() throws Exception {
        metrics = ServerMetrics.forServer();
        HistoryStore store = open(Retention.FOREVER);
        CompletableFuture<Void> lost;
        try (Connection other = outside(); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            StoredMessage m = new StoredMessage(store.ids().next(LOBBY), LOBBY, clock.millis(), "bob", null, "lost");
            lost = store.append(List.of(m));
            // three tries, each waiting out the busy timeout, then the batch is given up
            assertThatThrownBy(() -> lost.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("SQLITE_BUSY");
            assertThat(store.status().failing()).isTrue();
            assertThat(store.status().lastError()).contains("locked");
            assertThat(get(store.latest(LOBBY, 10))).as("a message given up is in no answer").isEmpty();
            s.execute("ROLLBACK");
        }
        String scrape = metrics.prometheus().scrape();
        assertThat(scrape).contains("parley_history_errors_total{op=\"write\"} 3.0", "parley_history_dropped_total 1.0");
        keep(store, LOBBY, "bob", "kept", clock.millis());
        assertThat(store.status().failing()).isFalse();
        assertThat(texts(get(store.latest(LOBBY, 10)))).containsExactly("kept");
        assertThat(metrics.prometheus().scrape()).contains("parley_history_stored_total 1.0",
                "parley_history_batch_size_messages_count 1");
        metrics.close();
    }

    @Test
    void aDataDirectoryThatCannotBeMadeIsAClearErrorAtOpen() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "not a directory");
        HistoryStore store = newStore(Retention.FOREVER);
        assertThatThrownBy(store::open).isInstanceOf(HistoryStoreException.class)
                .hasMessageStartingWith("cannot create the data directory " + file.toAbsolutePath());
    }

    @Test
    void aFileThatIsNoDatabaseIsAClearErrorAtOpen() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve(SqliteHistoryStore.FILE), "x".repeat(5000));
        HistoryStore store = newStore(Retention.FOREVER);
        assertThatThrownBy(store::open).isInstanceOf(HistoryStoreException.class)
                .hasMessageContaining("cannot use the history database")
                .hasMessageContaining(SqliteHistoryStore.FILE);
    }

    @Test
    void aReadOnlyDataDirectoryIsAClearErrorAtOpen() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        assertThat(data.toFile().setWritable(false, false)).isTrue();
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(data), "root writes to read-only directories");
            HistoryStore store = newStore(Retention.FOREVER);
            assertThatThrownBy(store::open).isInstanceOf(HistoryStoreException.class)
                    .hasMessageContaining("cannot write to the data directory " + data.toAbsolutePath());
        } finally {
            data.toFile().setWritable(true, false);
        }
    }

    @Test
    void twoServersCannotShareADataDirectory() {
        open(Retention.FOREVER);
        HistoryStore second = newStore(Retention.FOREVER);
        assertThatThrownBy(second::open).isInstanceOf(HistoryStoreException.class)
                .hasMessageStartingWith("another Parley server is using the data directory");
    }

    @Test
    void closeWritesWhatWasTakenFirst() throws Exception {
        HistoryStore store = newStore(Retention.FOREVER);
        store.open();
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 500; i++) {
            last = store.append(List.of(new StoredMessage(store.ids().next(LOBBY), LOBBY, clock.millis(), "bob", null, "m" + i)));
        }
        store.close();
        assertThat(last).isCompleted();
        assertThat(last.isCompletedExceptionally()).isFalse();
        HistoryStore again = open(Retention.FOREVER);
        assertThat(get(again.latest(LOBBY, 1000))).hasSize(500);
    }
}
