package io.parley.server.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.protocol.LineFraming;
import io.parley.server.chat.ChatHub;
import io.parley.server.chat.ChatService;
import java.util.ArrayList;
import java.util.List;

/** Several TCP connections on EmbeddedChannels, all wired to one chat, for handler tests. */
final class EmbeddedChat implements AutoCloseable {
    final ChatService chat = new ChatService(new ChatHub(PooledByteBufAllocator.DEFAULT));
    private final ChannelGroup group = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
    private final List<Conn> conns = new ArrayList<>();

    Conn connect() {
        Conn conn = new Conn(new EmbeddedChannel(
                new TcpChatInitializer(chat, group, LineFraming.DEFAULT_MAX_LINE_BYTES)));
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
