package io.parley.server.chat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.protocol.ServerLine;
import io.parley.protocol.Tags;
import io.parley.server.chat.history.Conversations;
import io.parley.server.chat.history.StoredMessage;
import io.parley.server.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A room: the members who see each other's messages.
 *
 * <p>Delivery is split by event loop. Each loop keeps its own list of this room's members (a
 * {@link Shard}) and only that loop touches it, so a broadcast is one task per loop, not one per
 * recipient. Members join and leave on their own loop.
 *
 * <p>Order. Every line for the room (chat and notices) is published under one small lock, the
 * room's {@code order}: a chat line gets its id and time there, is handed to the history store
 * there, and is put in the inbox of every shard there, the sender's own included. So each inbox
 * holds the room's lines in id order and every member sees them in that order, whichever loops
 * the senders are on. Nothing under the lock wakes a thread: after it, each shard with new lines
 * gets one drain task on its loop, unless one is already queued (many lines, one task). A joining
 * member enters its shard through the same inbox: it gets exactly the lines published after it
 * joined, and the replay of the lines published before (read from the history) goes out ahead of
 * them, with no gap and no duplicate; live lines that arrive meanwhile are held for it.
 */
public final class Room {
    /** Most live lines held for a member while its replay is read; past that the replay is given up. */
    static final int MAX_HELD = 10_000;
    /** How long live lines wait for a replay before the replay is given up. */
    static final long REPLAY_TIMEOUT_MILLIS = 5000;

    private final String name;
    private final String conversation;
    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    private final Function<EventExecutor, LoopFlusher> flushers;
    private final ServerMetrics metrics;
    private final ByteBufAllocator alloc;
    private final ChatHistory history;
    private final BooleanSupplier stopping;
    /** Guards what follows: ids, times and the queueing of deliveries happen in one order. */
    private final Object order = new Object();
    private final Map<EventExecutor, Shard> shards = new HashMap<>();
    private Shard[] shardList = new Shard[0];
    private long lastId;
    /** The first id published through this room object, 0 until then; see {@link #firstId()}. */
    private volatile long firstId;
    private long lastTime;

    /** @param stopping true once the server stops: deliveries still queued are dropped */
    Room(String name, Function<EventExecutor, LoopFlusher> flushers, ServerMetrics metrics, ByteBufAllocator alloc,
         ChatHistory history, BooleanSupplier stopping) {
        this.name = name;
        this.conversation = Conversations.room(name);
        this.flushers = flushers;
        this.metrics = metrics;
        this.alloc = alloc;
        this.history = history;
        this.stopping = stopping;
    }

    public String name() {
        return name;
    }

    /** The history key of this room. */
    String conversation() {
        return conversation;
    }

    public int size() {
        return members.size();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    public Collection<Member> members() {
        return Collections.unmodifiableSet(members);
    }

    /**
     * Called on the member's executor. Its shard admits it after every line already queued to
     * that loop. When the history replays to it, its live lines are held until {@link #release};
     * {@link Member#replayBound} is then the last id published here before it joined (0 if none
     * since this room object was made).
     */
    void add(Member member) {
        boolean hold = history.replays(member);
        int join = ++member.joins;
        Shard shard;
        synchronized (order) {
            members.add(member);
            shard = shard(member.executor());
            shard.count++;
            member.replayBound = lastId;
            shard.inbox.offer(new Admit(member, join, hold));
        }
        shard.schedule();
    }

    /**
     * The first id published through this room object, 0 if none yet. A member admitted before any
     * (its {@link Member#replayBound} is 0) gets every one of them live, so its replay, read from
     * the store afterwards, must stop before this id.
     */
    long firstId() {
        return firstId;
    }

    /** Called on the member's executor. */
    void remove(Member member) {
        members.remove(member);
        Shard shard;
        synchronized (order) {
            shard = shards.get(member.executor());
            if (shard != null) {
                shard.count--;
            }
        }
        if (shard != null) {
            shard.drop(member);
        }
    }

    /**
     * A chat line from {@code from}, on its executor: it gets its id and time, goes to the history
     * and to every member but the sender, in id order.
     */
    ChatHistory.Kept say(Member from, String text) {
        String line = ServerLine.chat(from.name(), text);
        ByteBuf encoded = ServerLine.encode(alloc, line);
        ChatHistory.Kept kept;
        Shard[] to;
        try {
            synchronized (order) {
                long id = history.ids().next(conversation);
                long time = Math.max(history.now(), lastTime); // never back in time within a room
                lastId = id;
                if (firstId == 0) {
                    firstId = id;
                }
                lastTime = time;
                StoredMessage message = new StoredMessage(id, conversation, time, from.name(), null, text);
                kept = new ChatHistory.Kept(message, history.keep(message));
                to = publish(new Delivery(id, time, name, line, encoded, from));
            }
        } finally {
            encoded.release();
        }
        schedule(to);
        return kept;
    }

    /**
     * A chat line that got its id and time from the one order a cluster keeps for this room (see
     * {@link Cluster}), delivered as {@link #say} delivers: to every member but {@code except}, in
     * the order of the calls. Call in id order.
     */
    public void deliver(StoredMessage message, Member except) {
        String line = ServerLine.chat(message.sender(), message.text());
        ByteBuf encoded = ServerLine.encode(alloc, line);
        Shard[] to;
        try {
            synchronized (order) {
                lastId = message.id();
                lastTime = message.time();
                to = publish(new Delivery(message.id(), message.time(), name, line, encoded, except));
            }
        } finally {
            encoded.release();
        }
        schedule(to);
    }

    /**
     * Writes one encoded line (a notice: no id, not kept) to every member but {@code except}.
     * Takes over the caller's reference to {@code line}: each loop's task holds one reference,
     * and the bytes are shared.
     */
    public void broadcast(ByteBuf line, Member except) {
        Shard[] to;
        try {
            synchronized (order) {
                to = publish(new Delivery(0, 0, name, null, line, except));
            }
        } finally {
            line.release();
        }
        schedule(to);
    }

    /**
     * Under {@code order}: puts the line in the inbox of every shard with members (each holding a
     * reference to the bytes). Returns the shards to schedule once the lock is released.
     */
    private Shard[] publish(Delivery delivery) {
        for (Shard shard : shardList) {
            if (shard.count > 0) { // nothing for a loop with nobody in this room
                delivery.encoded.retain();
                shard.inbox.offer(new Routed(delivery, shard.executor.inEventLoop()));
            }
        }
        return shardList;
    }

    /** Outside {@code order}: a drain task for each shard that needs one. */
    private static void schedule(Shard[] shards) {
        for (Shard shard : shards) {
            if (!shard.inbox.isEmpty()) {
                shard.schedule();
            }
        }
    }

    /**
     * Delivers now, on the member's executor, what the room has queued for the member's loop, rather
     * than when the loop's drain task runs: so that an answer built right after sees every line
     * published before it (a lock-step UDP answer). Safe to call at any time on that loop.
     */
    public void deliverQueued(Member member) {
        Shard shard;
        synchronized (order) {
            shard = shards.get(member.executor());
        }
        if (shard != null && shard.executor.inEventLoop()) {
            shard.run();
        }
    }

    /**
     * Ends the hold of a member admitted for a replay, on its executor: {@code replay} gets the id
     * of the first live line held (0 if none) and sends the replay of what came before it; then
     * the held lines follow and the member is live. Does nothing if the member left or joined again.
     */
    void release(Member member, int join, LongConsumer replay) {
        Shard shard;
        synchronized (order) {
            shard = shards.get(member.executor());
        }
        if (shard != null) {
            shard.release(member, join, replay);
        }
    }

    /** Under {@code order}. */
    private Shard shard(EventExecutor executor) {
        Shard shard = shards.get(executor);
        if (shard == null) {
            shard = new Shard(executor, flushers.apply(executor));
            shards.put(executor, shard);
            Shard[] grown = Arrays.copyOf(shardList, shardList.length + 1);
            grown[shardList.length] = shard;
            shardList = grown;
        }
        return shard;
    }

    /** One line for the room: a chat message ({@code id > 0}) or a notice. */
    private static final class Delivery {
        final long id;
        final long time;
        final String room;
        final String line; // chat only: the untagged line, for the tagged form
        final ByteBuf encoded;
        final Member except;

        Delivery(long id, long time, String room, String line, ByteBuf encoded, Member except) {
            this.id = id;
            this.time = time;
            this.room = room;
            this.line = line;
            this.encoded = encoded;
            this.except = except;
        }

        ByteBuf encodeTagged(ByteBufAllocator alloc) {
            return ServerLine.encode(alloc, Tags.tag(Tags.message(id, time, room, null, null), line));
        }
    }

    /** A delivery as one shard's inbox holds it: {@code local} if its bytes were allocated on that shard's loop. */
    private record Routed(Delivery delivery, boolean local) {
    }

    /** A member entering its shard, in line with the deliveries. */
    private record Admit(Member member, int join, boolean hold) {
    }

    /** A member admitted while its replay is read, and the live lines held for it meanwhile. */
    private static final class Held {
        final int join;
        final List<ByteBuf> lines = new ArrayList<>();
        long firstId;
        ScheduledFuture<?> timeout;

        Held(int join) {
            this.join = join;
        }

        void releaseLines() {
            for (ByteBuf line : lines) {
                line.release();
            }
            lines.clear();
        }
    }

    /**
     * The room's members on one event loop. The inbox is filled under {@code order} by any thread
     * and drained by {@link #run} on the shard's loop; everything else runs on that loop.
     */
    private final class Shard implements Runnable {
        private final EventExecutor executor;
        private final LoopFlusher flusher;
        private final List<Member> live = new ArrayList<>();
        private final Map<Member, Held> held = new LinkedHashMap<>();
        /** {@link Routed} lines and {@link Admit}s, in the room's order. */
        final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
        /** A drain task is queued on the loop and has not started. */
        private final AtomicBoolean scheduled = new AtomicBoolean();
        /** Members added and not removed, admitted or not yet; under {@code order}. */
        int count;

        Shard(EventExecutor executor, LoopFlusher flusher) {
            this.executor = executor;
            this.flusher = flusher;
        }

        /** Any thread, outside {@code order}: makes sure a drain task will run after the inbox was filled. */
        void schedule() {
            if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
                try {
                    executor.execute(this);
                } catch (RejectedExecutionException shuttingDown) {
                    discard(); // the loop is gone, and with it everyone on it
                }
            }
        }

        /** Drains the inbox in order. A line offered after the poll that ends it schedules another drain. */
        @Override
        public void run() {
            scheduled.set(false);
            if (stopping.getAsBoolean()) {
                // The server is stopping: the loop's time goes to the goodbyes, not to a backlog
                // of deliveries a busy server may have queued.
                discard();
                return;
            }
            for (Object next; (next = inbox.poll()) != null; ) {
                if (next instanceof Routed r) {
                    deliver(r.delivery(), r.local());
                } else {
                    Admit a = (Admit) next;
                    admit(a.member(), a.join(), a.hold());
                }
            }
        }

        private void discard() {
            for (Object next; (next = inbox.poll()) != null; ) {
                if (next instanceof Routed r) {
                    r.delivery().encoded.release();
                }
            }
        }

        void admit(Member member, int join, boolean hold) {
            if (member.joins != join || member.room() != Room.this) {
                return; // it left, or joined again, before this ran
            }
            if (hold) {
                Held h = new Held(join);
                held.put(member, h);
                h.timeout = executor.schedule(() -> release(member, join, null), REPLAY_TIMEOUT_MILLIS,
                        TimeUnit.MILLISECONDS);
            } else {
                live.add(member);
            }
        }

        void release(Member member, int join, LongConsumer replay) {
            Held h = held.get(member);
            if (h == null || h.join != join) {
                return;
            }
            held.remove(member);
            if (h.timeout != null) {
                h.timeout.cancel(false);
            }
            if (replay != null) {
                replay.accept(h.firstId);
            }
            for (ByteBuf line : h.lines) {
                member.write(line);
            }
            if (!h.lines.isEmpty()) {
                flusher.flushLater(member);
                metrics.delivered(h.lines.size());
            }
            h.releaseLines();
            live.add(member);
        }

        void drop(Member member) {
            live.remove(member);
            Held h = held.remove(member);
            if (h != null) {
                if (h.timeout != null) {
                    h.timeout.cancel(false);
                }
                h.releaseLines();
            }
        }

        private void deliver(Delivery d, boolean local) {
            ByteBuf plain = local ? d.encoded : localCopy(d.encoded);
            ByteBuf tagged = null;
            try {
                int recipients = 0;
                for (int i = 0; i < live.size(); i++) {
                    Member member = live.get(i);
                    if (member != d.except) {
                        ByteBuf out = plain;
                        if (member.tags && d.id != 0) {
                            if (tagged == null) {
                                tagged = d.encodeTagged(alloc);
                            }
                            out = tagged;
                        }
                        member.write(out);
                        flusher.flushLater(member);
                        recipients++;
                    }
                }
                metrics.delivered(recipients); // once per loop and broadcast, not per recipient
                if (!held.isEmpty()) {
                    tagged = hold(d, plain, tagged);
                }
            } finally {
                plain.release();
                if (tagged != null) {
                    tagged.release();
                }
            }
        }

        /** Keeps a line for each member whose replay is not out yet. Returns the tagged form if made. */
        private ByteBuf hold(Delivery d, ByteBuf plain, ByteBuf tagged) {
            List<Member> overflowing = null;
            for (Map.Entry<Member, Held> e : held.entrySet()) {
                Member member = e.getKey();
                if (member == d.except) {
                    continue;
                }
                Held h = e.getValue();
                ByteBuf out = plain;
                if (member.tags && d.id != 0) {
                    if (tagged == null) {
                        tagged = d.encodeTagged(alloc);
                    }
                    out = tagged;
                }
                h.lines.add(out.retain());
                if (h.firstId == 0 && d.id != 0) {
                    h.firstId = d.id;
                }
                if (h.lines.size() > MAX_HELD) {
                    if (overflowing == null) {
                        overflowing = new ArrayList<>();
                    }
                    overflowing.add(member);
                }
            }
            if (overflowing != null) {
                for (Member member : overflowing) {
                    release(member, held.get(member).join, null); // no replay rather than unbounded memory
                }
            }
            return tagged;
        }

        /**
         * This loop's own copy of a line from another loop, in its own buffer cache: the many
         * reference counts its recipients take then stay on this core instead of bouncing between
         * cores on the sender's buffer. Releases {@code line}.
         */
        private ByteBuf localCopy(ByteBuf line) {
            try {
                return alloc.directBuffer(line.readableBytes()).writeBytes(line, line.readerIndex(),
                        line.readableBytes());
            } finally {
                line.release();
            }
        }
    }
}
