package io.parley.server.limits;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.parley.protocol.ServerLine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The admission limits every transport shares: a cap on connections in total, a cap per source
 * address (IPv6 grouped by /64, see {@link AddressGroup}), and the {@link ConnectThrottle} on new
 * connections per address over time. Addresses in the exempt blocks are not capped per address.
 *
 * <p>A stream transport (TCP, TLS, WebSocket...) puts this handler first in its pipeline: a refused
 * connection gets one error line and is closed before the rest of the pipeline hears of it; an
 * admitted one is released when it closes, and the handler leaves its pipeline at once. A
 * transport without connections (UDP) calls {@link #admitMember} and {@link #release} itself: its
 * members count against the same per-address caps and throttle, but not against the total, which
 * is a cap on open sockets. One instance per server, thread-safe.
 */
@Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    /** The group of an address not capped per address. */
    private static final String EXEMPT = "";

    private final int maxPerIp;
    private final int maxConnections;
    private final AddressBlocks exempt;
    private final ConnectThrottle throttle;
    private final RefusalLog refusals;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perGroup = new ConcurrentHashMap<>();

    /** Caps without a throttle; {@code onRefused} counts each refusal by its metric label. */
    public ConnectionLimiter(int maxPerIp, int maxConnections, AddressBlocks exempt, Consumer<String> onRefused) {
        this(maxPerIp, maxConnections, exempt, ConnectThrottle.off(), new RefusalLog(onRefused, System::nanoTime));
    }

    /**
     * @param maxPerIp       0 for no per-address cap
     * @param maxConnections open stream connections at most (already lowered to fit the open-file limit)
     * @param refusals       counts and logs every refusal
     */
    public ConnectionLimiter(int maxPerIp, int maxConnections, AddressBlocks exempt, ConnectThrottle throttle,
                             RefusalLog refusals) {
        this.maxPerIp = maxPerIp;
        this.maxConnections = maxConnections;
        this.exempt = exempt;
        this.throttle = throttle;
        this.refusals = refusals;
    }

    /** Whether a connection or member was admitted; an admitted one is released exactly once. */
    public record Admission(String group, boolean stream, String refusal) {
        public boolean admitted() {
            return refusal == null;
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Admission admission = admit(ctx.channel().remoteAddress(), true);
        if (admission.admitted()) {
            // Given back when the connection closes; this stage has nothing more to do for it.
            ctx.channel().closeFuture().addListener(new Release(this, admission));
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
            return;
        }
        // The rest of the pipeline never hears of this connection: what it sends until it is closed
        // is read (so that the close is not a reset, which would lose the error line) and dropped
        // here. Before a TLS handshake there is no way to say why, so a TLS client is just closed.
        if (ctx.pipeline().get(SslHandler.class) != null) {
            ctx.close();
        } else {
            ctx.writeAndFlush(ServerLine.encode(ctx.alloc(), ServerLine.error(admission.refusal())))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Only a refused connection still has this stage: the rest of its pipeline never heard of it. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
    }

    /** What a refused connection sent before its close: dropped (only refused connections keep this stage). */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
    }

    /** Releases an admitted connection once it is closed. */
    private record Release(ConnectionLimiter limiter, Admission admission) implements ChannelFutureListener {
        @Override
        public void operationComplete(ChannelFuture closed) {
            limiter.release(admission);
        }
    }

    /**
     * Admits a member of a transport without connections (a UDP address): the per-address cap and
     * the throttle apply, the total does not. Release it with {@link #release} when it leaves.
     */
    public Admission admitMember(InetSocketAddress remote) {
        return admit(remote, false);
    }

    /** Gives back what an admitted connection or member held. */
    public void release(Admission admission) {
        if (!admission.admitted()) {
            return;
        }
        if (admission.stream()) {
            total.decrementAndGet();
        }
        if (!admission.group().isEmpty()) {
            releaseGroup(admission.group());
        }
    }

    /**
     * A name change ({@code /nick}) takes a token of the throttle too. Returns null if it may go
     * ahead, else the error to send.
     */
    public String refuseNameChange(SocketAddress remote) {
        long wait = throttle.take(inet(remote));
        return wait == 0 ? null : "too many name changes from your address; try again in " + wait + " s";
    }

    /** Counts and logs a refusal decided elsewhere (a full UDP member table). */
    public void refused(SocketAddress remote, Refused why) {
        refusals.refused(inet(remote), why);
    }

    private Admission admit(SocketAddress remote, boolean stream) {
        InetAddress address = inet(remote);
        if (stream && total.incrementAndGet() > maxConnections) {
            total.decrementAndGet();
            return refuse(address, Refused.SERVER_FULL, "server full (" + maxConnections + " connections); try again later");
        }
        String group = group(address);
        if (!group.isEmpty() && perGroup.merge(group, 1, Integer::sum) > maxPerIp) {
            undo(group, stream);
            return refuse(address, Refused.PER_ADDRESS, "too many connections from your address (at most " + maxPerIp + ")");
        }
        long wait = throttle.take(address);
        if (wait > 0) {
            undo(group, stream);
            return refuse(address, Refused.THROTTLED,
                    "too many new connections from your address; try again in " + wait + " s");
        }
        return new Admission(group, stream, null);
    }

    private Admission refuse(InetAddress address, Refused why, String message) {
        refusals.refused(address, why);
        return new Admission(null, false, message);
    }

    private void undo(String group, boolean stream) {
        if (!group.isEmpty()) {
            releaseGroup(group);
        }
        if (stream) {
            total.decrementAndGet();
        }
    }

    private void releaseGroup(String group) {
        perGroup.computeIfPresent(group, (g, count) -> count <= 1 ? null : count - 1);
    }

    /** Open stream connections admitted. */
    public int connections() {
        return total.get();
    }

    /** The cap on open stream connections. */
    public int maxConnections() {
        return maxConnections;
    }

    private String group(InetAddress address) {
        if (maxPerIp <= 0 || address == null || exempt.contains(address)) {
            return EXEMPT;
        }
        return AddressGroup.key(address);
    }

    private static InetAddress inet(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
