package io.parley.protocol;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The event-loop transports: native epoll where it loads (Linux with the native library), NIO
 * everywhere else, and Linux io_uring when asked for by name. Unix domain sockets through the
 * native transports' own, or NIO's on JDK 16 and later.
 */
public enum Transports {
    EPOLL, IO_URING, NIO;

    public static Transports best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /**
     * The transport called {@code name} ({@code epoll}, {@code io_uring}, {@code nio}), or
     * {@link #best()} for {@code auto}. Throws {@link IllegalArgumentException} for an unknown name
     * and {@link IllegalStateException}, with the reason, for one that does not load here.
     */
    public static Transports named(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (key.equals("auto")) {
            return best();
        }
        Transports transport;
        try {
            transport = valueOf(key.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown transport " + name + "; use auto, epoll, io_uring or nio");
        }
        Throwable missing = transport.unavailabilityCause();
        if (missing != null) {
            throw new IllegalStateException(transport.label() + " is not available here: " + missing.getMessage(), missing);
        }
        return transport;
    }

    /** Why this transport cannot be used here, or null if it can. */
    public Throwable unavailabilityCause() {
        return switch (this) {
            case EPOLL -> Epoll.unavailabilityCause();
            case IO_URING -> IoUring.unavailabilityCause();
            case NIO -> null;
        };
    }

    /** The name operators type: epoll, io_uring, nio. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public MultiThreadIoEventLoopGroup newGroup(int threads) {
        IoHandlerFactory factory = switch (this) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends SocketChannel> socketChannel() {
        return switch (this) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return switch (this) {
            case EPOLL -> EpollDatagramChannel.class;
            case IO_URING -> IoUringDatagramChannel.class;
            case NIO -> NioDatagramChannel.class;
        };
    }

    /** A listener on a Unix domain socket (AF_UNIX, stream). */
    public Class<? extends ServerChannel> serverDomainChannel() {
        return switch (this) {
            case EPOLL -> EpollServerDomainSocketChannel.class;
            case IO_URING -> IoUringServerDomainSocketChannel.class;
            case NIO -> NioServerDomainSocketChannel.class;
        };
    }

    /** A client connection to a Unix domain socket. */
    public Class<? extends Channel> domainChannel() {
        return switch (this) {
            case EPOLL -> EpollDomainSocketChannel.class;
            case IO_URING -> IoUringDomainSocketChannel.class;
            case NIO -> NioDomainSocketChannel.class;
        };
    }

    /** The address of the socket file {@code path}, in the form this transport's channels take. */
    public SocketAddress domainAddress(Path path) {
        return this == NIO ? UnixDomainSocketAddress.of(path) : new DomainSocketAddress(path.toString());
    }
}
