package io.parley.server.chat.history;

import io.parley.protocol.Names;

/**
 * The keys under which history is kept: a room ({@code #lobby}) or the pair of names of a private
 * conversation ({@code @alice bob}, the two keys in order). Keys use {@link Names#key}, so
 * {@code Alice} and {@code alice} share their history. No name holds a space, {@code #} cannot
 * start a pair key nor {@code @} a room key, so keys never clash.
 */
public final class Conversations {
    private Conversations() {
    }

    public static String room(String roomName) {
        return "#" + Names.key(roomName);
    }

    public static String pair(String a, String b) {
        String ka = Names.key(a);
        String kb = Names.key(b);
        return ka.compareTo(kb) <= 0 ? "@" + ka + " " + kb : "@" + kb + " " + ka;
    }
}
