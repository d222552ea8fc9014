package io.parley.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.List;

/**
 * Cuts the received bytes into lines and hands each to its client in place (no frame buffers are
 * made). {@code \r\n} and {@code \n} both end a line. The last stage of a TCP client's pipeline.
 */
final class LineSplitter extends ByteToMessageDecoder {
    private static final int MAX_LINE = 64 * 1024;
    private final BenchClient client;

    LineSplitter(BenchClient client) {
        this.client = client;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.pipeline().get(SslHandler.class) == null) {
            client.active(ctx.channel());
        }
        super.channelActive(ctx);
    }

    /** Over TLS the handshake starts only once TLS is up: a server registers us only then. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                client.active(ctx.channel());
            } else {
                client.fail("TLS handshake failed: " + done.cause());
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        client.inactive();
        super.channelInactive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        while (start < end) {
            int lf = in.indexOf(start, end, (byte) '\n');
            if (lf < 0) {
                break;
            }
            int lineEnd = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            client.line(in, start, lineEnd);
            start = lf + 1;
        }
        in.readerIndex(start);
        if (end - start > MAX_LINE) {
            throw new TooLongFrameException("a line longer than " + MAX_LINE + " bytes");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        client.fail(cause.toString());
        ctx.close();
    }
}
