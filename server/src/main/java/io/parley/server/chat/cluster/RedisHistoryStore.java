package io.parley.server.chat.cluster;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.parley.server.chat.Cluster;
import io.parley.server.chat.history.HistoryStore;
import io.parley.server.chat.history.MessageIds;
import io.parley.server.chat.history.StoreStatus;
import io.parley.server.chat.history.StoredMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The history of a chat of several servers: one Redis stream per conversation
 * ({@code parley:{#room}:log}, {@code parley:{@a b}:log}), entry id {@code ID-0} for message id ID,
 * so any server answers {@code /history}, replays on join and serves a resume.
 *
 * <p>Only reads go through this interface. A message is written by the script that also gives it
 * its id and publishes it ({@link RedisCluster}), so that its id, its place in the stream and its
 * place in the room's channel are one step: {@link #ids()} and {@link #append} are not used in a
 * cluster, and say so if called.
 */
public final class RedisHistoryStore implements HistoryStore {
    private final RedisCluster cluster;

    RedisHistoryStore(RedisCluster cluster) {
        this.cluster = cluster;
    }

    /** The stream key of a conversation ({@code #room} or {@code @a b}); the braces keep a room's keys on one Redis Cluster shard. */
    static String log(String conversation) {
        return "parley:{" + conversation + "}:log";
    }

    /** The key of a conversation's counters: the last id and the last time given. */
    static String meta(String conversation) {
        return "parley:{" + conversation + "}:meta";
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public void open() {
        // the cluster connects before the server listens
    }

    @Override
    public MessageIds ids() {
        throw new UnsupportedOperationException("in a cluster, ids are given by Redis as a message is published");
    }

    @Override
    public CompletableFuture<Void> append(List<StoredMessage> batch) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException("in a cluster, messages are kept by the script that publishes them"));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> before(String conversation, long beforeId, int limit) {
        if (beforeId <= 1) {
            return CompletableFuture.completedFuture(List.of());
        }
        Range.Boundary<String> upper = beforeId == Long.MAX_VALUE ? Range.Boundary.unbounded()
                : Range.Boundary.including((beforeId - 1) + "-0");
        return cluster.redis().xrevrange(log(conversation), Range.from(Range.Boundary.unbounded(), upper),
                Limit.from(limit)).toCompletableFuture().thenApply(entries -> {
                    List<StoredMessage> messages = messages(conversation, entries);
                    Collections.reverse(messages);
                    return messages;
                });
    }

    @Override
    public CompletableFuture<List<StoredMessage>> after(String conversation, long afterId, int limit) {
        return range(conversation, afterId, limit);
    }

    /** Up to {@code limit} messages of a conversation with ids above {@code afterId}, oldest first. */
    CompletableFuture<List<StoredMessage>> range(String conversation, long afterId, int limit) {
        return entries(conversation, afterId, limit).thenApply(entries -> messages(conversation, entries));
    }

    /** The same, as the stream's entries (with the server and session each came from). */
    CompletableFuture<List<StreamMessage<String, String>>> entries(String conversation, long afterId, int limit) {
        if (afterId == Long.MAX_VALUE) {
            return CompletableFuture.completedFuture(List.of());
        }
        return cluster.redis().xrange(log(conversation),
                Range.from(Range.Boundary.including((afterId + 1) + "-0"), Range.Boundary.unbounded()),
                Limit.from(limit)).toCompletableFuture();
    }

    private static List<StoredMessage> messages(String conversation, List<StreamMessage<String, String>> entries) {
        List<StoredMessage> messages = new ArrayList<>(entries.size());
        for (StreamMessage<String, String> entry : entries) {
            messages.add(message(conversation, entry));
        }
        return messages;
    }

    /** One stream entry as the history's message. */
    static StoredMessage message(String conversation, StreamMessage<String, String> entry) {
        Map<String, String> body = entry.getBody();
        return new StoredMessage(id(entry.getId()), conversation, Long.parseLong(body.get("t")), body.get("s"),
                body.get("r"), body.get("x"));
    }

    /** The message id of a stream entry id ({@code ID-0}). */
    static long id(String entryId) {
        int dash = entryId.indexOf('-');
        return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
    }

    @Override
    public int queued() {
        return cluster.pending();
    }

    @Override
    public StoreStatus status() {
        Cluster.Status s = cluster.status();
        return new StoreStatus(kind(), !s.connected(), s.error());
    }

    @Override
    public void close() {
        // the cluster closes the connection
    }
}
