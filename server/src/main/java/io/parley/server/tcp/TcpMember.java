package io.parley.server.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.unix.DomainSocketChannel;
import io.parley.server.PipelineNames;
import io.parley.server.unix.UnixSocketFile;

/** A chat member on a TCP (or TLS, or Unix domain socket) connection. */
final class TcpMember extends ChannelMember {
    /**
     * Broadcast bytes are already encoded: they enter the pipeline below the line encoder, so that
     * each of a broadcast's many writes skips the stages that have nothing to do with it.
     */
    private final ChannelHandlerContext encodedOut;
    /** How the log names the peer of a Unix domain socket; null for TCP and TLS. */
    private final String unixPeer;
    /** The client sends lines without line ends and reads once after each (see LockStepAnswers). */
    private boolean lockStep;

    TcpMember(Channel channel) {
        super(channel);
        this.encodedOut = channel.pipeline().context(PipelineNames.LINE_ENCODER);
        // A Unix socket peer has no address worth logging: its user id (and process) is.
        this.unixPeer = channel instanceof DomainSocketChannel || channel instanceof NioDomainSocketChannel
                ? UnixSocketFile.describePeer(channel) : null;
    }

    @Override
    protected void writeShared(ByteBuf sharedLine) {
        encodedOut.write(sharedLine.retainedDuplicate(), encodedOut.voidPromise());
    }

    @Override
    protected void flush() {
        encodedOut.flush();
    }

    void lockStep(boolean on) {
        lockStep = on;
    }

    /** A lock-step client sees its own line in its answer, so that every line it sends has one. */
    @Override
    protected void relayed(String line) {
        if (lockStep) {
            send(line);
        }
    }

    @Override
    public String remote() {
        return unixPeer != null ? unixPeer : super.remote();
    }
}
