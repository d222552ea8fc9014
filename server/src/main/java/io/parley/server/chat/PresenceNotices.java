package io.parley.server.chat;

import io.parley.protocol.ServerLine;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Join and leave notices of big rooms, summed up. Seating n people in one room one by one would
 * cost n squared notices (a server restart makes every client reconnect at once); above
 * {@code above} members a room's joins and leaves are instead counted and announced once per
 * interval as one line, {@code * 37 joined, 5 left}. Smaller rooms keep one notice per person.
 * {@code /who} is exact either way. With several servers each counts its own members' joins and
 * leaves, and a room is big by its members on this server. Safe to call from any event loop.
 */
final class PresenceNotices {
    /** Sends a summary line to everyone in a room (on every server, with several). */
    private final BiConsumer<Room, String> announcer;
    private final int above;
    private final long intervalMillis;
    private final ConcurrentHashMap<Room, Tally> tallies = new ConcurrentHashMap<>();

    /**
     * @param announcer sends a summary to a room's members
     * @param above     rooms of more members than this (on this server) are summed up; 0: never
     */
    PresenceNotices(BiConsumer<Room, String> announcer, int above, Duration interval) {
        this.announcer = announcer;
        this.above = above;
        this.intervalMillis = Math.max(1, interval.toMillis());
    }

    static PresenceNotices never() {
        return new PresenceNotices((room, line) -> { }, 0, Duration.ofSeconds(1));
    }

    /**
     * {@code member} has just joined {@code room} (it counts in the room's size). True if the join
     * goes into the room's next summary; false if it is to be announced on its own.
     */
    boolean joined(Room room, Member member) {
        return count(room, room.size(), member, 1, 0);
    }

    /** {@code member} has just left {@code room} (it no longer counts in its size). As {@link #joined}. */
    boolean left(Room room, Member member) {
        return count(room, room.size() + 1, member, 0, 1);
    }

    private boolean count(Room room, int size, Member member, int joins, int leaves) {
        if (above == 0 || size <= above) {
            return false;
        }
        Tally tally = tallies.computeIfAbsent(room, r -> new Tally());
        boolean schedule;
        synchronized (tally) {
            tally.joined += joins;
            tally.left += leaves;
            schedule = !tally.scheduled;
            tally.scheduled = true;
        }
        if (schedule) {
            try {
                member.executor().schedule(() -> announce(room, tally), intervalMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                // the loop is stopping: nobody is left to tell
            }
        }
        return true;
    }

    /** Sends the tally's summary to everyone in the room, and starts a new tally. */
    private void announce(Room room, Tally tally) {
        int joined;
        int left;
        synchronized (tally) {
            joined = tally.joined;
            left = tally.left;
            tally.joined = 0;
            tally.left = 0;
            tally.scheduled = false;
            tallies.remove(room, tally);
        }
        if (joined + left > 0) { // members of the room on other servers hear it even if none is left here
            announcer.accept(room, ServerLine.notice(summary(joined, left)));
        }
    }

    static String summary(int joined, int left) {
        if (left == 0) {
            return joined + " joined";
        }
        if (joined == 0) {
            return left + " left";
        }
        return joined + " joined, " + left + " left";
    }

    /** Joins and leaves of one room since its last summary. Guarded by itself. */
    private static final class Tally {
        int joined;
        int left;
        boolean scheduled;
    }
}
