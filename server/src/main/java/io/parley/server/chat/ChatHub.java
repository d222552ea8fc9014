package io.parley.server.chat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.parley.protocol.Names;
import io.parley.protocol.ServerLine;
import io.parley.server.metrics.ServerMetrics;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Who is here: the one namespace of names, shared by every transport, and the rooms. Safe to call
 * from any event loop; a member's own name and room change only on its executor.
 */
public final class ChatHub {
    public static final String DEFAULT_ROOM = "lobby";

    private final ConcurrentHashMap<String, Member> names = new ConcurrentHashMap<>();
    /** Names.skeleton of every held name to its holder, in step with {@code names}. */
    private final ConcurrentHashMap<String, Member> skeletons = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    /** Names.skeleton of every open room's name to the room, in step with {@code rooms}. */
    private final ConcurrentHashMap<String, Room> roomSkeletons = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<EventExecutor, LoopFlusher> flushers = new ConcurrentHashMap<>();
    private final ByteBufAllocator alloc;
    private final ServerMetrics metrics;
    private volatile boolean stopping;
    private final ChatHistory history;
    private final SecureRandom random = new SecureRandom();

    public ChatHub(ByteBufAllocator alloc) {
        this(alloc, ServerMetrics.disabled());
    }

    /** A hub whose history is kept in memory, with the server's default limits. */
    public ChatHub(ByteBufAllocator alloc, ServerMetrics metrics) {
        this(alloc, metrics, ChatHistory.inMemory(metrics));
    }

    public ChatHub(ByteBufAllocator alloc, ServerMetrics metrics, ChatHistory history) {
        this.alloc = alloc;
        this.metrics = metrics;
        this.history = history;
        Names.preload(); // here, at start, rather than on an event loop at the first claim
    }

    public ChatHistory history() {
        return history;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /**
     * Claims {@code name} (a valid, enforced name) for {@code member}, releasing its old name.
     * False if someone else holds it, or a name that looks like it ({@link Names#skeleton}).
     * Of two members claiming look-alike names at once, exactly one wins the skeleton.
     */
    boolean claim(Member member, String name) {
        String key = Names.key(name);
        Member holder = names.putIfAbsent(key, member);
        if (holder != null && holder != member) {
            return false;
        }
        String skeleton = skeleton(name, key);
        Member lookalike = skeletons.putIfAbsent(skeleton, member);
        if (lookalike != null && lookalike != member) {
            if (holder == null) {
                names.remove(key, member);
            }
            return false;
        }
        rename(member, name, key, skeleton);
        return true;
    }

    /**
     * The name's skeleton, as the key's own string when they are equal (as for most names): the
     * tables keep one string per member where they would keep two.
     */
    private static String skeleton(String name, String key) {
        String skeleton = Names.skeleton(name);
        return skeleton.equals(key) ? key : skeleton;
    }

    /** Gives the member its new name, letting go of its old one's entries (they differ from the new ones). */
    private void rename(Member member, String name, String key, String skeleton) {
        String old = member.name();
        if (old != null) {
            if (!Names.key(old).equals(key)) {
                names.remove(Names.key(old), member);
            }
            if (!Names.skeleton(old).equals(skeleton)) {
                skeletons.remove(Names.skeleton(old), member);
            }
        }
        member.name(name);
    }

    /**
     * Makes {@code name} the member's in this server's tables, replacing whoever held it or a
     * name that looks like it here: for a claim decided elsewhere (by a {@link Cluster}).
     * Returns the member of this server that held the name before, or null.
     */
    public Member adopt(Member member, String name) {
        String key = Names.key(name);
        String skeleton = skeleton(name, key);
        Member previous = names.put(key, member);
        Member lookalike = skeletons.put(skeleton, member);
        if (lookalike != null && lookalike != member && lookalike != previous && lookalike.name() != null) {
            names.remove(Names.key(lookalike.name()), lookalike);
        }
        rename(member, name, key, skeleton);
        return previous == member ? null : previous;
    }

    /** Frees the member's name in this server's tables. */
    public void release(Member member) {
        String name = member.name();
        if (name != null) {
            names.remove(Names.key(name), member);
            skeletons.remove(Names.skeleton(name), member);
        }
    }

    // ---- name hold and resume (see docs/protocol.md, "Resume") ----

    /** A new resume token: 128 random bits, URL-safe base64 (22 characters). */
    String newToken() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /**
     * Keeps the name of a member whose session ended unexpectedly reserved for {@code hold}: others
     * are refused it, and only its resume token takes it back ({@link #resume}). Then it is freed.
     */
    public void hold(Member member, Duration hold) {
        if (member.name() == null) {
            return;
        }
        try {
            member.executor().schedule(() -> release(member), hold.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            release(member);
        }
    }

    /**
     * Claims {@code name} with its resume token: a free name is claimed as usual; a name held, or
     * still in use by a connection the server thinks alive, passes to {@code member} if
     * {@code token} is the holder's current token, and that other connection is closed. False if
     * the token is wrong.
     */
    boolean resume(Member member, String name, String token) {
        String key = Names.key(name);
        for (;;) {
            Member holder = names.get(key);
            if (holder == null) {
                if (claim(member, name)) {
                    return true;
                }
                continue; // someone took it meanwhile: look again
            }
            if (holder == member) {
                return true;
            }
            if (!holder.tokenMatches(token)) {
                return false;
            }
            if (names.replace(key, holder, member)) {
                String old = member.name();
                if (old != null) {
                    if (!Names.key(old).equals(key)) {
                        names.remove(Names.key(old), member);
                    }
                    skeletons.remove(Names.skeleton(old), member);
                }
                // The look-alike reservation passes to the new holder too, or a look-alike of the
                // resumed name could be claimed once the old holder's hold expires.
                String skeleton = Names.skeleton(name);
                String heldSkeleton = holder.name() == null ? skeleton : Names.skeleton(holder.name());
                if (heldSkeleton.equals(skeleton)) {
                    if (!skeletons.replace(skeleton, holder, member)) {
                        skeletons.putIfAbsent(skeleton, member);
                    }
                } else {
                    skeletons.remove(heldSkeleton, holder);
                    skeletons.putIfAbsent(skeleton, member);
                }
                member.name(name);
                if (!holder.gone()) {
                    holder.displace();
                }
                return true;
            }
        }
    }

    public Member find(String name) {
        return names.get(Names.key(name));
    }

    /** Whoever holds a name that looks like {@code name} (the same skeleton), or null. */
    public Member findLookalike(String name) {
        return skeletons.get(Names.skeleton(name));
    }

    public int nameCount() {
        return names.size();
    }

    public ByteBufAllocator alloc() {
        return alloc;
    }

    /**
     * Moves the member into {@code roomName} (leaving its current room), or into the open room
     * whose name looks like it (the same {@link Names#skeleton}): there is never a second room
     * that looks like the first. Call on the member's executor.
     */
    Room join(Member member, String roomName) {
        leave(member);
        String ownKey = Names.key(roomName);
        String skeleton = Names.skeleton(roomName);
        for (;;) {
            Room lookalike = rooms.containsKey(ownKey) ? null : roomSkeletons.get(skeleton);
            String key = lookalike == null ? ownKey : Names.key(lookalike.name());
            Room room = rooms.compute(key, (k, existing) -> {
                if (existing != null) {
                    existing.add(member);
                    return existing;
                }
                if (!k.equals(ownKey)) {
                    return null; // the look-alike room closed meanwhile: look again
                }
                Room created = new Room(roomName, this::flusher, metrics, alloc, history, () -> stopping);
                if (roomSkeletons.putIfAbsent(skeleton, created) != null) {
                    return null; // a look-alike room opened meanwhile: join that one
                }
                created.add(member);
                return created;
            });
            if (room != null) {
                member.room(room);
                return room;
            }
        }
    }

    /** The open room {@code roomName} is (by name, else by look), or null. */
    public Room findRoom(String roomName) {
        Room room = rooms.get(Names.key(roomName));
        return room != null ? room : roomSkeletons.get(Names.skeleton(roomName));
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
            if (r.isEmpty() && !key.equals(DEFAULT_ROOM)) {
                roomSkeletons.remove(Names.skeleton(r.name()), r);
                return null;
            }
            return r;
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
