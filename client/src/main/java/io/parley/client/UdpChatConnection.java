package io.parley.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.parley.protocol.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;

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

    static UdpChatConnection open(String host, int port, Inbox inbox) throws IOException {
        Transports transport = Transports.best();
        EventLoopGroup group = transport.newGroup(1);
        String describe = host + ":" + port + " (UDP)";
        InetSocketAddress server = new InetSocketAddress(host, port);
        if (server.isUnresolved()) {
            ChatConnection.shutdown(group);
            throw new IOException("cannot find host " + host);
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.datagramChannel())
                .handler(new ServerDatagramHandler(inbox));
        ChannelFuture connected = bootstrap.connect(server).awaitUninterruptibly();
        if (!connected.isSuccess()) {
            ChatConnection.shutdown(group);
            throw new IOException("cannot open UDP to " + describe + ": " + Failures.describe(connected.cause()));
        }
        return new UdpChatConnection(group, connected.channel(), describe);
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
