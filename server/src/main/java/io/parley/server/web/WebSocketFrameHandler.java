package io.parley.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;
import io.parley.protocol.ClientLineDecoder;
import io.parley.server.PipelineNames;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lines to and from WebSocket frames, one line per text frame, so that the chat session behind it
 * is the same as on TCP. Inbound: a text frame (fragments already joined) becomes a
 * {@code ClientLine}; anything else closes the connection with the status that says why.
 * Outbound: a reply ({@code String}) or an encoded line ({@code ByteBuf} ending in {@code \n})
 * becomes a text frame without the line end. Once the handshake completes it starts the chat
 * session. One per connection.
 */
final class WebSocketFrameHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);

    private final int maxLineBytes;
    private final Supplier<ChannelHandler> session;

    /** @param session makes the chat session stage, added behind this one once the handshake completes */
    WebSocketFrameHandler(int maxLineBytes, Supplier<ChannelHandler> session) {
        this.maxLineBytes = maxLineBytes;
        this.session = session;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof HandshakeComplete) {
            ctx.pipeline().addAfter(ctx.name(), PipelineNames.SESSION, session.get());
            ctx.fireChannelActive(); // for the session, the chat connection begins now
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TextWebSocketFrame text) {
            try {
                ctx.fireChannelRead(ClientLineDecoder.decode(text.content()));
            } finally {
                text.release();
            }
        } else if (msg instanceof BinaryWebSocketFrame binary) {
            binary.release();
            close(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "binary frames are not accepted: send each line as a text frame");
        } else {
            ReferenceCountUtil.release(msg); // nothing else reaches here: control frames stop at the protocol handler
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof String line) {
            ctx.write(new TextWebSocketFrame(ByteBufUtil.writeUtf8(ctx.alloc(), line)), promise);
        } else if (msg instanceof ByteBuf encoded && encoded.isReadable()) {
            ctx.write(textFrame(encoded), promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    /**
     * A text frame of an encoded line without its {@code \n}, sharing the line's bytes: takes over
     * the caller's reference to {@code line}.
     */
    static WebSocketFrame textFrame(ByteBuf line) {
        int length = line.readableBytes();
        if (line.getByte(line.readerIndex() + length - 1) == '\n') {
            length--;
        }
        return new TextWebSocketFrame(line.slice(line.readerIndex(), length));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // a message sent in fragments grew past the limit (one frame past it never gets here:
            // the frame decoder closes with the same status)
            close(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "line too long: at most " + maxLineBytes + " bytes");
        } else if (cause instanceof CorruptedWebSocketFrameException || cause instanceof WebSocketHandshakeException
                || cause instanceof IOException) {
            // Already answered and closing (a protocol violation, a failed handshake) or lost:
            // expected from bad clients, so no stack trace.
            log.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private static void close(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        log.debug("{}: closing WebSocket, {} ({})", ctx.channel().remoteAddress(), status.code(), reason);
        ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), reason)).addListener(ChannelFutureListener.CLOSE);
    }
}
