package io.parley.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One simulated chat user: its handshake, the messages it sends (if it is a sender) and the
 * checks on every message it receives. Everything here runs on its channel's event loop, so the
 * tracker and counters need no locks; what other threads read goes through {@link RunState}.
 */
final class BenchClient {
    private final int id;
    private final String name;
    private final String roomName;
    private final RunState run;
    private final Dialect dialect;
    private final DeliveryTracker tracker;
    private final Payload.Parsed parsed = new Payload.Parsed();
    private final CompletableFuture<BenchClient> readiness = new CompletableFuture<>();
    private Channel channel;
    private boolean isReady;
    private boolean disconnected;
    private String failure;

    private long foreign;
    private long lastDeliveryNanos;

    // sender state
    private final int senderIndex;
    private byte[] prefix;
    private long seq;
    private long nextIntended = -1;

    BenchClient(int id, String name, String roomName, RunState run, Dialect dialect) {
        this.id = id;
        this.name = name;
        this.roomName = roomName;
        this.run = run;
        this.dialect = dialect;
        this.tracker = new DeliveryTracker(run.plan.sendersInRoom(run.plan.roomOf(id)));
        this.senderIndex = run.plan.senderIndex(id);
    }

    int id() {
        return id;
    }

    String name() {
        return name;
    }

    String roomName() {
        return roomName;
    }

    EventLoop executor() {
        return channel.eventLoop();
    }

    boolean isSender() {
        return senderIndex >= 0;
    }

    CompletableFuture<BenchClient> readiness() {
        return readiness;
    }

    // ---- connection life, from the channel handler ----

    void active(Channel ch) {
        this.channel = ch;
        dialect.start(this);
    }

    void inactive() {
        disconnected = true;
        fail("connection closed by the server");
    }

    void ready() {
        if (!isReady && failure == null) {
            isReady = true;
            prefix = dialect.messagePrefix(this);
            readiness.complete(this);
        }
    }

    void fail(String why) {
        if (!isReady && failure == null) {
            failure = name + ": " + why;
            readiness.completeExceptionally(new IllegalStateException(failure));
        }
    }

    void sendText(String text) {
        channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), text), channel.voidPromise());
    }

    // ---- receiving ----

    /** One received line, {@code buf[from, to)} without its line end. */
    void line(ByteBuf buf, int from, int to) {
        if (!isReady) {
            dialect.handshake(this, buf.toString(from, to - from, StandardCharsets.UTF_8));
            return;
        }
        if (dialect.notLive(buf, from, to) || !Payload.parse(buf, from, to, parsed)) {
            dialect.other(this, buf.toString(from, to - from, StandardCharsets.UTF_8));
            return;
        }
        int sender = parsed.sender;
        if (sender == id) {
            return; // an echo of our own message (SecureChat's "[you] ...")
        }
        RoomPlan plan = run.plan;
        if (sender >= plan.clients() || plan.senderIndex(sender) < 0 || plan.roomOf(sender) != plan.roomOf(id)) {
            foreign++;
            return;
        }
        if (!tracker.record(plan.slotInRoom(sender), parsed.seq)) {
            return;
        }
        run.delivered.increment();
        int globalSender = plan.senderIndex(sender);
        if (plan.witnessOf(globalSender) == id) {
            run.acked.lazySet(globalSender, parsed.seq);
        }
        if (parsed.sentNanos >= run.measureFrom) {
            long now = run.now();
            run.recordLatency((now - parsed.sentNanos) / 1000);
            run.measuredDelivered.increment();
            lastDeliveryNanos = now;
        }
    }

    // ---- sending ----

    /**
     * Sends what is due: open loop, every message whose intended time has come (stamped with that
     * intended time, so a stalled server shows as latency and not as a lower rate); closed loop,
     * as many as the in-flight window allows. Never queues past the channel's writability.
     * Returns false once this sender is done.
     */
    boolean pump() {
        if (!isReady || disconnected) {
            return false;
        }
        long now = run.now();
        long end = run.sendEnd;
        boolean wrote = false;
        if (run.openLoop()) {
            if (nextIntended < 0) {
                // spread the senders' phases across one interval
                nextIntended = now + (run.intervalNanos * senderIndex) / Math.max(1, run.plan.senders());
            }
            while (nextIntended <= now && nextIntended < end && channel.isWritable()) {
                writeMessage(nextIntended);
                nextIntended += run.intervalNanos;
                wrote = true;
            }
        } else {
            long acked = run.acked.get(senderIndex);
            while (now < end && seq - acked <= run.window && channel.isWritable()) {
                writeMessage(now);
                wrote = true;
            }
        }
        if (wrote) {
            channel.flush();
            run.sent.lazySet(senderIndex, seq);
        }
        return now < end;
    }

    private void writeMessage(long stampNanos) {
        byte[] suffix = dialect.messageSuffix();
        ByteBuf buf = channel.alloc().directBuffer(prefix.length + Payload.maxLength(run.size) + suffix.length);
        buf.writeBytes(prefix);
        Payload.write(buf, id, seq++, stampNanos, run.size);
        buf.writeBytes(suffix);
        channel.write(buf, channel.voidPromise());
    }

    /** Totals for the report; call on the event loop once sending and draining are over. */
    Totals totals() {
        long lost = 0;
        RoomPlan plan = run.plan;
        int room = plan.roomOf(id);
        // the room's senders are its first members: walk them by id
        int first = plan.firstOfRoom(room);
        for (int c = first; c < first + plan.sendersInRoom(room); c++) {
            if (c != id) {
                lost += tracker.lost(plan.slotInRoom(c), run.sent.get(plan.senderIndex(c)));
            }
        }
        return new Totals(tracker.distinctTotal(), tracker.duplicates(), tracker.outOfOrder(), lost, foreign,
                lastDeliveryNanos, disconnected);
    }

    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    record Totals(long distinct, long duplicates, long outOfOrder, long lost, long foreign,
                  long lastDeliveryNanos, boolean disconnected) {
    }
}
