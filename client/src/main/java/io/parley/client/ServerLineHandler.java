package io.parley.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.CharsetUtil;

/** Last TCP stage: each framed line from the server, decoded as UTF-8, goes to the session's inbox. */
final class ServerLineHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private final Inbox inbox;
    private String failure;

    ServerLineHandler(Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        inbox.fromNetwork(ctx.channel(), new SessionEvent.Received(frame.toString(CharsetUtil.UTF_8)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inbox.add(new SessionEvent.Closed(failure));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            inbox.add(new SessionEvent.Problem("skipped a line from the server that was too long"));
            return;
        }
        if (failure == null) {
            failure = Failures.describe(cause);
        }
        ctx.close();
    }
}
