package io.parley.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.CharsetUtil;
import io.parley.protocol.LineFraming;
import io.parley.protocol.Transports;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TLS line server for the tests, standing in for the server's TLS listener: it answers the
 * client's name claim and {@code /quit} as Parley does and records every other line and the TLS
 * protocol each session used.
 */
final class TlsLineServer implements AutoCloseable {
    final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<String> protocols = new LinkedBlockingQueue<>();
    private final EventLoopGroup group = Transports.best().newGroup(1);
    private final Channel listener;

    TlsLineServer(SslContext tls) throws InterruptedException {
        Transports transport = Transports.best();
        listener = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = tls.newHandler(ch.alloc());
                        ssl.handshakeFuture().addListener(f -> {
                            if (f.isSuccess()) {
                                protocols.add(ssl.engine().getSession().getProtocol());
                                ch.writeAndFlush("* welcome to the TLS test server");
                            }
                        });
                        ch.pipeline().addLast(ssl,
                                LineFraming.newFrameDecoder(LineFraming.DEFAULT_MAX_LINE_BYTES),
                                new StringDecoder(CharsetUtil.UTF_8),
                                LineFraming.ENCODER,
                                new Session());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    String nextLine() throws InterruptedException {
        return received.poll(20, TimeUnit.SECONDS);
    }

    private final class Session extends SimpleChannelInboundHandler<String> {
        private String name;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            if (line.equals("/tags on")) {
                ctx.writeAndFlush("! unknown command /tags; /help lists commands"); // as a server without tags
            } else if (line.startsWith("/nick ")) {
                name = line.substring(6);
                ctx.writeAndFlush("* you are " + name);
            } else if (line.equals("/quit")) {
                ctx.writeAndFlush("* bye " + name).addListener(f -> ctx.close());
            } else {
                received.add(line);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a client that refused the certificate ends the handshake
        }
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(2000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5000);
    }
}
