package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.parley.protocol.LineFraming;
import io.parley.protocol.ServerLine;
import io.parley.protocol.Transports;
import io.parley.server.PipelineNames;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * At shutdown the goodbye jumps ahead of what is queued for a client that reads slowly: on a
 * real loopback connection whose socket buffers are small, lines queued in the server's channel
 * are dropped, all but a first that may be half written, and the stream stays whole lines.
 */
@Timeout(60)
class QueuedLinesTest {
    private static final int LINES = 3000; // about 190 KB: far more than two 4 KB socket buffers

    private static void assumeEpoll() {
        assumeTrue(Transports.best().serverChannel().getSimpleName().startsWith("Epoll"),
                "queued lines are dropped on epoll only (QueuedLines.onEpoll)");
    }

    private static String line(int i) {
        return "queued line " + i + " " + "q".repeat(40);
    }

    @Test
    void theGoodbyeComesRightAfterWhatTheKernelHolds() throws Exception {
        assumeEpoll();
        int[] dropped = new int[1];
        int before = linesBeforeGoodbye(server -> {
            for (int i = 0; i < LINES; i++) {
                server.write(ServerLine.encode(server.alloc(), line(i)), server.voidPromise());
            }
            server.flush();
        }, dropped);
        assertThat(dropped[0]).as("dropped").isPositive();
        assertThat(before + dropped[0]).isEqualTo(LINES);
        assertThat(before).as("lines that were already in the kernel").isLessThan(LINES / 2);
    }

    /**
     * A member's send buffer is one queued buffer of many lines: the goodbye still comes right
     * after the line its writing had reached, not after the rest of the buffer.
     */
    @Test
    void aSendBufferOfManyLinesIsCutAfterTheLineBeingWritten() throws Exception {
        assumeEpoll();
        int[] dropped = new int[1];
        int before = linesBeforeGoodbye(server -> {
            ByteBuf sendq = server.alloc().directBuffer();
            for (int i = 0; i < LINES; i++) {
                sendq.writeCharSequence(line(i) + "\n", StandardCharsets.UTF_8);
            }
            server.pipeline().context(PipelineNames.LINE_ENCODER).writeAndFlush(sendq);
        }, dropped);
        assertThat(dropped[0]).as("the buffer was cut").isEqualTo(1);
        assertThat(before).as("lines that were already in the kernel, and the one being written")
                .isPositive().isLessThan(LINES / 2);
    }

    /**
     * On a real loopback connection with small socket buffers and a client that reads only at
     * the end: {@code queue} writes lines on the server's loop, then {@link QueuedLines#dropAllButFirst}
     * runs and the goodbye is written. Returns how many whole, consecutive lines the client read
     * before the goodbye (the stream ends right after it); {@code dropped} gets what dropAllButFirst returned.
     */
    private static int linesBeforeGoodbye(Consumer<Channel> queue, int[] dropped) throws Exception {
        Transports transport = Transports.best();
        EventLoopGroup group = transport.newGroup(1);
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        try {
            Channel listener = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childOption(ChannelOption.SO_SNDBUF, 4096)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(PipelineNames.LINE_ENCODER, LineFraming.ENCODER);
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter());
                            accepted.complete(ch);
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            int before = 0;
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(4096);
                client.connect((InetSocketAddress) listener.localAddress());
                Channel server = accepted.get(10, TimeUnit.SECONDS);
                server.eventLoop().submit(() -> {
                    queue.accept(server);
                    dropped[0] = QueuedLines.dropAllButFirst(server);
                    server.writeAndFlush(ServerLine.encode(server.alloc(), "* server shutting down"))
                            .addListener(f -> server.close());
                }).sync();
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while (!(line = in.readLine()).equals("* server shutting down")) {
                    assertThat(line).as("whole lines only").isEqualTo(line(before));
                    before++;
                }
                assertThat(in.readLine()).isNull();
            }
            listener.close().sync();
            return before;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
