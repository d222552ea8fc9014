package io.parley.server.chat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.parley.server.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A room: the members who see each other's messages.
 *
 * <p>Delivery is split by event loop. Each loop keeps its own list of this room's members (a
 * {@link Shard}) and only that loop touches it, so a broadcast is one task per loop, not one per
 * recipient, and needs no lock. Members join and leave on their own loop.
 */
public final class Room {
    private final String name;
    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<EventExecutor, Shard> shards = new ConcurrentHashMap<>();
    private final Function<EventExecutor, LoopFlusher> flushers;
    private final ServerMetrics metrics;
    private final ByteBufAllocator alloc;
    private final BooleanSupplier stopping;

    /** @param stopping true once the server stops: deliveries still queued are dropped */
    Room(String name, Function<EventExecutor, LoopFlusher> flushers, ServerMetrics metrics, ByteBufAllocator alloc,
         BooleanSupplier stopping) {
        this.name = name;
        this.flushers = flushers;
        this.metrics = metrics;
        this.alloc = alloc;
        this.stopping = stopping;
    }

    public String name() {
        return name;
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

    /** Called on the member's executor. */
    void add(Member member) {
        members.add(member);
        shard(member.executor()).members.add(member);
    }

    /** Called on the member's executor. */
    void remove(Member member) {
        members.remove(member);
        Shard shard = shards.get(member.executor());
        if (shard != null) {
            shard.members.remove(member);
        }
    }

    /**
     * Writes one encoded line to every member but {@code except}. Takes over the caller's
     * reference to {@code line}: each loop's task holds one reference, and the bytes are shared.
     */
    void broadcast(ByteBuf line, Member except) {
        try {
            for (Shard shard : shards.values()) {
                shard.deliver(line, except);
            }
        } finally {
            line.release();
        }
    }

    private Shard shard(EventExecutor executor) {
        return shards.computeIfAbsent(executor, e -> new Shard(e, flushers.apply(e), metrics, alloc, stopping));
    }

    private static final class Shard {
        private final EventExecutor executor;
        private final LoopFlusher flusher;
        private final ServerMetrics metrics;
        private final ByteBufAllocator alloc;
        private final BooleanSupplier stopping;
        private final List<Member> members = new ArrayList<>();

        Shard(EventExecutor executor, LoopFlusher flusher, ServerMetrics metrics, ByteBufAllocator alloc,
              BooleanSupplier stopping) {
            this.executor = executor;
            this.flusher = flusher;
            this.metrics = metrics;
            this.alloc = alloc;
            this.stopping = stopping;
        }

        void deliver(ByteBuf line, Member except) {
            line.retain();
            if (executor.inEventLoop()) {
                writeAll(line, except);
            } else {
                try {
                    executor.execute(() -> {
                        if (stopping.getAsBoolean()) {
                            // The server is stopping: the loop's time goes to the goodbyes, not to
                            // a backlog of deliveries a busy server may have queued.
                            line.release();
                        } else {
                            writeAll(localCopy(line), except);
                        }
                    });
                } catch (RejectedExecutionException shuttingDown) {
                    line.release();
                }
            }
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

        private void writeAll(ByteBuf line, Member except) {
            try {
                int recipients = 0;
                for (int i = 0; i < members.size(); i++) {
                    Member member = members.get(i);
                    if (member != except) {
                        member.write(line);
                        flusher.flushLater(member);
                        recipients++;
                    }
                }
                metrics.delivered(recipients); // once per loop and broadcast, not per recipient
            } finally {
                line.release();
            }
        }
    }
}
