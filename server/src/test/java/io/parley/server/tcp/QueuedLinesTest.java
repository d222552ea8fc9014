package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * At shutdown the goodbye jumps ahead of what is queued for a client that reads slowly: on a
 * real loopback connection whose socket buffers are small, lines queued in the server's channel
 * are dropped, all but a first that may be half written, and the stream stays whole lines.
 */
@Timeout(60)
class QueuedLinesTest {

    @Test
    void theGoodbyeComesRightAfterWhatTheKernelHolds() throws Exception {
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
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(4096);
                client.connect((InetSocketAddress) listener.localAddress());
                Channel server = accepted.get(10, TimeUnit.SECONDS);
                int lines = 3000; // about 190 KB: far more than two 4 KB socket buffers
                int[] dropped = new int[1];
                server.eventLoop().submit(() -> {
                    for (int i = 0; i < lines; i++) {
                        ByteBuf line = ServerLine.encode(server.alloc(), "queued line " + i + " " + "q".repeat(40));
                        server.write(line, server.voidPromise());
                    }
                    server.flush();
                    dropped[0] = QueuedLines.dropAllButFirst(server);
                    server.writeAndFlush(ServerLine.encode(server.alloc(), "* server shutting down"))
                            .addListener(f -> server.close());
                }).sync();
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                int before = 0;
                String line;
                while (!(line = in.readLine()).equals("* server shutting down")) {
                    assertThat(line).as("whole lines only").matches("queued line " + before + " q{40}");
                    before++;
                }
                assertThat(in.readLine()).isNull();
                assertThat(dropped[0]).as("dropped").isPositive();
                assertThat(before + dropped[0]).isEqualTo(lines);
                assertThat(before).as("lines that were already in the kernel").isLessThan(lines / 2);
            }
            listener.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
