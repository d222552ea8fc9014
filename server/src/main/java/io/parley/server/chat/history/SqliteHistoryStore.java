package io.parley.server.chat.history;

import io.parley.server.metrics.HistoryMeters;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The durable history: one SQLite file, {@code parley.db}, in the data directory, in WAL mode with
 * {@code synchronous=FULL}, so a committed transaction is on disk.
 *
 * <p>Threads. Event loops only queue: {@link #append} puts the messages on a lock-free queue and
 * in a map of messages not yet durable, and wakes the writer if it sleeps. One <b>writer</b>
 * thread takes everything queued (up to {@value #MAX_BATCH} messages), writes it in one
 * transaction, commits (one fsync for the whole batch), then completes the batch's futures: that
 * is when senders get their acknowledgement. Between batches it applies retention. One
 * <b>reader</b> thread, on a connection of its own (WAL lets it read while the writer writes),
 * answers queries; it merges what is not yet committed, so a query sees every message appended
 * before it started.
 *
 * <p>Failures. A batch that cannot be written is tried three times, then its messages are given
 * up (counted in {@code parley_history_dropped_total}; their senders get no acknowledgement). Errors
 * are logged at most every ten seconds, counted, and shown by {@link #status()}; chat goes on.
 * When more than {@value #MAX_QUEUED} messages wait (the disk stalled), new ones are not kept.
 */
public final class SqliteHistoryStore implements HistoryStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteHistoryStore.class);
    public static final String FILE = "parley.db";
    static final String LOCK_FILE = "parley.lock";
    private static final int SCHEMA_VERSION = 1;
    /** Most messages written in one transaction. */
    static final int MAX_BATCH = 2000;
    /** Most messages waiting for the writer; past it new messages are not kept. */
    static final int MAX_QUEUED = 100_000;
    /** How long a write waits for a lock another process holds (an sqlite3 shell, say) before it fails. */
    static final int BUSY_TIMEOUT_MILLIS = 1000;
    /** Waits before the second and third try of a batch that failed. */
    private static final long[] RETRY_MILLIS = {100, 1000};
    private static final int READ_QUEUE = 1000;
    private static final int DELETE_CHUNK = 5000;
    private static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * While messages come, the writer looks for more this often, so that one transaction (one
     * fsync) carries what came meanwhile; an acknowledgement waits at most this long for it...
     */
    private static final int GATHER_MILLIS = 10;
    /** ...until none came for this long; then it sleeps until an append wakes it. */
    private static final int LINGER_MILLIS = 100;
    private static final long AGE_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path dir;
    private final Path file;
    private final Retention retention;
    private final Clock clock;
    private final HistoryMeters meters;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Taken, not yet committed (or given up): what queries merge in. */
    private final ConcurrentSkipListMap<Long, StoredMessage> uncommitted = new ConcurrentSkipListMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final ThrottledLog errors = new ThrottledLog(log, 10, TimeUnit.SECONDS);
    private volatile boolean writerParked;
    private volatile boolean closing;
    /** The last write (or retention) error and the last read error, until the next success of the same kind. */
    private volatile String writeError;
    private volatile String readError;
    private LocalMessageIds ids;
    private FileChannel lockChannel;
    private FileLock lock;
    private Connection writeConnection;
    private Connection readConnection;
    private Thread writer;
    private ThreadPoolExecutor reader;

    // Used on the writer thread only.
    private PreparedStatement insert;
    private PreparedStatement saveLastId;
    private final Map<String, Integer> sinceTrim = new HashMap<>();
    private long nextAgeSweepNanos = System.nanoTime();
    // Used on the reader thread only.
    private PreparedStatement selectBefore;
    private PreparedStatement selectAfter;

    private record Pending(List<StoredMessage> batch, CompletableFuture<Void> durable) {
    }

    public SqliteHistoryStore(Path dataDir, Retention retention, Clock clock, HistoryMeters meters) {
        this.dir = dataDir.toAbsolutePath().normalize();
        this.file = dir.resolve(FILE);
        this.retention = retention;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public String kind() {
        return "sqlite";
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public void open() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new HistoryStoreException("cannot create the data directory " + dir + ": " + describe(e), e);
        }
        lockDataDir();
        try {
            writeConnection = connect();
            writeConnection.setAutoCommit(false);
            long lastId = createSchema(writeConnection);
            ids = new LocalMessageIds(lastId);
            insert = writeConnection.prepareStatement(
                    "INSERT INTO messages(id, conv, time, sender, recipient, text) VALUES (?, ?, ?, ?, ?, ?)");
            saveLastId = writeConnection.prepareStatement("INSERT INTO meta(key, value) VALUES ('last_id', ?)"
                    + " ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)");
            saveLastId.setLong(1, lastId); // proves at start that the file can be written
            saveLastId.executeUpdate();
            writeConnection.commit();
            readConnection = connect();
            try (Statement s = readConnection.createStatement()) {
                s.execute("PRAGMA query_only = 1");
            }
            selectBefore = readConnection.prepareStatement("SELECT id, time, sender, recipient, text FROM messages"
                    + " WHERE conv = ? AND id < ? ORDER BY id DESC LIMIT ?");
            selectAfter = readConnection.prepareStatement("SELECT id, time, sender, recipient, text FROM messages"
                    + " WHERE conv = ? AND id > ? ORDER BY id LIMIT ?");
            for (String conv : conversations(writeConnection)) {
                sinceTrim.put(conv, Integer.MAX_VALUE); // retention looks at every conversation once after a start
            }
        } catch (SQLException e) {
            closeQuietly();
            throw new HistoryStoreException("cannot use the history database " + file + ": " + e.getMessage(), e);
        }
        writer = new Thread(this::runWriter, "parley-history-writer");
        writer.setDaemon(true);
        writer.start();
        reader = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(READ_QUEUE), r -> {
            Thread t = new Thread(r, "parley-history-reader");
            t.setDaemon(true);
            return t;
        });
        log.info("history kept in {} (SQLite, WAL); last message id {}", file, ids.last());
    }

    /** One server per data directory: a second one would hand out the same ids. */
    private void lockDataDir() {
        Path lockFile = dir.resolve(LOCK_FILE);
        try {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this process holds it already: another server in the same JVM
        } catch (IOException e) {
            closeQuietly();
            throw new HistoryStoreException("cannot write to the data directory " + dir + ": " + describe(e), e);
        }
        if (lock == null) {
            closeQuietly();
            throw new HistoryStoreException("another Parley server is using the data directory " + dir);
        }
    }

    private static String describe(IOException e) {
        String what = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? what : what + " " + e.getMessage();
    }

    private Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    /** Creates the tables if needed; returns the highest id ever given. */
    private static long createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            int version;
            try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                version = r.next() ? r.getInt(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                throw new SQLException("written by a newer Parley (schema " + version + ", this one knows "
                        + SCHEMA_VERSION + ")");
            }
            // id is the rowid: messages lie in id order. Pair conversations are "@a b", rooms "#room".
            s.execute("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, conv TEXT NOT NULL,"
                    + " time INTEGER NOT NULL, sender TEXT NOT NULL, recipient TEXT, text TEXT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS messages_by_conv ON messages(conv, id)");
            s.execute("CREATE INDEX IF NOT EXISTS messages_by_time ON messages(time)");
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
            c.commit();
            try (ResultSet r = s.executeQuery("SELECT max(coalesce((SELECT value FROM meta WHERE key = 'last_id'), 0),"
                    + " coalesce((SELECT max(id) FROM messages), 0))")) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    private static List<String> conversations(Connection c) throws SQLException {
        List<String> all = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT DISTINCT conv FROM messages")) {
            while (r.next()) {
                all.add(r.getString(1));
            }
        }
        c.commit();
        return all;
    }

    @Override
    public MessageIds ids() {
        return ids;
    }

    @Override
    public CompletableFuture<Void> append(List<StoredMessage> batch) {
        if (closing) {
            meters.dropped(batch.size());
            return CompletableFuture.failedFuture(new HistoryStoreException("history store closed"));
        }
        if (queued.get() >= MAX_QUEUED) {
            meters.dropped(batch.size());
            HistoryStoreException full = new HistoryStoreException(MAX_QUEUED + " messages wait for the disk");
            writeError = failed("history: message not kept", full);
            return CompletableFuture.failedFuture(full);
        }
        for (StoredMessage m : batch) {
            uncommitted.put(m.id(), m);
        }
        CompletableFuture<Void> durable = new CompletableFuture<>();
        queued.addAndGet(batch.size());
        queue.offer(new Pending(batch, durable));
        if (writerParked) {
            writerParked = false;
            LockSupport.unpark(writer);
        }
        return durable;
    }

    // ---- the writer thread ----

    /**
     * Appends come from under rooms' order locks, where waking a thread would be costly (the
     * woken thread can take the core from the lock's holder). So while messages keep coming the
     * writer looks for them every {@value #GATHER_MILLIS} ms by itself, and only after
     * {@value #LINGER_MILLIS} ms without any does it sleep until an append wakes it. Looking every
     * few milliseconds rather than at once also makes the batches, and so the work per message,
     * smaller the more messages come: a transaction costs about the same for one message as for
     * fifty.
     */
    private void runWriter() {
        List<Pending> taken = new ArrayList<>();
        long lastBatch = System.nanoTime();
        for (;;) {
            int messages = 0;
            for (Pending p; messages < MAX_BATCH && (p = queue.poll()) != null; ) {
                taken.add(p);
                messages += p.batch().size();
            }
            if (!taken.isEmpty()) {
                write(taken, messages);
                taken.clear();
                applyRetention();
                lastBatch = System.nanoTime();
                continue;
            }
            if (closing) {
                return;
            }
            if (System.nanoTime() - lastBatch < TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS)) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(GATHER_MILLIS));
                continue;
            }
            applyRetention();
            writerParked = true;
            if (queue.isEmpty() && !closing) {
                LockSupport.parkNanos(this, MAX_SLEEP_NANOS);
            }
            writerParked = false;
        }
    }

    private void write(List<Pending> taken, int messages) {
        long start = System.nanoTime();
        SQLException failure = null;
        for (int attempt = 0; ; attempt++) {
            try {
                insertAll(taken);
                failure = null;
                break;
            } catch (SQLException e) {
                failure = e;
                rollbackQuietly();
                meters.writeFailed();
                writeError = failed("history: cannot write " + messages + " messages to " + file, e);
                if (attempt == RETRY_MILLIS.length) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS[attempt]));
            }
        }
        if (failure == null) {
            meters.committed(messages, System.nanoTime() - start);
            meters.stored(messages);
            if (writeError != null) {
                writeError = null;
                log.info("history: writing to {} works again", file);
            }
        } else {
            meters.dropped(messages);
        }
        queued.addAndGet(-messages);
        for (Pending p : taken) {
            for (StoredMessage m : p.batch()) {
                uncommitted.remove(m.id());
                if (failure == null && retention.byCount()) {
                    sinceTrim.merge(m.conversation(), 1, (a, b) -> a == Integer.MAX_VALUE ? a : a + b);
                }
            }
            if (failure == null) {
                p.durable().complete(null);
            } else {
                p.durable().completeExceptionally(failure);
            }
        }
    }

    private void insertAll(List<Pending> taken) throws SQLException {
        long maxId = 0;
        for (Pending p : taken) {
            for (StoredMessage m : p.batch()) {
                insert.setLong(1, m.id());
                insert.setString(2, m.conversation());
                insert.setLong(3, m.time());
                insert.setString(4, m.sender());
                insert.setString(5, m.recipient());
                insert.setString(6, m.text());
                insert.addBatch();
                maxId = Math.max(maxId, m.id());
            }
        }
        insert.executeBatch();
        saveLastId.setLong(1, maxId);
        saveLastId.executeUpdate();
        writeConnection.commit();
    }

    private void rollbackQuietly() {
        try {
            insert.clearBatch();
            writeConnection.rollback();
        } catch (SQLException ignored) {
            // the next batch starts a transaction of its own
        }
    }

    /** Deletes what retention no longer keeps, in chunks, so that writes never wait long. */
    private void applyRetention() {
        try {
            if (retention.byCount() && !sinceTrim.isEmpty()) {
                int threshold = Math.max(1, Math.min(1000, retention.keep() / 10));
                for (Iterator<Map.Entry<String, Integer>> i = sinceTrim.entrySet().iterator(); i.hasNext(); ) {
                    Map.Entry<String, Integer> e = i.next();
                    if (e.getValue() >= threshold) {
                        trim(e.getKey());
                        i.remove();
                        if (!queue.isEmpty()) {
                            return; // messages wait: write them first
                        }
                    }
                }
            }
            // Once a second: with the index on time, finding nothing to delete costs one lookup.
            if (retention.byAge() && System.nanoTime() - nextAgeSweepNanos >= 0) {
                long cutoff = clock.millis() - retention.maxAge().toMillis();
                if (deleteChunks("DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE time < ? LIMIT "
                        + DELETE_CHUNK + ")", cutoff, null)) {
                    nextAgeSweepNanos = System.nanoTime() + AGE_SWEEP_NANOS;
                }
            }
        } catch (SQLException e) {
            rollbackQuietly();
            meters.retentionFailed();
            writeError = failed("history: retention failed on " + file, e);
        }
    }

    /** Keeps the newest {@code keep} messages of one conversation. */
    private void trim(String conv) throws SQLException {
        long boundary;
        try (PreparedStatement s = writeConnection.prepareStatement(
                "SELECT id FROM messages WHERE conv = ? ORDER BY id DESC LIMIT 1 OFFSET ?")) {
            s.setString(1, conv);
            s.setInt(2, retention.keep() - 1);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    writeConnection.commit();
                    return; // no more than keep
                }
                boundary = r.getLong(1);
            }
        }
        deleteChunks("DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE conv = ? AND id < ? LIMIT "
                + DELETE_CHUNK + ")", boundary, conv);
    }

    /**
     * Runs a chunked delete until it deletes less than a chunk; true when done, false when it
     * stopped early because messages wait to be written.
     */
    private boolean deleteChunks(String sql, long bound, String conv) throws SQLException {
        try (PreparedStatement s = writeConnection.prepareStatement(sql)) {
            for (;;) {
                int i = 1;
                if (conv != null) {
                    s.setString(i++, conv);
                }
                s.setLong(i, bound);
                int deleted = s.executeUpdate();
                writeConnection.commit();
                if (deleted > 0) {
                    meters.deleted(deleted);
                }
                if (deleted < DELETE_CHUNK) {
                    return true;
                }
                if (!queue.isEmpty()) {
                    return false;
                }
            }
        }
    }

    // ---- the reader thread ----

    @Override
    public CompletableFuture<List<StoredMessage>> before(String conversation, long beforeId, int limit) {
        return read(() -> {
            TreeMap<Long, StoredMessage> found = pending(conversation, id -> id < beforeId);
            selectBefore.setString(1, conversation);
            selectBefore.setLong(2, beforeId);
            selectBefore.setInt(3, limit);
            collect(selectBefore, conversation, found);
            while (found.size() > limit) {
                found.pollFirstEntry();
            }
            return new ArrayList<>(found.values());
        });
    }

    @Override
    public CompletableFuture<List<StoredMessage>> after(String conversation, long afterId, int limit) {
        return read(() -> {
            TreeMap<Long, StoredMessage> found = pending(conversation, id -> id > afterId);
            selectAfter.setString(1, conversation);
            selectAfter.setLong(2, afterId);
            selectAfter.setInt(3, limit);
            collect(selectAfter, conversation, found);
            while (found.size() > limit) {
                found.pollLastEntry();
            }
            return new ArrayList<>(found.values());
        });
    }

    private interface Query {
        List<StoredMessage> run() throws SQLException;
    }

    private CompletableFuture<List<StoredMessage>> read(Query query) {
        CompletableFuture<List<StoredMessage>> result = new CompletableFuture<>();
        try {
            reader.execute(() -> {
                try {
                    result.complete(query.run());
                    readError = null;
                } catch (SQLException | RuntimeException e) {
                    meters.readFailed();
                    readError = failed("history: cannot read " + file, e);
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new HistoryStoreException("too many history queries waiting"));
        }
        return result;
    }

    /**
     * Messages of the conversation taken but not yet committed. Read before the database: one
     * committed in between is then in both (and counted once), never in neither.
     */
    private TreeMap<Long, StoredMessage> pending(String conversation, LongPredicate wanted) {
        TreeMap<Long, StoredMessage> found = new TreeMap<>();
        for (StoredMessage m : uncommitted.values()) {
            if (m.conversation().equals(conversation) && wanted.test(m.id())) {
                found.put(m.id(), m);
            }
        }
        return found;
    }

    private static void collect(PreparedStatement query, String conversation, TreeMap<Long, StoredMessage> into)
            throws SQLException {
        try (ResultSet r = query.executeQuery()) {
            while (r.next()) {
                long id = r.getLong(1);
                into.putIfAbsent(id, new StoredMessage(id, conversation, r.getLong(2), r.getString(3), r.getString(4),
                        r.getString(5)));
            }
        }
    }

    // ---- status and closing ----

    /** Logs (throttled) and returns the text {@link #status()} shows. */
    private String failed(String what, Exception e) {
        errors.error(what, e);
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public int queued() {
        return queued.get();
    }

    @Override
    public StoreStatus status() {
        String error = writeError != null ? writeError : readError;
        return new StoreStatus(kind(), error != null, error);
    }

    @Override
    public void close() {
        closing = true;
        if (writer != null) {
            LockSupport.unpark(writer);
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (writer.isAlive()) {
                log.warn("history: the writer did not finish within 30 s; {} messages may not be kept", queued.get());
            }
        }
        if (reader != null) {
            reader.shutdown();
            try {
                reader.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        for (AutoCloseable c : new AutoCloseable[] {readConnection, writeConnection, lock, lockChannel}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing anyway
                }
            }
        }
        readConnection = null;
        writeConnection = null;
        lock = null;
        lockChannel = null;
    }
}
