package io.parley.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.parley.protocol.ServerLine;
import io.parley.protocol.Transports;
import io.parley.server.chat.ChatHub;
import io.parley.server.chat.ChatService;
import io.parley.server.limits.ConnectionLimiter;
import io.parley.server.limits.FloodControl;
import io.parley.server.tcp.TcpChatInitializer;
import io.parley.server.time.TimeServiceInitializer;
import io.parley.server.time.TimeTeller;
import io.parley.server.udp.UdpChatHandler;
import io.parley.server.udp.UdpChatInitializer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Parley server: its event loops, listeners and chat. Start, then stop; not restartable. */
public final class ParleyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);

    private final ServerConfig config;
    private final Transports transport = Transports.best();
    private final EventLoopGroup group;
    private final ChatService chat;
    private final ConnectionLimiter limiter;
    private final ChannelGroup connections = new DefaultChannelGroup("tcp-connections", GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();
    private final Clock clock;
    private Channel udpChat;
    private Channel timeService;
    private volatile boolean stopped;

    public ParleyServer(ServerConfig config) {
        this(config, Clock.systemDefaultZone());
    }

    /** {@code clock} is the server's time: the time service, {@code /time} and UDP idle expiry. */
    public ParleyServer(ServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.group = transport.newGroup(config.ioThreads());
        this.chat = new ChatService(new ChatHub(PooledByteBufAllocator.DEFAULT),
                new FloodControl(config.rateLimit(), config.rateBurst(), System::nanoTime), new TimeTeller(clock));
        this.limiter = new ConnectionLimiter(config.maxPerIp(), config.maxConnections(), config.ipExempt(), () -> { });
    }

    public ParleyServer start() throws InterruptedException {
        ServerBootstrap tcp = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.sendQueueBytes() / 2, config.sendQueueBytes()))
                .childHandler(new TcpChatInitializer(chat, connections, config, limiter));
        InetSocketAddress address = config.host() == null
                ? new InetSocketAddress(config.port())
                : new InetSocketAddress(config.host(), config.port());
        Channel channel = tcp.bind(address).sync().channel();
        listeners.add(channel);
        log.info("Parley listening for TCP chat on {} ({})", channel.localAddress(), transport.name().toLowerCase());
        udpChat = bindDatagrams(config.udpPort(),
                new UdpChatInitializer(chat, clock, config.maxDatagramBytes(), config.udpIdle(), config.maxConnections()));
        log.info("Parley listening for UDP chat on {}", udpChat.localAddress());
        timeService = bindDatagrams(config.timePort(), new TimeServiceInitializer(chat.time(), config.maxDatagramBytes(), clock));
        log.info("Parley answering UDP time requests on {}", timeService.localAddress());
        return this;
    }

    private Channel bindDatagrams(int port, ChannelInitializer<Channel> initializer) throws InterruptedException {
        Bootstrap udp = new Bootstrap()
                .group(group)
                .channel(transport.datagramChannel())
                // One byte more than the limit, so that an oversized datagram arrives too long
                // (and is refused) rather than silently cut to a legal size.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(config.maxDatagramBytes() + 1))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.sendQueueBytes() / 2, config.sendQueueBytes()))
                .handler(initializer);
        InetSocketAddress address = config.host() == null
                ? new InetSocketAddress(port)
                : new InetSocketAddress(config.host(), port);
        return udp.bind(address).sync().channel();
    }

    /** The port the TCP chat listener actually bound (useful with port 0). */
    public int tcpPort() {
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    /** The port the UDP chat channel actually bound. */
    public int udpPort() {
        return ((InetSocketAddress) udpChat.localAddress()).getPort();
    }

    /** The port the UDP time service actually bound. */
    public int timePort() {
        return ((InetSocketAddress) timeService.localAddress()).getPort();
    }

    public ChatService chat() {
        return chat;
    }

    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops accepting, tells every client the server is going away, closes all connections and
     * ends the event loops, within about {@code timeoutMillis}.
     */
    public void stop(long timeoutMillis) {
        if (stopped) {
            return;
        }
        stopped = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(remaining(deadline) / 4);
        }
        ByteBuf goodbye = ServerLine.encode(PooledByteBufAllocator.DEFAULT, ServerLine.notice("server shutting down"));
        // The group writes a retained duplicate to each channel and releases the original.
        connections.writeAndFlush(goodbye).awaitUninterruptibly(remaining(deadline) / 3);
        stopDatagrams(deadline);
        connections.close().awaitUninterruptibly(remaining(deadline) / 2);
        group.shutdownGracefully(0, Math.max(1, remaining(deadline)), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(remaining(deadline));
        log.info("Parley stopped");
    }

    /** UDP members are told, like TCP clients; then the datagram channels close. */
    private void stopDatagrams(long deadline) {
        if (udpChat != null) {
            UdpChatHandler handler = udpChat.pipeline().get(UdpChatHandler.class);
            if (handler != null) {
                handler.sayGoodbye().awaitUninterruptibly(remaining(deadline) / 4);
            }
            udpChat.close().awaitUninterruptibly(remaining(deadline) / 4);
        }
        if (timeService != null) {
            timeService.close().awaitUninterruptibly(remaining(deadline) / 4);
        }
    }

    @Override
    public void close() {
        stop(5000);
    }

    private static long remaining(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
