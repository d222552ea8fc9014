package io.parley.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.parley.protocol.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A connected UDP socket to a Parley server's UDP chat port: one UTF-8 line per datagram each way.
 * Being connected, it only receives datagrams from that server, and a server that is not there
 * shows up as "port unreachable".
 */
final class UdpChatConnection implements ChatLink {
    private final EventLoopGroup group;
    private final Channel channel;
    private final String describe;

    private UdpChatConnection(EventLoopGroup group, Channel channel, String describe) {
        this.group = group;
        this.channel = channel;
        this.describe = describe;
    }

    /** Waits for the server's answers to the validation handshake: one try each, the request sent again. */
    private static final long[] VALIDATION_WAITS_MILLIS = {250, 500, 1000, 1500};

    /**
     * Opens the socket and has the server validate this address ({@link UdpValidation}) before
     * returning, so the session gets its lines as they happen. Fails if the server does not
     * answer (nothing listening there, or an answer lost every time).
     */
    static UdpChatConnection open(String host, int port, String name, Inbox inbox) throws IOException {
        Transports transport = Transports.best();
        EventLoopGroup group = transport.newGroup(1);
        String describe = host + ":" + port + " (UDP)";
        UdpValidation validation = new UdpValidation(name);
        InetSocketAddress server = new InetSocketAddress(host, port);
        if (server.isUnresolved()) {
            ChatConnection.shutdown(group);
            throw new IOException("cannot find host " + host);
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.datagramChannel())
                .handler(new ServerDatagramHandler(inbox, validation));
        ChannelFuture connected = bootstrap.connect(server).awaitUninterruptibly();
        if (!connected.isSuccess()) {
            ChatConnection.shutdown(group);
            throw new IOException("cannot open UDP to " + describe + ": " + Failures.describe(connected.cause()));
        }
        UdpChatConnection connection = new UdpChatConnection(group, connected.channel(), describe);
        try {
            connection.validate(validation);
        } catch (IOException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private void validate(UdpValidation validation) throws IOException {
        long waited = 0;
        for (long wait : VALIDATION_WAITS_MILLIS) {
            validation.ask(channel);
            try {
                validation.done().get(wait, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                waited += wait;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof PortUnreachableException) {
                    throw new IOException("cannot chat over UDP with " + describe
                            + ": port unreachable, no UDP chat server is listening there");
                }
                throw new IOException("cannot chat over UDP with " + describe + ": " + Failures.describe(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + describe);
            }
        }
        throw new IOException("no answer from a UDP chat server at " + describe + " within " + waited + " ms");
    }

    @Override
    public ChannelFuture send(String line) {
        // A connected datagram channel takes a plain buffer and sends it to the server.
        return channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), line));
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1000);
        ChatConnection.shutdown(group);
    }
}
