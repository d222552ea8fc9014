package io.parley.server.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.parley.server.chat.Member;
import java.net.InetSocketAddress;

/**
 * A chat member at one UDP address (ip:port). All UDP members share the one datagram channel, so
 * they all live on its event loop; the {@link UdpChatHandler} that owns them does the sending.
 */
final class UdpMember extends Member {
    private final UdpChatHandler handler;
    private final Channel channel;
    private final InetSocketAddress address;
    private long lastHeardMillis; // on the event loop only

    UdpMember(UdpChatHandler handler, Channel channel, InetSocketAddress address) {
        this.handler = handler;
        this.channel = channel;
        this.address = address;
    }

    InetSocketAddress address() {
        return address;
    }

    void heard(long nowMillis) {
        lastHeardMillis = nowMillis;
    }

    long lastHeardMillis() {
        return lastHeardMillis;
    }

    @Override
    public EventExecutor executor() {
        return channel.eventLoop();
    }

    @Override
    protected void write(ByteBuf sharedLine) {
        handler.writeShared(sharedLine, address);
    }

    @Override
    protected void flush() {
        channel.flush();
    }

    @Override
    public void send(String line) {
        handler.sendTo(address, line);
    }

    /** A UDP source address is never confirmed: no history answers, no name hold. */
    @Override
    public boolean isDatagram() {
        return true;
    }

    /** Nothing to close for one address: the member just stops being one. */
    @Override
    public void close() {
        handler.leave(this);
    }

    @Override
    public String remote() {
        return "udp:" + address;
    }
}
