package io.parley.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.parley.server.PipelineNames;
import io.parley.server.tcp.ChannelMember;

/**
 * A chat member in a browser (or any WebSocket client): each line it gets is one text frame. A
 * broadcast's shared bytes go out as they are, less the {@code \n}, in a frame of their own:
 * one slice per recipient, no copy.
 */
final class WebSocketMember extends ChannelMember {
    /** Frames written here enter the pipeline below the stage that turns lines into frames. */
    private final ChannelHandlerContext framesOut;

    WebSocketMember(Channel channel) {
        super(channel);
        this.framesOut = channel.pipeline().context(PipelineNames.WEB_FRAMES);
    }

    @Override
    protected void writeShared(ByteBuf sharedLine) {
        int length = sharedLine.readableBytes() - 1; // a shared line always ends in \n
        framesOut.write(new TextWebSocketFrame(sharedLine.retainedSlice(sharedLine.readerIndex(), length)),
                framesOut.voidPromise());
    }

    @Override
    protected void flush() {
        framesOut.flush();
    }
}
