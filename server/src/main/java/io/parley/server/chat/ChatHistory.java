package io.parley.server.chat;

import io.parley.protocol.HistoryLines;
import io.parley.protocol.Names;
import io.parley.protocol.ServerLine;
import io.parley.protocol.Tags;
import io.parley.server.chat.history.Conversations;
import io.parley.server.chat.history.HistoryStore;
import io.parley.server.chat.history.MemoryHistoryStore;
import io.parley.server.chat.history.MessageIds;
import io.parley.server.chat.history.Retention;
import io.parley.server.chat.history.StoredMessage;
import io.parley.server.metrics.ServerMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the chat does with its history: gives messages their ids and times and hands them to the
 * {@link HistoryStore}, acknowledges them to tagged senders once durable, replays a room's last
 * lines to a member who joins, and answers {@code /history}. Store results arrive on the store's
 * threads; everything sent to a member goes through its executor.
 */
public final class ChatHistory {
    private static final Logger log = LoggerFactory.getLogger(ChatHistory.class);
    public static final String USAGE = "usage: /history [@NAME] [after ID | before ID] [N] (N at most "
            + HistoryLines.MAX_MESSAGES + ")";
    static final String UNAVAILABLE = "history unavailable right now; try again later";

    private final HistoryStore store;
    private final Clock clock;
    private final int replay;
    private volatile BiConsumer<Member, List<String>> batchSent = (member, lines) -> { };

    /** A message handed to the store, and when it is durable. */
    record Kept(StoredMessage message, CompletableFuture<Void> durable) {
    }

    /**
     * @param replay messages a member gets on joining a room ({@code --replay}); 0 for none
     */
    public ChatHistory(HistoryStore store, Clock clock, int replay) {
        this.store = store;
        this.clock = clock;
        this.replay = replay;
    }

    /** History in memory, with the server's default limits: 10000 messages per conversation, 20 replayed on join. */
    public static ChatHistory inMemory(ServerMetrics metrics) {
        MemoryHistoryStore store = new MemoryHistoryStore(new Retention(10_000, null), Clock.systemUTC(), metrics.history());
        store.open();
        return new ChatHistory(store, Clock.systemUTC(), 20);
    }

    public HistoryStore store() {
        return store;
    }

    MessageIds ids() {
        return store.ids();
    }

    long now() {
        return clock.millis();
    }

    /** Hands a message to the store; never throws (a store that refuses fails the future). */
    CompletableFuture<Void> keep(StoredMessage message) {
        try {
            return store.append(List.of(message));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether a member joining a room gets a replay (and has its live lines held until then). */
    boolean replays(Member member) {
        return replay > 0 && !member.isDatagram();
    }

    // ---- live messages ----

    /** Sends the sender of a kept message, if it uses tags, its acknowledgement once the message is durable. */
    void acknowledge(Member sender, Kept kept, String room) {
        if (!sender.tags) {
            return;
        }
        StoredMessage m = kept.message();
        kept.durable().whenComplete((ok, failed) -> {
            if (failed == null) {
                sendAck(sender, m, room);
            }
        });
    }

    /** The same for a message whose id and time come with its durability (a shared cluster's). */
    public void acknowledge(Member sender, CompletableFuture<StoredMessage> kept, String room) {
        if (!sender.tags) {
            return;
        }
        kept.whenComplete((m, failed) -> {
            if (failed == null) {
                sendAck(sender, m, room);
            }
        });
    }

    private static void sendAck(Member sender, StoredMessage m, String room) {
        String line = Tags.tag(Tags.message(m.id(), m.time(), room, m.recipient(), Tags.ACK), liveForm(m));
        onLoop(sender, () -> sender.send(line));
    }

    /** A private message: kept under the pair's history, delivered to {@code to}, acknowledged to a tagged sender. */
    void sendPrivate(Member from, Member to, String text) {
        String toName = to.name();
        String conversation = Conversations.pair(from.name(), toName);
        StoredMessage m = new StoredMessage(ids().next(conversation), conversation, now(), from.name(), toName, text);
        Kept kept = new Kept(m, keep(m));
        String plain = liveForm(m);
        onLoop(to, () -> to.send(to.tags ? Tags.tag(Tags.message(m.id(), m.time(), null, toName, null), plain) : plain));
        acknowledge(from, kept, null);
    }

    /** A kept message as a member gets it live: {@code NAME : TEXT} or {@code @NAME : TEXT}. */
    public static String liveForm(StoredMessage m) {
        return m.isPrivate() ? ServerLine.privateMessage(m.sender(), m.text()) : ServerLine.chat(m.sender(), m.text());
    }

    /** Sends a batch of history lines and has it counted against the member's flood control. */
    private void sendBatch(Member member, List<String> lines) {
        member.sendBatch(lines);
        batchSent.accept(member, lines);
    }

    /** Called with every batch sent, on the member's executor: the chat charges it as an answer. */
    void onBatchSent(BiConsumer<Member, List<String>> meter) {
        this.batchSent = meter;
    }

    // ---- replay on join ----

    /**
     * Reads the room's last lines from before the member joined, then lets the room release the
     * member's held live lines behind them. Call on the member's executor right after it joined.
     */
    void replay(Member member, Room room) {
        replay(member, room, CompletableFuture.completedFuture(0L));
    }

    /**
     * The same, with the replay ending at {@code roomBound} if that is above the room's last id
     * when the member was admitted (see {@link Cluster#replayBound}).
     */
    void replay(Member member, Room room, CompletableFuture<Long> roomBound) {
        int join = member.joins;
        long admitted = member.replayBound;
        boolean tagged = member.tags;
        roomBound.whenComplete((fromCluster, unknown) -> {
            long bound = Math.max(admitted, fromCluster == null ? 0 : fromCluster);
            replay(member, room, join, bound, tagged);
        });
    }

    private void replay(Member member, Room room, int join, long bound, boolean tagged) {
        CompletableFuture<List<StoredMessage>> read;
        try {
            read = bound > 0 ? store.before(room.conversation(), bound + 1, replay)
                    : store.latest(room.conversation(), replay);
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((messages, failed) -> {
            if (failed != null) {
                log.debug("{}: no replay of {}: {}", member, room.name(), failed.toString());
            }
            onLoop(member, () -> room.release(member, join, firstLive -> {
                if (messages == null || messages.isEmpty()) {
                    return;
                }
                // Lines published since the member joined come live, held behind this replay: leave
                // them out. With no bound (nothing had been published through this room object when
                // the member joined), every line published through it since is live for the member,
                // its own lines included: the store may already hold them when it is read.
                long live = bound > 0 ? firstLive : firstPositive(firstLive, room.firstId());
                List<StoredMessage> before = live == 0 ? messages
                        : messages.stream().filter(m -> m.id() < live).toList();
                if (!before.isEmpty()) {
                    sendBatch(member, batch(tagged, room.name(), null, before));
                }
            }));
        });
    }

    /** The smaller of two ids, where 0 means none. */
    private static long firstPositive(long a, long b) {
        return a == 0 ? b : b == 0 ? a : Math.min(a, b);
    }

    // ---- /history ----

    /** A parsed {@code /history} request; {@code with} is the other party of a private conversation, or null. */
    record Request(String with, boolean after, long id, int count) {
    }

    /** Parses {@code [@NAME] [after ID | before ID] [N]}; null if it is not that shape. */
    static Request parse(String args) {
        String[] words = args.isBlank() ? new String[0] : args.strip().split("\\s+");
        int i = 0;
        String with = null;
        if (i < words.length && words[i].startsWith("@")) {
            with = words[i++].substring(1);
            if (!Names.isValid(with)) {
                return null;
            }
        }
        boolean after = false;
        long id = -1;
        if (i < words.length) {
            String word = words[i].toLowerCase(Locale.ROOT);
            if (word.equals("after") || word.equals("before")) {
                if (i + 1 >= words.length) {
                    return null;
                }
                after = word.equals("after");
                id = number(words[i + 1], Long.MAX_VALUE);
                if (id < 0) {
                    return null;
                }
                i += 2;
            }
        }
        int count = HistoryLines.DEFAULT_MESSAGES;
        if (i < words.length) {
            long n = number(words[i++], HistoryLines.MAX_MESSAGES);
            if (n < 1) {
                return null;
            }
            count = (int) n;
        }
        return i == words.length ? new Request(with, after, id, count) : null;
    }

    /** A decimal number from 0 to max, or -1. */
    private static long number(String word, long max) {
        if (word.isEmpty() || word.length() > 19) {
            return -1;
        }
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) < '0' || word.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            long n = Long.parseLong(word);
            return n <= max ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Answers a parsed {@code /history} of a named member with a batch, when the store has answered. */
    void answer(Member member, Request request) {
        boolean tagged = member.tags; // as when asked, whatever /tags says by the time the answer is read
        String room = request.with() == null ? member.room().name() : null;
        String conversation = room != null ? member.room().conversation()
                : Conversations.pair(member.name(), request.with());
        CompletableFuture<List<StoredMessage>> read;
        try {
            if (request.id() < 0) {
                read = store.latest(conversation, request.count());
            } else if (request.after()) {
                read = store.after(conversation, request.id(), request.count());
            } else {
                read = store.before(conversation, request.id(), request.count());
            }
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((messages, failed) -> onLoop(member, () -> {
            if (failed != null) {
                member.send(ServerLine.error(UNAVAILABLE));
            } else {
                sendBatch(member, batch(tagged, room, request.with(), messages));
            }
        }));
    }

    /** A history batch: header, messages, footer; with tags or without. */
    static List<String> batch(boolean tagged, String room, String with, List<StoredMessage> messages) {
        List<String> lines = new ArrayList<>(messages.size() + 2);
        String header = room != null ? HistoryLines.roomHeader(room, messages.size())
                : HistoryLines.pairHeader(with, messages.size());
        String block = tagged ? Tags.historyBatch(room, with) : null;
        lines.add(tagged ? Tags.tag(block, header) : header);
        for (StoredMessage m : messages) {
            if (tagged) {
                lines.add(Tags.tag(Tags.message(m.id(), m.time(), room, m.recipient(), Tags.HIST), liveForm(m)));
            } else if (m.isPrivate()) {
                lines.add(HistoryLines.privateMessage(m.time(), m.sender(), m.recipient(), m.text()));
            } else {
                lines.add(HistoryLines.roomMessage(m.time(), m.sender(), m.text()));
            }
        }
        lines.add(tagged ? Tags.tag(block, HistoryLines.END) : HistoryLines.END);
        return lines;
    }

    /** Runs {@code task} on the member's executor (nothing if that is stopping). */
    public static void onLoop(Member member, Runnable task) {
        try {
            member.executor().execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            // the member's loop is stopping: nobody to tell
        }
    }
}
