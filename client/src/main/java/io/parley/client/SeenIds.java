package io.parley.client;

import io.parley.protocol.Names;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Message ids this client has shown, per conversation (a room, or the pair of a private
 * conversation), so that a line that comes again (live after a history fetch, or in both) is shown
 * once. Each conversation remembers its last {@link #LIMIT} ids; the highest id seen is kept apart
 * and is where a resume asks history to start.
 */
final class SeenIds {
    static final int LIMIT = 10_000;

    private final Map<String, Conversation> conversations = new HashMap<>();

    /** The conversation key of a room. */
    static String room(String room) {
        return "#" + Names.key(room);
    }

    /** The conversation key of the private conversation between two names, whichever sent. */
    static String pair(String one, String other) {
        String a = Names.key(one);
        String b = Names.key(other);
        return "@" + (a.compareTo(b) <= 0 ? a + " " + b : b + " " + a);
    }

    private static final class Conversation {
        final Set<Long> ids = new HashSet<>();
        final ArrayDeque<Long> order = new ArrayDeque<>();
        long highest;
    }

    /** Records {@code id}; false if it was already there. */
    boolean add(String conversation, long id) {
        Conversation c = conversations.computeIfAbsent(conversation, k -> new Conversation());
        if (!c.ids.add(id)) {
            return false;
        }
        c.order.addLast(id);
        if (c.order.size() > LIMIT) {
            c.ids.remove(c.order.removeFirst());
        }
        c.highest = Math.max(c.highest, id);
        return true;
    }

    boolean contains(String conversation, long id) {
        Conversation c = conversations.get(conversation);
        return c != null && c.ids.contains(id);
    }

    /** The highest id seen in the conversation; 0 if none. */
    long highest(String conversation) {
        Conversation c = conversations.get(conversation);
        return c == null ? 0 : c.highest;
    }
}
