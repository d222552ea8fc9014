package io.parley.server.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.parley.server.chat.Member;
import io.parley.server.limits.ConnectionLimiter.Admission;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A chat member at one UDP address (ip:port). All UDP members share the one datagram channel, so
 * they all live on its event loop; the {@link UdpChatHandler} that owns them does the sending.
 *
 * <p>Until its address is validated (it echoed a token the server sent there), a member is sent
 * nothing unasked: what is for it waits in a {@link LockStepDigest}, and each datagram it sends is
 * answered with one datagram, within a budget of three times the bytes it has sent in all
 * (RFC 9000, section 8.1). Once validated, lines go out as they come, one datagram each.
 */
final class UdpMember extends Member {
    /** An unvalidated address may be sent this many times the bytes received from it. */
    static final int AMPLIFICATION_FACTOR = 3;

    private final UdpChatHandler handler;
    private final Channel channel;
    private final InetSocketAddress address;
    private final Admission admission;
    private LockStepDigest digest; // null once validated
    private long credit; // unvalidated: bytes it may still be sent
    private long lastHeardMillis; // on the event loop only
    private boolean countedOpen; // in the connections gauge; on the event loop only

    UdpMember(UdpChatHandler handler, Channel channel, InetSocketAddress address, Admission admission,
              boolean validated) {
        this.handler = handler;
        this.channel = channel;
        this.address = address;
        this.admission = admission;
        this.digest = validated ? null : new LockStepDigest();
    }

    InetSocketAddress address() {
        return address;
    }

    Admission admission() {
        return admission;
    }

    /** A datagram of {@code bytes} came from this member's address. */
    void heard(long nowMillis, int bytes) {
        lastHeardMillis = nowMillis;
        if (digest != null) {
            credit += (long) AMPLIFICATION_FACTOR * bytes;
        }
    }

    long lastHeardMillis() {
        return lastHeardMillis;
    }

    boolean validated() {
        return digest == null;
    }

    /** Bytes this unvalidated member may still be sent. */
    long credit() {
        return credit;
    }

    LockStepDigest digest() {
        return digest;
    }

    /** The address echoed its token: from now on lines go out as they come, those waiting first. */
    void validate() {
        if (digest != null) {
            LockStepDigest waiting = digest;
            digest = null;
            for (byte[] line : waiting.drain()) {
                handler.sendBytes(address, line);
            }
        }
    }

    /** Sends one datagram if the budget of an unvalidated member allows it; true if sent. */
    boolean sendWithinCredit(byte[] datagram) {
        if (datagram == null || datagram.length > credit) {
            return false;
        }
        credit -= datagram.length;
        handler.sendBytes(address, datagram);
        return true;
    }

    @Override
    public EventExecutor executor() {
        return channel.eventLoop();
    }

    @Override
    protected void write(ByteBuf sharedLine) {
        if (digest == null) {
            handler.writeShared(sharedLine, address);
            return;
        }
        int length = sharedLine.readableBytes();
        if (length > 0 && sharedLine.getByte(sharedLine.readerIndex() + length - 1) == '\n') {
            length--;
        }
        digest.add(ByteBufUtil.getBytes(sharedLine, sharedLine.readerIndex(), length));
    }

    @Override
    protected void flush() {
        if (digest == null) {
            channel.flush();
        }
    }

    @Override
    public void send(String line) {
        if (digest == null) {
            handler.sendBytes(address, line.getBytes(CharsetUtil.UTF_8));
        } else {
            digest.add(line.getBytes(CharsetUtil.UTF_8));
        }
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

    @Override
    public SocketAddress remoteAddress() {
        return address;
    }

    /** Marks the member as counted in the connections gauge; true the first time only. */
    boolean countOpened() {
        if (countedOpen) {
            return false;
        }
        countedOpen = true;
        return true;
    }

    /** Whether it was counted in the connections gauge (so its leaving is counted too). */
    boolean countedOpen() {
        return countedOpen;
    }
}
