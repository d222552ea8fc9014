package io.parley.server.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.parley.server.PipelineNames;

/** A chat member on a TCP (or TLS) connection. */
final class TcpMember extends ChannelMember {
    /**
     * Broadcast bytes are already encoded: they enter the pipeline below the line encoder, so that
     * each of a broadcast's many writes skips the stages that have nothing to do with it.
     */
    private final ChannelHandlerContext encodedOut;

    TcpMember(Channel channel) {
        super(channel);
        this.encodedOut = channel.pipeline().context(PipelineNames.LINE_ENCODER);
    }

    @Override
    protected void writeShared(ByteBuf sharedLine) {
        encodedOut.write(sharedLine.retainedDuplicate(), encodedOut.voidPromise());
    }

    @Override
    protected void flush() {
        encodedOut.flush();
    }
}
