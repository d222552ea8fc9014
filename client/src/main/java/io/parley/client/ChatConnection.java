package io.parley.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.parley.protocol.LineFraming;
import io.parley.protocol.Transports;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A TCP (optionally TLS) or Unix domain socket connection to a Parley server: UTF-8 lines each way. */
final class ChatConnection implements ChatLink {
    static final int CONNECT_TIMEOUT_MILLIS = 5000;
    /** Lines from the server are at most its --max-line (up to 1 MiB) plus a name prefix. */
    static final int MAX_SERVER_LINE_BYTES = (1 << 20) + 1024;

    private final EventLoopGroup group;
    private final Channel channel;
    private final String describe;

    private ChatConnection(EventLoopGroup group, Channel channel, String describe) {
        this.group = group;
        this.channel = channel;
        this.describe = describe;
    }

    /**
     * Connects (and with {@code tls}, completes the TLS handshake) or throws an exception whose
     * message says what went wrong.
     */
    static ChatConnection connect(String host, int port, SslContext tls, Inbox inbox) throws IOException {
        Transports transport = Transports.best();
        EventLoopGroup group = transport.newGroup(1);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true);
        return connect(bootstrap, group, host + ":" + port, host, port, null, tls, inbox);
    }

    /** Connects to a server's Unix domain socket ({@code --unix-socket} on the server). */
    static ChatConnection connectUnix(Path socket, Inbox inbox) throws IOException {
        Transports transport = Transports.best();
        EventLoopGroup group = transport.newGroup(1);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.domainChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
        return connect(bootstrap, group, socket.toString(), null, 0, transport.domainAddress(socket), null, inbox);
    }

    /** Connects to {@code address}, or to {@code host} and {@code port} when it is null. */
    private static ChatConnection connect(Bootstrap bootstrap, EventLoopGroup group, String describe, String host,
                                          int port, SocketAddress address, SslContext tls, Inbox inbox)
            throws IOException {
        bootstrap.handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (tls != null) {
                            // host and port go to the handler for SNI and hostname verification.
                            p.addLast("tls", tls.newHandler(ch.alloc(), host, port));
                        }
                        p.addLast("frames", LineFraming.newFrameDecoder(MAX_SERVER_LINE_BYTES));
                        p.addLast("lines", new ServerLineHandler(inbox));
                        p.addLast("encoder", LineFraming.ENCODER);
                    }
                });
        ChannelFuture connected =
                (address == null ? bootstrap.connect(host, port) : bootstrap.connect(address)).awaitUninterruptibly();
        if (!connected.isSuccess()) {
            shutdown(group);
            throw new IOException("cannot connect to " + describe + ": " + Failures.describe(connected.cause()));
        }
        Channel channel = connected.channel();
        if (tls != null) {
            var handshake = channel.pipeline().get(SslHandler.class).handshakeFuture();
            if (!handshake.awaitUninterruptibly(CONNECT_TIMEOUT_MILLIS) || !handshake.isSuccess()) {
                String why = handshake.cause() == null ? "timed out" : Failures.describe(handshake.cause());
                channel.close().awaitUninterruptibly(1000);
                shutdown(group);
                throw new IOException("TLS handshake with " + describe + " failed: " + why);
            }
        }
        return new ChatConnection(group, channel, describe);
    }

    @Override
    public ChannelFuture send(String line) {
        return channel.writeAndFlush(line);
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1000);
        shutdown(group);
    }

    static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3000);
    }
}
