package io.parley.protocol;

import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.LineEncoder;
import io.netty.handler.codec.string.LineSeparator;
import io.netty.util.CharsetUtil;
import java.util.concurrent.TimeUnit;

/**
 * Framing for line transports (TCP, TLS, Unix sockets): lines end in {@code \n}; {@code \r\n} is
 * accepted; on the server, a line left unterminated for a pause is complete too (lock-step
 * clients, see {@link LineFrameDecoder} and {@link LockStepAnswers}).
 */
public final class LineFraming {
    public static final int DEFAULT_MAX_LINE_BYTES = 4096;

    /** Encodes a {@code String} reply as UTF-8 plus {@code \n}; {@code ByteBuf}s pass through. */
    public static final LineEncoder ENCODER = new LineEncoder(LineSeparator.UNIX, CharsetUtil.UTF_8);

    private LineFraming() {
    }

    /**
     * A per-channel frame decoder. A line longer than {@code maxLineBytes} is discarded up to its
     * end and reported as a {@code TooLongFrameException}, which {@link ClientLineDecoder} turns
     * into an {@link ClientLine.Invalid}; the connection stays usable.
     */
    public static LineBasedFrameDecoder newFrameDecoder(int maxLineBytes) {
        return new LineBasedFrameDecoder(maxLineBytes, true, true);
    }

    /**
     * The server's frame decoder: as {@link #newFrameDecoder(int)}, and a line unterminated for
     * {@code pauseMillis} is complete too (0: only {@code \n} ends a line).
     */
    public static LineFrameDecoder newFrameDecoder(int maxLineBytes, long pauseMillis) {
        return new LineFrameDecoder(maxLineBytes, TimeUnit.MILLISECONDS.toNanos(pauseMillis));
    }
}
