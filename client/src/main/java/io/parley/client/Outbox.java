package io.parley.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What the user entered and the server has not had yet, in order, and (when the server
 * acknowledges messages) the messages sent but not yet acknowledged. The session sends from here
 * at the pace the server's flood control allows, and keeps the lines while the connection is
 * down. Used on the session thread only.
 */
final class Outbox {
    /** Sent messages remembered for an acknowledgement; past this the oldest are forgotten. */
    static final int MAX_UNACKED = 1000;

    enum Kind {
        /** A line as typed: a command if it starts with {@code /}, else chat. */
        TYPED,
        /** One line of a multi-line paste: always chat, even if it starts with {@code /}. */
        TEXT,
        /** The user is leaving. */
        QUIT
    }

    record Entry(Kind kind, String text) {
    }

    /** What one input added: {@code lines} to send, {@code skipped} lone {@code q} lines of a paste. */
    record Added(int lines, int skipped) {
    }

    /**
     * A message sent and not yet acknowledged.
     *
     * @param conversation where it went ({@link SeenIds#room} or {@link SeenIds#pair}); null: the
     *                     room the server put us in on claiming the name, not yet confirmed
     * @param to           for a private message, the recipient; else null
     */
    record Sent(String conversation, String to, String text, long atNanos) {
    }

    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final ArrayDeque<Sent> unacked = new ArrayDeque<>();

    /**
     * Queues what the user entered. One line goes as typed; several (a paste) go each as a chat
     * line, blank ones left out, and a line that is just {@code q} left out too: sent, it would end
     * the session in the middle of the paste.
     */
    Added add(String input) {
        List<String> lines = new ArrayList<>();
        int skipped = 0;
        for (String line : input.split("\n", -1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        if (lines.size() == 1) {
            queue.addLast(new Entry(ChatSession.isQuit(lines.get(0)) ? Kind.QUIT : Kind.TYPED, lines.get(0)));
            return new Added(1, 0);
        }
        int added = 0;
        for (String l : lines) {
            if (l.strip().equals("q")) {
                skipped++;
            } else {
                queue.addLast(new Entry(Kind.TEXT, l));
                added++;
            }
        }
        return new Added(added, skipped);
    }

    /** The user is leaving once what is queued has gone. */
    void quit() {
        if (!hasQuit()) {
            queue.addLast(new Entry(Kind.QUIT, "q"));
        }
    }

    boolean hasQuit() {
        return queue.stream().anyMatch(e -> e.kind() == Kind.QUIT);
    }

    Entry peek() {
        return queue.peekFirst();
    }

    Entry poll() {
        return queue.pollFirst();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Lines waiting to be sent (the quit not counted). */
    int waiting() {
        return (int) queue.stream().filter(e -> e.kind() != Kind.QUIT).count();
    }

    /** Drops the lines waiting to be sent (a quit stays); returns how many. */
    int dropWaiting() {
        int dropped = waiting();
        queue.removeIf(e -> e.kind() != Kind.QUIT);
        return dropped;
    }

    /** Puts chat lines back at the front, in this order, to go before anything queued since. */
    void sendAgainFirst(List<String> texts) {
        for (int i = texts.size() - 1; i >= 0; i--) {
            queue.addFirst(new Entry(Kind.TEXT, texts.get(i)));
        }
    }

    void sent(Sent message) {
        unacked.addLast(message);
        if (unacked.size() > MAX_UNACKED) {
            unacked.removeFirst();
        }
    }

    /**
     * The server acknowledged one of our messages. Acknowledgements come in the order the
     * messages were sent, so the messages before it that are still unacknowledged were refused
     * (flood control, an unknown recipient) and are forgotten too. An acknowledgement that matches
     * no message (its text changed on the way) settles nothing.
     */
    void acked(String conversation, String text) {
        int match = 0;
        for (Sent s : unacked) {
            if (sameConversation(s, conversation) && s.text().equals(text)) {
                for (int i = 0; i <= match; i++) {
                    unacked.removeFirst();
                }
                return;
            }
            match++;
        }
    }

    /** Whether {@code sent} went to {@code conversation} (or possibly did: sent before the room was confirmed). */
    static boolean sameConversation(Sent sent, String conversation) {
        return sent.conversation() == null || sent.conversation().equals(conversation);
    }

    /** The messages sent and not acknowledged, oldest first; forgets them. */
    List<Sent> takeUnacked() {
        List<Sent> all = new ArrayList<>(unacked);
        unacked.clear();
        return all;
    }

    int unackedCount() {
        return unacked.size();
    }
}
