package io.parley.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

    /**
     * Checks and decodes in one pass over the bytes, taken at once as an NIO buffer: not byte by
     * byte, which costs a stack trace a byte under the leak detector's paranoid level.
     */
    public static ClientLine decode(ByteBuf frame) {
        String text;
        try {
            text = UTF_8.get().decode(frame.nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            return new ClientLine.Invalid("invalid UTF-8, line discarded");
        }
        return ClientLineParser.parse(text);
    }

    /** A strict UTF-8 decoder per thread: overlong forms, surrogates and stray bytes are errors. */
    private static final ThreadLocal<CharsetDecoder> UTF_8 = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            ctx.fireChannelRead(new ClientLine.Invalid("line too long, discarded"));
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
