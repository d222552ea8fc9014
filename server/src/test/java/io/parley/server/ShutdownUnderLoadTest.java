package io.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.CharsetUtil;
import io.parley.protocol.Transports;
import io.parley.server.testing.RunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server stopped while busy tells every connected client {@code * server shutting down} before
 * it closes, within the documented time (ServerMain gives {@code stop} 4 s): here 1,000 clients
 * in twenty rooms, of which 100 chat as fast as flood control lets them.
 */
@Timeout(120)
class ShutdownUnderLoadTest {
    private static final int CLIENTS = 1000;
    private static final int CHATTERS = 100;
    private static final int ROOMS = 20;
    private static final long STOP_MILLIS = 4000;
    private static final ByteBuf NOTICE = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("* server shutting down", CharsetUtil.UTF_8));

    /** Counts lines and notes whether the notice came, and whether it came before the close. */
    private static final class Watcher extends SimpleChannelInboundHandler<ByteBuf> {
        final Set told;
        final AtomicLong lines;

        Watcher(Set told, AtomicLong lines) {
            this.told = told;
            this.lines = lines;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            lines.incrementAndGet();
            if (ByteBufUtil.equals(line, NOTICE)) {
                told.add(ctx.channel());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The channels that were told. */
    private static final class Set {
        final ConcurrentHashMap<Channel, Boolean> channels = new ConcurrentHashMap<>();

        void add(Channel c) {
            channels.put(c, true);
        }

        int size() {
            return channels.size();
        }
    }

    @Test
    void everyClientIsToldOfTheShutdownWhileHundredsChat() throws Exception {
        RunningServer server = RunningServer.start();
        Transports transport = Transports.best();
        EventLoopGroup group = transport.newGroup(1);
        Set told = new Set();
        AtomicLong lines = new AtomicLong();
        List<Channel> channels = new ArrayList<>();
        long began = System.nanoTime();
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channel(transport.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new LineBasedFrameDecoder(65_536), new Watcher(told, lines));
                        }
                    });
            for (int i = 0; i < CLIENTS; i++) {
                Channel c = bootstrap.connect("127.0.0.1", server.port()).sync().channel();
                // twenty rooms of fifty: each claims its name in the lobby and moves on at once
                c.writeAndFlush(Unpooled.copiedBuffer("/nick c" + i + "\n/join r" + i % ROOMS + "\n", CharsetUtil.UTF_8));
                channels.add(c);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (server.server().chat().hub().nameCount() < CLIENTS && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.server().chat().hub().nameCount()).isEqualTo(CLIENTS);
            // everyone has moved on from the lobby (which then counts as empty) to its room
            while (server.server().chat().hub().roomCount() != ROOMS && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            // 100 chat within flood control (a burst of 10, then 5 lines a second each)
            for (int i = 0; i < CHATTERS; i++) {
                Channel c = channels.get(i);
                AtomicLong n = new AtomicLong();
                c.eventLoop().scheduleAtFixedRate(() -> {
                    if (c.isActive()) {
                        c.writeAndFlush(Unpooled.copiedBuffer("line " + n.incrementAndGet() + " from a busy room\n",
                                CharsetUtil.UTF_8));
                    }
                }, i % 200, 200, TimeUnit.MILLISECONDS);
            }
            long connected = System.nanoTime();
            Thread.sleep(2000);
            long linesBeforeStop = lines.get();

            long start = System.nanoTime();
            server.server().stop(STOP_MILLIS);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (channels.stream().anyMatch(Channel::isActive) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<Integer> missed = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                if (!told.channels.containsKey(channels.get(i))) {
                    missed.add(i);
                }
            }
            System.out.printf("[shutdown under load] %d clients connected in %d ms; %d lines delivered in 2 s; stop took %d ms;"
                            + " %d of %d told; not told: %s%n", CLIENTS, TimeUnit.NANOSECONDS.toMillis(connected - began),
                    linesBeforeStop, stopMillis, told.size(), CLIENTS, missed);
            assertThat(linesBeforeStop).as("the rooms were busy").isGreaterThan(10_000);
            assertThat(told.size()).as("clients told of the shutdown").isEqualTo(CLIENTS);
            assertThat(stopMillis).as("within the documented shutdown time").isLessThan(STOP_MILLIS + 1000);
        } finally {
            server.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
