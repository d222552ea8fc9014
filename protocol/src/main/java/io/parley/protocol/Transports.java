package io.parley.protocol;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;

/**
 * The event-loop transports: native epoll where it loads (Linux with the native library), NIO
 * everywhere else, and Linux io_uring when asked for by name.
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
}
