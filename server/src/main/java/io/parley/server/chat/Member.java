package io.parley.server.chat;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.parley.server.limits.FloodControl;
import java.net.SocketAddress;

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

    /** The event loop that owns this member; chat logic for it runs there. */
    public abstract EventExecutor executor();

    /**
     * Queues a shared, encoded line without flushing. The caller keeps its reference: an
     * implementation that keeps the bytes takes its own ({@code retainedDuplicate()}).
     */
    protected abstract void write(ByteBuf sharedLine);

    protected abstract void flush();

    /** Sends one line to this member alone, at once. */
    public abstract void send(String line);

    /** Ends this member's session once the lines already sent have gone out. */
    public abstract void close();

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

    @Override
    public String toString() {
        return (name == null ? "(unnamed)" : name) + "@" + remote();
    }
}
