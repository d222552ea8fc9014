package io.parley.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.CharsetUtil;
import java.util.List;

/**
 * Decodes one framed line into a {@link ClientLine}. Input that cannot be read (invalid UTF-8, a
 * line over the limit) becomes {@link ClientLine.Invalid}, so the handler after this one answers
 * every kind of bad input the same way and the connection stays up.
 */
@Sharable
public final class ClientLineDecoder extends MessageToMessageDecoder<ByteBuf> {
    public static final ClientLineDecoder INSTANCE = new ClientLineDecoder();

    private ClientLineDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(decode(frame));
    }

    public static ClientLine decode(ByteBuf frame) {
        if (!ByteBufUtil.isText(frame, CharsetUtil.UTF_8)) {
            return new ClientLine.Invalid("invalid UTF-8, line discarded");
        }
        return ClientLineParser.parse(frame.toString(CharsetUtil.UTF_8));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            ctx.fireChannelRead(new ClientLine.Invalid("line too long, discarded"));
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
