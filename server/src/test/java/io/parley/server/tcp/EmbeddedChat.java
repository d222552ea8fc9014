package io.parley.server.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.server.ServerConfig;
import io.parley.server.limits.ConnectionLimiter;
import io.parley.server.chat.ChatHistory;
import io.parley.server.chat.ChatHub;
import io.parley.server.chat.history.MemoryHistoryStore;
import io.parley.server.chat.history.Retention;
import io.parley.server.metrics.ServerMetrics;
import io.parley.server.chat.ChatService;
import io.parley.server.limits.FloodControl;
import io.parley.server.time.TimeTeller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;

/** Several TCP connections on EmbeddedChannels, all wired to one chat, for handler tests. */
final class EmbeddedChat implements AutoCloseable {
    /** The flood-control clock, advanced by hand. */
    final AtomicLong nanos = new AtomicLong();
    private final ServerConfig config;
    private final ConnectionLimiter limiter;
    final ChatService chat;
    private final ChannelGroup group = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
    private final List<Conn> conns = new ArrayList<>();

    /** A chat configured by server flags; flood control is off unless the flags set it. */
    EmbeddedChat(String... flags) {
        String[] args = Arrays.copyOf(flags, flags.length + 2);
        if (!Arrays.asList(flags).contains("--rate-limit")) {
            args[flags.length] = "--rate-limit";
            args[flags.length + 1] = "0";
        } else {
            args = flags;
        }
        config = ServerConfig.parse(args);
        limiter = new ConnectionLimiter(config.maxPerIp(), config.maxConnections(), config.ipExempt(), reason -> { });
        MemoryHistoryStore store = new MemoryHistoryStore(new Retention(config.historyKeep(), config.historyMaxAge()),
                Clock.systemUTC(), ServerMetrics.disabled().history());
        store.open();
        chat = new ChatService(new ChatHub(PooledByteBufAllocator.DEFAULT, ServerMetrics.disabled(),
                new ChatHistory(store, Clock.systemUTC(), config.replay())),
                new FloodControl(config.rateLimit(), config.rateBurst(), nanos::get),
                new TimeTeller(Clock.systemDefaultZone()), false, config.nameHold());
        chat.batchPresenceNotices(config.noticeBatchAbove(), config.noticeBatchInterval());
    }

    Conn connect() {
        Conn conn = new Conn(new EmbeddedChannel(
                new TcpChatInitializer(chat, group, config, limiter)));
        conns.add(conn);
        conn.lines(); // drop the welcome
        return conn;
    }

    /** Runs the tasks every connection's loop has queued: deliveries and batched flushes. */
    void settle() {
        for (int round = 0; round < 3; round++) {
            for (Conn c : conns) {
                c.channel.runPendingTasks();
            }
        }
    }

    /** Moves every connection's clock (timeouts) forward and runs what fell due. */
    void advance(long millis) {
        for (Conn c : conns) {
            c.channel.advanceTimeBy(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            c.channel.runScheduledPendingTasks();
        }
        settle();
    }

    Conn named(String name) {
        Conn conn = connect();
        conn.send("/nick " + name);
        conn.lines();
        return conn;
    }

    @Override
    public void close() {
        for (Conn c : conns) {
            c.channel.finishAndReleaseAll();
        }
    }

    final class Conn {
        final EmbeddedChannel channel;

        Conn(EmbeddedChannel channel) {
            this.channel = channel;
        }

        void send(String line) {
            sendRaw(line + "\n");
        }

        void sendRaw(String text) {
            channel.writeInbound(Unpooled.copiedBuffer(text, CharsetUtil.UTF_8));
            settle();
        }

        /** Everything written to this connection since the last call, one entry per line. */
        List<String> lines() {
            settle();
            StringBuilder all = new StringBuilder();
            for (Object out; (out = channel.readOutbound()) != null; ) {
                ByteBuf buf = (ByteBuf) out;
                all.append(buf.toString(CharsetUtil.UTF_8));
                buf.release();
            }
            List<String> lines = new ArrayList<>();
            for (String l : all.toString().split("\n")) {
                if (!l.isEmpty()) {
                    lines.add(l);
                }
            }
            return lines;
        }
    }
}
