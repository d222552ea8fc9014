package io.parley.server.chat;

import io.parley.server.chat.history.StoredMessage;
import io.parley.server.metrics.Refusal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What one server shares with the other servers of the same chat: the namespace, who is in which
 * room, the order of each room's lines and their delivery, private messages. {@link ChatService}
 * asks it at every step that other servers could see; it answers with futures, so a shared
 * implementation waits for its peers without blocking an event loop, and the chat goes on with
 * the member's next line only once the answer is in (see {@link ChatService}).
 *
 * <p>{@link LocalCluster}, the default, is the server alone: every answer comes from its own
 * tables at once. {@code io.parley.server.chat.cluster.RedisCluster} ({@code --redis}) makes any
 * number of servers one chat.
 *
 * <p>Methods are called on the member's executor unless they say otherwise.
 */
public interface Cluster extends AutoCloseable {

    /** What a claim of a name came to: {@link #OK}, or the refusal to send. */
    record Claim(Refusal refusal, String error) {
        public static final Claim OK = new Claim(null, null);

        public boolean ok() {
            return refusal == null;
        }

        /** {@code name NAME is taken}, saying which held name it looks like when it is not the same name. */
        public static Claim taken(String name, String lookalike) {
            return new Claim(Refusal.NAME_TAKEN, "name " + name + " is taken"
                    + (lookalike == null ? "" : " (it looks like " + lookalike + ")"));
        }
    }

    /** The room a member entered and how many are in it now, counting the member; -1: count this server's room. */
    record Entered(String room, int members) {
    }

    /** A room and how many are in it. */
    record RoomCount(String name, int members) {
    }

    /**
     * How the link to the other servers is: {@code kind} is {@code single} or {@code redis};
     * {@code connected} false while this server is cut off from the others (it serves its own
     * members meanwhile); {@code nodes} counts the servers of the chat as last seen.
     */
    record Status(String kind, boolean connected, int nodes, String error) {
    }

    /** {@code single} or {@code redis}. */
    String kind();

    /**
     * Claims {@code name} (valid, enforced) for {@code member}, releasing its old name; with
     * {@code token}, also a name held for, or still used by, the session whose resume token it is
     * (that session is displaced). {@code newToken} is the resume token of the claim when it
     * succeeds. Once the future says {@link Claim#ok()}, {@code member.name()} is {@code name}.
     */
    CompletableFuture<Claim> claim(Member member, String name, String token, String newToken);

    /** Keeps the name of a member whose session ended unexpectedly for its resume token, for {@code hold}. */
    void hold(Member member, Duration hold);

    /** Frees the name of a member that left. */
    void release(Member member);

    /**
     * Decides which room {@code roomName} is: an open room of the same name or one that looks like
     * it, else a new room of that name. The member then joins the room of that name on this
     * server; the answer's count includes it.
     */
    CompletableFuture<Entered> enter(Member member, String roomName);

    /** The member is now in {@code room} on this server. */
    void entered(Member member, Room room);

    /** The member left {@code room} on this server ({@code room} may have closed). */
    void left(Member member, Room room);

    /**
     * A chat line from a member of {@code room}: it gets its id and its place in the room's one
     * order and reaches every member but the sender. The future completes with the message as
     * kept once it is durable; exceptionally if it was not kept (its sender gets no ack).
     */
    CompletableFuture<StoredMessage> say(Room room, Member from, String text);

    /** A notice (no id, not kept) to every member of {@code room} but {@code except}. */
    void notice(Room room, String line, Member except);

    /**
     * A private message from {@code from} to whoever holds {@code to}, kept in the pair's history
     * and acknowledged to a tagged sender. The future says whether anyone holds the name.
     */
    CompletableFuture<Boolean> tell(Member from, String to, String text);

    /**
     * The id below which a member who joined {@code room} on this server before the future
     * completes gets the room's lines as replay, and above which it gets them live: at least
     * this, and at least the room's last id when the member was admitted. 0 when the room's
     * own order on this server is all there is.
     */
    CompletableFuture<Long> replayBound(Room room);

    /** The names of the members of {@code room}, on every server. */
    CompletableFuture<List<String>> who(Room room);

    /** The open rooms, on every server. */
    CompletableFuture<List<RoomCount>> rooms();

    Status status();

    /** Leaves the chat: this server's members are gone for the others. Call once the server stops. */
    @Override
    void close();

    /** As {@link #close()}, within about {@code timeoutMillis}: the others may then find out later. */
    default void close(long timeoutMillis) {
        close();
    }
}
