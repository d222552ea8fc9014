package io.parley.server.udp;

import io.parley.protocol.LockStepAnswers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What an unvalidated UDP member has not been sent yet. Such a member gets exactly one datagram
 * for each one it sends (so a client that sends a line and then reads one datagram never waits
 * for ever, and never falls behind): the newest lines since its last answer that fit the budget,
 * joined by {@code \n}, after a note of how many older ones were skipped (as a lock-step TCP
 * connection's answers, {@link LockStepAnswers}). Lines beyond what one
 * answer could ever hold are forgotten as they arrive, counted as skipped. Event loop only.
 */
final class LockStepDigest {
    /** The most one answer holds: what the tutorial's client reads, {@code recvfrom(1024)}. */
    static final int MAX_BYTES = 1024;
    static final String NOTHING_NEW = LockStepAnswers.NOTHING_NEW;

    private final ArrayDeque<byte[]> lines = new ArrayDeque<>();
    private int bytes; // the lines and a separator after each
    private long skipped;

    void add(byte[] line) {
        lines.addLast(line);
        bytes += line.length + 1;
        while (bytes > MAX_BYTES + 1) {
            bytes -= lines.removeFirst().length + 1;
            skipped++;
        }
    }

    boolean isEmpty() {
        return lines.isEmpty() && skipped == 0;
    }

    /** Lines queued now (for tests). */
    int size() {
        return lines.size();
    }

    /** The same notice as a lock-step TCP connection gets. */
    static String note(long skipped) {
        return LockStepAnswers.skippedNotice(skipped);
    }

    /**
     * The answer to one datagram, at most {@code budget} bytes (and {@link #MAX_BYTES}), or null if
     * not even the note fits (then everything stays queued). What the answer leaves out is skipped
     * for good. {@code skippedOut} receives the number of lines skipped.
     */
    byte[] take(long budget, long[] skippedOut) {
        long limit = Math.min(budget, MAX_BYTES);
        if (isEmpty()) {
            byte[] nothing = NOTHING_NEW.getBytes(StandardCharsets.UTF_8);
            return nothing.length <= limit ? nothing : null;
        }
        List<byte[]> newestFirst = new ArrayList<>(lines.size());
        for (Iterator<byte[]> it = lines.descendingIterator(); it.hasNext(); ) {
            newestFirst.add(it.next());
        }
        int n = newestFirst.size();
        long[] suffix = new long[n + 1]; // suffix[k]: bytes of the k newest lines with separators between
        for (int k = 1; k <= n; k++) {
            suffix[k] = suffix[k - 1] + newestFirst.get(k - 1).length + (k > 1 ? 1 : 0);
        }
        for (int k = n; k >= 0; k--) {
            long skip = skipped + (n - k);
            long size = suffix[k] + (skip > 0 ? noteBytes(skip) + (k > 0 ? 1 : 0) : 0);
            if (size <= limit && (k > 0 || skip > 0)) {
                byte[] answer = join(skip, newestFirst.subList(0, k), (int) size);
                skippedOut[0] = skip;
                clear();
                return answer;
            }
        }
        // A datagram too short for even the notice (the shortest, "a : b", earns 15 bytes): the
        // notice's short form, so that it is still answered.
        byte[] shortNote = shortNote(skipped + n).getBytes(StandardCharsets.US_ASCII);
        if (shortNote.length <= limit) {
            skippedOut[0] = skipped + n;
            clear();
            return shortNote;
        }
        return null;
    }

    /** {@code * skipped N}: what an answer says when the datagram asking was too short for more. */
    static String shortNote(long skipped) {
        return "* skipped " + skipped;
    }

    /** Only the newest line (a member's last word: {@code * bye NAME}), or null if it does not fit. */
    byte[] takeNewest(long budget) {
        byte[] newest = lines.peekLast();
        clear();
        return newest != null && newest.length <= Math.min(budget, MAX_BYTES) ? newest : null;
    }

    /** Every line queued, oldest first, and forgets them (the member was validated: they go out one by one). */
    List<byte[]> drain() {
        List<byte[]> all = new ArrayList<>(lines);
        clear();
        return all;
    }

    private void clear() {
        lines.clear();
        bytes = 0;
        skipped = 0;
    }

    private static int noteBytes(long skipped) {
        return note(skipped).length(); // ASCII
    }

    private static byte[] join(long skip, List<byte[]> newestFirst, int size) {
        byte[] out = new byte[size];
        int at = 0;
        if (skip > 0) {
            byte[] note = note(skip).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(note, 0, out, 0, note.length);
            at = note.length;
        }
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            if (at > 0) {
                out[at++] = '\n';
            }
            byte[] line = newestFirst.get(i);
            System.arraycopy(line, 0, out, at, line.length);
            at += line.length;
        }
        return out;
    }
}
