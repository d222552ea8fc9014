package io.parley.server.chat;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.parley.protocol.ServerLine;
import io.parley.server.limits.FloodControl;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * One participant in the chat, whatever transport carries its lines. Chat logic only ever talks
 * to members through this class.
 *
 * <p>Threading: every change to a member's name and room happens on its {@link #executor()}; the
 * fields are volatile only so that other loops can read them for {@code /who} and private
 * messages.
 */
public abstract class Member {
    private volatile String name;
    private volatile Room room;
    private String leaveReason;
    boolean flushPending; // touched only on executor(), by LoopFlusher
    FloodControl.State flood; // touched only on executor(), by ChatService
    // History and resume; see ChatHistory and docs/protocol.md.
    boolean tags; // /tags on; touched only on executor()
    int joins; // counts joins, so that a room's delayed admission of an earlier join is ignored; executor() only
    long replayBound; // set by Room.add for the replay that follows; executor() only
    private volatile String token; // resume token of the name held, read by claims on other loops
    private volatile boolean gone; // the session ended
    private volatile boolean displaced; // another connection resumed this session
    private static final java.util.concurrent.atomic.AtomicLong SESSIONS = new java.util.concurrent.atomic.AtomicLong();
    private final long session = SESSIONS.incrementAndGet();
    // Steps that wait for the other servers of the chat (see ChatService.await); executor() only.
    int waits; // steps under way
    java.util.ArrayDeque<Runnable> waiting; // what this member did meanwhile, to run after them

    /** A number that tells this session from every other of this server (for a {@link Cluster}). */
    public long session() {
        return session;
    }

    /** The event loop that owns this member; chat logic for it runs there. */
    public abstract EventExecutor executor();

    /**
     * Queues a shared, encoded line without flushing; {@link #flush()} follows once per event-loop
     * iteration. The caller keeps its reference: an implementation that keeps the buffer takes its
     * own ({@code retainedDuplicate()}, the default way for any transport), or copies the bytes into
     * a send buffer of its own (TCP).
     */
    protected abstract void write(ByteBuf sharedLine);

    protected abstract void flush();

    /** Sends one line to this member alone, at once. */
    public abstract void send(String line);

    /**
     * Sends lines that belong together (a history batch) to this member alone, at once. A
     * transport that can should write them all and flush once.
     */
    public void sendBatch(List<String> lines) {
        for (String line : lines) {
            send(line);
        }
    }

    /**
     * True for members at an address that was never confirmed (UDP): they get no history (an
     * answer many times the size of the request would let a forged source address turn the server
     * against a third party) and their names are not held after they leave.
     */
    public boolean isDatagram() {
        return false;
    }

    /** Whether this member asked for message tags ({@code /tags on}). Call on its executor. */
    public boolean tags() {
        return tags;
    }

    /** Ends this member's session once the lines already sent have gone out. */
    public abstract void close();

    /**
     * The member's own chat line, {@code NAME : TEXT}, as its room just received it. Members do not
     * get their own lines back, except where a transport shows them (a lock-step TCP client, which
     * needs an answer to each line it sends).
     */
    protected void relayed(String line) {
    }

    /** Where the member connects from, for the log. */
    public abstract String remote();

    /**
     * The peer's address, for the per-address limits; null where there is none (the limits then
     * do not apply). Transports with an IP peer override it.
     */
    public SocketAddress remoteAddress() {
        return null;
    }

    public String name() {
        return name;
    }

    void name(String name) {
        this.name = name;
    }

    public Room room() {
        return room;
    }

    void room(Room room) {
        this.room = room;
    }

    String leaveReason() {
        return leaveReason != null ? leaveReason : "connection closed";
    }

    /** Why this member is about to leave, for the room's leave notice. The first reason stands. */
    public void leaveReason(String reason) {
        if (leaveReason == null) {
            leaveReason = reason;
        }
    }

    /** The resume token of the name this member holds. */
    public String token() {
        return token;
    }

    void token(String token) {
        this.token = token;
    }

    /** True if {@code offered} is the resume token of the name this member holds. */
    boolean tokenMatches(String offered) {
        String own = token;
        return own != null && offered != null
                && MessageDigest.isEqual(own.getBytes(StandardCharsets.US_ASCII), offered.getBytes(StandardCharsets.US_ASCII));
    }

    /** True once the session ended (its name may still be held). */
    public boolean gone() {
        return gone;
    }

    void gone(boolean gone) {
        this.gone = gone;
    }

    boolean displaced() {
        return displaced;
    }

    /**
     * Another connection took over this session with its token: this one is told and closed, and
     * its leaving is not announced (the name is still there).
     */
    public void displace() {
        displaced = true;
        executor().execute(() -> {
            leaveReason("resumed elsewhere");
            send(ServerLine.error("your session was resumed from another connection"));
            close();
        });
    }

    @Override
    public String toString() {
        return (name == null ? "(unnamed)" : name) + "@" + remote();
    }
}
