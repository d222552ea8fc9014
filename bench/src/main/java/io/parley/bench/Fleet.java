package io.parley.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.parley.protocol.Transports;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import javax.net.ssl.SSLException;

/**
 * The load generator's connections: its event loops, the connect ramp (spread over several
 * loopback source addresses so that ephemeral ports never run out, with a bounded number of
 * handshakes in flight), the per-loop send tickers, and the final collection of counts.
 */
final class Fleet implements AutoCloseable {
    private static final long TICK_MICROS = 1000;
    private static final long TLS_HANDSHAKE_MILLIS = 120_000;

    private final Transports transport = Transports.best();
    private final MultiThreadIoEventLoopGroup group;
    private final InetSocketAddress server;
    /** Every server of the chat: clients go to them in turn. */
    private final List<InetSocketAddress> servers = new ArrayList<>();
    private final int sourceAddresses;
    private final SslContext tls;
    private final List<BenchClient> clients = new ArrayList<>();
    private final List<ScheduledFuture<?>> tickers = new ArrayList<>();

    Fleet(BenchOptions options) throws SSLException {
        this.group = transport.newGroup(options.threads());
        this.server = new InetSocketAddress(options.loopbackHost(), options.port);
        for (int port : options.ports()) {
            servers.add(new InetSocketAddress(server.getAddress(), port));
        }
        this.sourceAddresses = options.sourceAddresses;
        // The peers use throwaway self-signed certificates: trust anything (loopback only).
        this.tls = options.tls
                ? SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build()
                : null;
    }

    List<BenchClient> clients() {
        return clients;
    }

    /**
     * Connects {@code count} clients made by {@code factory} and waits until every one has done
     * its handshake. At most {@code concurrency} are connecting at once. Returns the seconds the
     * ramp took; throws if any client fails or the whole ramp exceeds {@code timeoutSeconds}.
     */
    double connect(int count, IntFunction<BenchClient> factory, int concurrency, double timeoutSeconds)
            throws InterruptedException, TimeoutException {
        return connect(0, count, factory, concurrency, timeoutSeconds, this::connectTcp);
    }

    /** TCP clients numbered {@code firstId} .. {@code firstId+count-1}. */
    double connect(int firstId, int count, IntFunction<BenchClient> factory, int concurrency, double timeoutSeconds)
            throws InterruptedException, TimeoutException {
        return connect(firstId, count, factory, concurrency, timeoutSeconds, this::connectTcp);
    }

    /** Like {@link #connect(int, IntFunction, int, double)} for UDP members talking to {@code udpPort}. */
    double connectUdp(int firstId, int count, IntFunction<BenchClient> factory, int udpPort, int concurrency,
                      double timeoutSeconds) throws InterruptedException, TimeoutException {
        InetSocketAddress udpServer = new InetSocketAddress(server.getAddress(), udpPort);
        return connect(firstId, count, factory, concurrency, timeoutSeconds,
                (client, i) -> new Bootstrap()
                        .group(group)
                        .channel(transport.datagramChannel())
                        .handler(new DatagramLines(client))
                        .connect(udpServer, sourceAddress(i)));
    }

    private interface Opener {
        ChannelFuture open(BenchClient client, int index);
    }

    private ChannelFuture connectTcp(BenchClient client, int index) {
        return bootstrap(client).connect(servers.get(index % servers.size()), sourceAddress(index));
    }

    private double connect(int firstId, int count, IntFunction<BenchClient> factory, int concurrency,
                           double timeoutSeconds, Opener opener) throws InterruptedException, TimeoutException {
        long start = System.nanoTime();
        long deadline = start + (long) (timeoutSeconds * 1e9);
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<BenchClient>> all = new ArrayList<>(count);
        for (int i = firstId; i < firstId + count; i++) {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("connected only " + (i - firstId) + " of " + count + " clients in " + timeoutSeconds + " s");
            }
            BenchClient client = factory.apply(i);
            clients.add(client);
            CompletableFuture<BenchClient> ready = client.readiness();
            ready.whenComplete((c, e) -> inFlight.release());
            all.add(ready);
            opener.open(client, i).addListener(f -> {
                if (!f.isSuccess()) {
                    client.fail("cannot connect: " + f.cause());
                }
            });
            CompletableFuture<BenchClient> failed = firstFailure(all);
            if (failed != null) {
                failed.join(); // throws the client's reason
            }
        }
        for (CompletableFuture<BenchClient> ready : all) {
            long left = deadline - System.nanoTime();
            try {
                ready.get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static CompletableFuture<BenchClient> firstFailure(List<CompletableFuture<BenchClient>> all) {
        // only the newest few can have failed since the last look: checking the tail is enough
        for (int i = all.size() - 1; i >= Math.max(0, all.size() - 64); i--) {
            if (all.get(i).isCompletedExceptionally()) {
                return all.get(i);
            }
        }
        return null;
    }

    private Bootstrap bootstrap(BenchClient client) {
        return new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 60_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            SslHandler handler = tls.newHandler(ch.alloc(), server.getHostString(), server.getPort());
                            // a busy server may take a while to answer 1,000 handshakes at once
                            handler.setHandshakeTimeoutMillis(TLS_HANDSHAKE_MILLIS);
                            ch.pipeline().addLast("tls", handler);
                        }
                        ch.pipeline().addLast("lines", new LineSplitter(client));
                    }
                });
    }

    /** 127.0.0.1, 127.0.0.2, ... in turn for an IPv4 loopback server; the default for ::1. */
    private InetSocketAddress sourceAddress(int i) {
        InetAddress target = server.getAddress();
        if (!(target instanceof Inet4Address) || sourceAddresses <= 1) {
            return null;
        }
        byte[] a = {127, 0, 0, (byte) (1 + i % sourceAddresses)};
        try {
            return new InetSocketAddress(InetAddress.getByAddress(a), 0);
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Starts one ticker per event loop that pumps that loop's senders until they are done. */
    void startSending() {
        Map<EventLoop, List<BenchClient>> byLoop = new IdentityHashMap<>();
        for (BenchClient c : clients) {
            if (c.isSender()) {
                byLoop.computeIfAbsent(c.executor(), l -> new ArrayList<>()).add(c);
            }
        }
        for (Map.Entry<EventLoop, List<BenchClient>> e : byLoop.entrySet()) {
            List<BenchClient> senders = e.getValue();
            tickers.add(e.getKey().scheduleAtFixedRate(() -> {
                for (int i = 0; i < senders.size(); i++) {
                    senders.get(i).pump();
                }
            }, 0, TICK_MICROS, TimeUnit.MICROSECONDS));
        }
    }

    /**
     * Stops the tickers and waits until a pump that was running has finished, so that the sent
     * counts read afterwards are final.
     */
    void stopSending() {
        tickers.forEach(t -> t.cancel(false));
        tickers.clear();
        for (io.netty.util.concurrent.EventExecutor loop : group) {
            loop.submit(() -> { }).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    /** Every client's totals, read on each client's own event loop. */
    List<BenchClient.Totals> totals() {
        List<CompletableFuture<BenchClient.Totals>> futures = new ArrayList<>(clients.size());
        for (BenchClient c : clients) {
            futures.add(CompletableFuture.supplyAsync(c::totals, c.executor()));
        }
        List<BenchClient.Totals> totals = new ArrayList<>(clients.size());
        for (CompletableFuture<BenchClient.Totals> f : futures) {
            totals.add(f.join());
        }
        return totals;
    }

    @Override
    public void close() {
        stopSending();
        for (BenchClient c : clients) {
            c.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
