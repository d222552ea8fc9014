package io.parley.server.chat;

import io.parley.server.chat.history.StoredMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The server alone, the default: names and rooms are {@link ChatHub}'s tables, a room's order is
 * its own lock ({@link Room#say}), and every answer is ready at once, so the chat never waits.
 */
public final class LocalCluster implements Cluster {
    private static final CompletableFuture<Long> NO_BOUND = CompletableFuture.completedFuture(0L);
    private static final CompletableFuture<Claim> CLAIMED = CompletableFuture.completedFuture(Claim.OK);
    private static final CompletableFuture<Boolean> TOLD = CompletableFuture.completedFuture(true);
    private static final CompletableFuture<Boolean> NOBODY = CompletableFuture.completedFuture(false);

    private final ChatHub hub;

    public LocalCluster(ChatHub hub) {
        this.hub = hub;
    }

    @Override
    public String kind() {
        return "single";
    }

    @Override
    public CompletableFuture<Claim> claim(Member member, String name, String token, String newToken) {
        if (token == null ? hub.claim(member, name) : hub.resume(member, name, token)) {
            return CLAIMED;
        }
        return CompletableFuture.completedFuture(Claim.taken(name, lookalike(name)));
    }

    /** The held name {@code name} looks like, if that is why it was refused; null if it is the same name. */
    private String lookalike(String name) {
        if (hub.find(name) != null) {
            return null;
        }
        Member holder = hub.findLookalike(name);
        return holder == null ? null : holder.name();
    }

    @Override
    public void hold(Member member, Duration hold) {
        hub.hold(member, hold);
    }

    @Override
    public void release(Member member) {
        hub.release(member);
    }

    @Override
    public CompletableFuture<Entered> enter(Member member, String roomName) {
        return CompletableFuture.completedFuture(new Entered(roomName, -1)); // the hub finds look-alike rooms itself
    }

    @Override
    public void entered(Member member, Room room) {
        // nobody else to tell
    }

    @Override
    public void left(Member member, Room room) {
        // nobody else to tell
    }

    @Override
    public CompletableFuture<StoredMessage> say(Room room, Member from, String text) {
        ChatHistory.Kept kept = room.say(from, text);
        return kept.durable().thenApply(durable -> kept.message());
    }

    @Override
    public void notice(Room room, String line, Member except) {
        hub.broadcast(room, line, except);
    }

    @Override
    public CompletableFuture<Boolean> tell(Member from, String to, String text) {
        Member target = hub.find(to);
        if (target == null) {
            return NOBODY;
        }
        hub.history().sendPrivate(from, target, text);
        hub.metrics().delivered(1);
        return TOLD;
    }

    @Override
    public CompletableFuture<Long> replayBound(Room room) {
        return NO_BOUND;
    }

    @Override
    public CompletableFuture<List<String>> who(Room room) {
        List<String> names = new ArrayList<>();
        for (Member m : room.members()) {
            String name = m.name();
            if (name != null) {
                names.add(name);
            }
        }
        return CompletableFuture.completedFuture(names);
    }

    @Override
    public CompletableFuture<List<RoomCount>> rooms() {
        List<RoomCount> rooms = new ArrayList<>();
        for (Room room : hub.rooms()) {
            rooms.add(new RoomCount(room.name(), room.size()));
        }
        return CompletableFuture.completedFuture(rooms);
    }

    @Override
    public Status status() {
        return new Status(kind(), true, 1, null);
    }

    @Override
    public void close() {
        // nothing held
    }
}
