package io.parley.server.limits;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.parley.protocol.ServerLine;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps connections: in total, and per source address (IPv6 grouped by /64, since one host
 * usually holds a whole /64). Addresses in the exempt blocks are not capped per address. The first
 * stage of every stream pipeline; one instance per server, shared by its channels.
 */
@Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final AttributeKey<String> GROUP = AttributeKey.valueOf("parley.ip-group");
    private static final String EXEMPT = "";

    private final int maxPerIp;
    private final int maxConnections;
    private final AddressBlocks exempt;
    private final Consumer<String> onRefused;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perGroup = new ConcurrentHashMap<>();

    /** @param maxPerIp 0 for no per-address cap; @param onRefused counts each refusal by reason */
    public ConnectionLimiter(int maxPerIp, int maxConnections, AddressBlocks exempt, Consumer<String> onRefused) {
        this.maxPerIp = maxPerIp;
        this.maxConnections = maxConnections;
        this.exempt = exempt;
        this.onRefused = onRefused;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String refusal = admit(ctx);
        if (refusal == null) {
            ctx.fireChannelActive();
            return;
        }
        onRefused.accept(refusal.startsWith("server full") ? "server_full" : "per_address");
        log.info("refused {}: {}", ctx.channel().remoteAddress(), refusal);
        // The rest of the pipeline never hears of this connection. Before a TLS handshake there is
        // no way to say why, so a TLS client is just closed.
        if (ctx.pipeline().get(SslHandler.class) != null) {
            ctx.close();
        } else {
            ctx.writeAndFlush(ServerLine.encode(ctx.alloc(), ServerLine.error(refusal)))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    private String admit(ChannelHandlerContext ctx) {
        if (total.incrementAndGet() > maxConnections) {
            total.decrementAndGet();
            return "server full (" + maxConnections + " connections); try again later";
        }
        String group = group(ctx.channel().remoteAddress());
        if (group != EXEMPT) {
            if (perGroup.merge(group, 1, Integer::sum) > maxPerIp) {
                release(group);
                total.decrementAndGet();
                return "too many connections from your address (at most " + maxPerIp + ")";
            }
        }
        ctx.channel().attr(GROUP).set(group);
        return null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        String group = ctx.channel().attr(GROUP).getAndSet(null);
        if (group != null) {
            total.decrementAndGet();
            if (group != EXEMPT) {
                release(group);
            }
            ctx.fireChannelInactive();
        }
    }

    private void release(String group) {
        perGroup.computeIfPresent(group, (g, count) -> count <= 1 ? null : count - 1);
    }

    public int connections() {
        return total.get();
    }

    private String group(SocketAddress remote) {
        if (maxPerIp <= 0 || !(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return EXEMPT;
        }
        InetAddress address = inet.getAddress();
        if (exempt.contains(address)) {
            return EXEMPT;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            bytes = Arrays.copyOf(bytes, 8); // the /64
        }
        return Arrays.toString(bytes);
    }
}
