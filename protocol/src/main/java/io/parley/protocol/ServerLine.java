package io.parley.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * The lines a server sends. Chat is {@code NAME : TEXT}; what the server itself says starts with
 * {@code "* "} (notice) or {@code "! "} (error); a private message starts with {@code "@"} and the
 * sender's name. None of these prefixes can begin a valid name, so a client can always tell them
 * apart.
 */
public final class ServerLine {
    public static final String NOTICE = "* ";
    public static final String ERROR = "! ";
    public static final char PRIVATE = '@';

    /** How a client should show a line it received. */
    public enum Kind { CHAT, NOTICE, ERROR, PRIVATE, OTHER }

    private ServerLine() {
    }

    public static String chat(String name, String text) {
        return name + ClientLineParser.SEPARATOR + text;
    }

    public static String notice(String text) {
        return NOTICE + text;
    }

    public static String error(String text) {
        return ERROR + text;
    }

    public static String privateMessage(String from, String text) {
        return PRIVATE + from + ClientLineParser.SEPARATOR + text;
    }

    public static Kind kindOf(String line) {
        if (line.startsWith(NOTICE)) {
            return Kind.NOTICE;
        }
        if (line.startsWith(ERROR)) {
            return Kind.ERROR;
        }
        int sep = line.indexOf(ClientLineParser.SEPARATOR);
        if (sep > 1 && line.charAt(0) == PRIVATE && Names.isValid(line.substring(1, sep))) {
            return Kind.PRIVATE;
        }
        if (sep > 0 && Names.isValid(line.substring(0, sep))) {
            return Kind.CHAT;
        }
        return Kind.OTHER;
    }

    /**
     * Encodes a line once, with its {@code \n}, for writing to many recipients: each takes a
     * {@code retainedDuplicate()} and the caller releases this buffer when done.
     */
    public static ByteBuf encode(ByteBufAllocator alloc, String line) {
        ByteBuf buf = alloc.directBuffer(ByteBufUtil.utf8MaxBytes(line) + 1);
        ByteBufUtil.writeUtf8(buf, line);
        buf.writeByte('\n');
        return buf;
    }
}
