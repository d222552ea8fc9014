package io.parley.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.CharsetUtil;
import java.net.InetSocketAddress;

/**
 * Framing for datagram transports: one datagram is one line, UTF-8, with no line end on what the
 * server sends; a single trailing {@code \n} or {@code \r\n} on what a client sends is ignored.
 */
public final class DatagramLines {
    /** Fits in one Ethernet frame with IPv4/IPv6 and UDP headers, so datagrams are not fragmented. */
    public static final int DEFAULT_MAX_DATAGRAM_BYTES = 1400;
    /** The largest UDP payload over IPv4. */
    public static final int MAX_UDP_PAYLOAD = 65_507;

    private DatagramLines() {
    }

    /** One line to one address, encoded now. */
    public static DatagramPacket packet(ByteBufAllocator alloc, String line, InetSocketAddress to) {
        return new DatagramPacket(ByteBufUtil.writeUtf8(alloc, line), to);
    }

    /**
     * A datagram of a line already encoded once for many recipients ({@link ServerLine#encode}):
     * a retained slice of the same bytes without the trailing {@code \n}, nothing copied. The
     * caller keeps its own reference to {@code sharedLine}.
     */
    public static DatagramPacket shared(ByteBuf sharedLine, InetSocketAddress to) {
        int length = sharedLine.readableBytes();
        if (length > 0 && sharedLine.getByte(sharedLine.readerIndex() + length - 1) == '\n') {
            length--;
        }
        return new DatagramPacket(sharedLine.retainedSlice(sharedLine.readerIndex(), length), to);
    }

    /** Bytes of {@code content} that make the line: one trailing {@code \n} or {@code \r\n} left out. */
    public static int lineLength(ByteBuf content) {
        int length = content.readableBytes();
        int start = content.readerIndex();
        if (length > 0 && content.getByte(start + length - 1) == '\n') {
            length--;
            if (length > 0 && content.getByte(start + length - 1) == '\r') {
                length--;
            }
        }
        return length;
    }

    /** The line in {@code content} as text, or {@code null} if it is not valid UTF-8. */
    public static String text(ByteBuf content) {
        int length = lineLength(content);
        int start = content.readerIndex();
        if (!ByteBufUtil.isText(content, start, length, CharsetUtil.UTF_8)) {
            return null;
        }
        return content.toString(start, length, CharsetUtil.UTF_8);
    }
}
