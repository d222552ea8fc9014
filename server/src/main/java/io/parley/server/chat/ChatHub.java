package io.parley.server.chat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.parley.protocol.Names;
import io.parley.protocol.ServerLine;
import io.parley.server.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is here: the one namespace of names, shared by every transport, and the rooms. Safe to call
 * from any event loop; a member's own name and room change only on its executor.
 */
public final class ChatHub {
    public static final String DEFAULT_ROOM = "lobby";

    private final ConcurrentHashMap<String, Member> names = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<EventExecutor, LoopFlusher> flushers = new ConcurrentHashMap<>();
    private final ByteBufAllocator alloc;
    private final ServerMetrics metrics;
    private volatile boolean stopping;

    public ChatHub(ByteBufAllocator alloc) {
        this(alloc, ServerMetrics.disabled());
    }

    public ChatHub(ByteBufAllocator alloc, ServerMetrics metrics) {
        this.alloc = alloc;
        this.metrics = metrics;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** Claims {@code name} for {@code member}, releasing its old name. False if someone holds it. */
    boolean claim(Member member, String name) {
        String key = Names.key(name);
        Member holder = names.putIfAbsent(key, member);
        if (holder != null && holder != member) {
            return false;
        }
        String old = member.name();
        if (old != null && !Names.key(old).equals(key)) {
            names.remove(Names.key(old), member);
        }
        member.name(name);
        return true;
    }

    void release(Member member) {
        String name = member.name();
        if (name != null) {
            names.remove(Names.key(name), member);
        }
    }

    public Member find(String name) {
        return names.get(Names.key(name));
    }

    public int nameCount() {
        return names.size();
    }

    /** Moves the member into {@code roomName} (leaving its current room). Call on its executor. */
    Room join(Member member, String roomName) {
        leave(member);
        Room room = rooms.compute(Names.key(roomName), (key, existing) -> {
            Room r = existing != null ? existing : new Room(roomName, this::flusher, metrics, alloc, () -> stopping);
            r.add(member);
            return r;
        });
        member.room(room);
        return room;
    }

    /** Takes the member out of its room, dropping the room if it empties. Call on its executor. */
    Room leave(Member member) {
        Room room = member.room();
        if (room == null) {
            return null;
        }
        member.room(null);
        rooms.computeIfPresent(Names.key(room.name()), (key, r) -> {
            r.remove(member);
            return r.isEmpty() && !key.equals(DEFAULT_ROOM) ? null : r;
        });
        return room;
    }

    /** How many rooms have someone in them; cheap enough for a metrics scrape. */
    public int roomCount() {
        int count = 0;
        for (Room room : rooms.values()) {
            if (!room.isEmpty()) {
                count++;
            }
        }
        return count;
    }

    /** Rooms by name, each with its head count. */
    public List<Room> rooms() {
        List<Room> list = new ArrayList<>(rooms.values());
        list.removeIf(Room::isEmpty);
        list.sort(Comparator.comparing(r -> Names.key(r.name())));
        return list;
    }

    /** Sends {@code line} to everyone in {@code room} but {@code except}, encoded once. */
    void broadcast(Room room, String line, Member except) {
        ByteBuf encoded = ServerLine.encode(alloc, line);
        room.broadcast(encoded, except);
    }

    /** The server is stopping: deliveries still queued on the event loops are dropped. */
    void stopDelivering() {
        stopping = true;
    }

    private LoopFlusher flusher(EventExecutor executor) {
        return flushers.computeIfAbsent(executor, LoopFlusher::new);
    }
}
