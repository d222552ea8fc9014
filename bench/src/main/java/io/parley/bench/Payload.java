package io.parley.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The text every benchmark message carries: {@code %pb:SENDER:SEQ:NANOS;} then padding up to the
 * message size. A receiver finds it inside whatever the server puts around it ({@code NAME : },
 * {@code [/127.0.0.1:4242] }, {@code :nick!u@h PRIVMSG #room :}), so one codec serves every target.
 * Parsing works on the received bytes in place: no String per message.
 */
public final class Payload {
    static final byte[] MARKER = "%pb:".getBytes(StandardCharsets.US_ASCII);
    private static final byte PAD = '.';

    private Payload() {
    }

    /** What one payload says; reused by a receiver for every line it parses. */
    public static final class Parsed {
        public int sender;
        public long seq;
        public long sentNanos;
    }

    /**
     * Appends the payload, padded with dots to at least {@code size} bytes. {@code sentNanos}
     * must not be negative (the run gives times relative to its own start).
     */
    public static void write(ByteBuf out, int sender, long seq, long sentNanos, int size) {
        int start = out.writerIndex();
        out.writeBytes(MARKER);
        writeDecimal(out, sender);
        out.writeByte(':');
        writeDecimal(out, seq);
        out.writeByte(':');
        writeDecimal(out, sentNanos);
        out.writeByte(';');
        int pad = size - (out.writerIndex() - start);
        for (int i = 0; i < pad; i++) {
            out.writeByte(PAD);
        }
    }

    /** Longest payload {@link #write} makes for {@code size}: room for the largest numbers. */
    public static int maxLength(int size) {
        return Math.max(size, MARKER.length + 10 + 1 + 19 + 1 + 19 + 1);
    }

    /** The payload as text, for tests and for transports that send Strings. */
    public static String toText(int sender, long seq, long sentNanos, int size) {
        StringBuilder sb = new StringBuilder(new String(MARKER, StandardCharsets.US_ASCII))
                .append(sender).append(':').append(seq).append(':').append(sentNanos).append(';');
        while (sb.length() < size) {
            sb.append((char) PAD);
        }
        return sb.toString();
    }

    /**
     * Looks for a payload in {@code buf[from, to)}, which holds one line. True, with {@code into}
     * filled, if there is a well-formed one; false for lines that carry none (notices, joins).
     */
    public static boolean parse(ByteBuf buf, int from, int to, Parsed into) {
        for (int at = find(buf, from, to); at >= 0; at = find(buf, at + 1, to)) {
            if (parseAt(buf, at + MARKER.length, to, into)) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code SENDER:SEQ:NANOS;} starting at {@code i}. */
    private static boolean parseAt(ByteBuf buf, int i, int to, Parsed into) {
        long sender = 0;
        long seq = 0;
        long nanos = 0;
        int field = 0;
        int digits = 0;
        for (; i < to; i++) {
            byte b = buf.getByte(i);
            if (b >= '0' && b <= '9') {
                if (++digits > 19) {
                    return false;
                }
                int d = b - '0';
                switch (field) {
                    case 0 -> sender = sender * 10 + d;
                    case 1 -> seq = seq * 10 + d;
                    default -> nanos = nanos * 10 + d;
                }
            } else if (digits == 0) {
                return false;
            } else if (b == ':' && field < 2) {
                field++;
                digits = 0;
            } else if (b == ';' && field == 2) {
                if (sender > Integer.MAX_VALUE || nanos < 0 || seq < 0) {
                    return false;
                }
                into.sender = (int) sender;
                into.seq = seq;
                into.sentNanos = nanos;
                return true;
            } else {
                return false;
            }
        }
        return false;
    }

    private static int find(ByteBuf buf, int from, int to) {
        int last = to - MARKER.length;
        for (int i = from; i <= last; i++) {
            i = buf.indexOf(i, last + 1, MARKER[0]);
            if (i < 0) {
                return -1;
            }
            if (buf.getByte(i + 1) == MARKER[1] && buf.getByte(i + 2) == MARKER[2] && buf.getByte(i + 3) == MARKER[3]) {
                return i;
            }
        }
        return -1;
    }

    private static void writeDecimal(ByteBuf out, long value) {
        if (value < 10) {
            out.writeByte((int) ('0' + value));
            return;
        }
        int start = out.writerIndex();
        while (value > 0) {
            out.writeByte((int) ('0' + value % 10));
            value /= 10;
        }
        // digits came out backwards: reverse them in place
        for (int i = start, j = out.writerIndex() - 1; i < j; i++, j--) {
            byte t = out.getByte(i);
            out.setByte(i, out.getByte(j));
            out.setByte(j, t);
        }
    }
}
