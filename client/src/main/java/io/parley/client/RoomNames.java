package io.parley.client;

import io.parley.protocol.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names in your room, for tab completion, kept from what the server says: the answer to
 * {@code /who}, joins, leaves, renames, and whoever speaks. Also the rooms named by {@code /rooms}
 * and the people you exchanged private messages with. Updated on the session thread, read by the
 * completer on the console's thread.
 */
final class RoomNames {
    private static final Pattern WHO = Pattern.compile("^\\* in (\\S+) \\(\\d+\\): (.*)$");
    private static final Pattern JOINED = Pattern.compile("^\\* (\\S+) joined (\\S+)$");
    private static final Pattern LEFT = Pattern.compile("^\\* (\\S+) left (?:\\(.*\\)|for \\S+)$");
    private static final Pattern RENAMED = Pattern.compile("^\\* (\\S+) is now (\\S+)$");
    private static final Pattern ROOMS = Pattern.compile("^\\* rooms: (.*)$");

    /** Name key to name as written. */
    private final Map<String, String> inRoom = new ConcurrentHashMap<>();
    private final Map<String, String> correspondents = new ConcurrentHashMap<>();
    private final Map<String, String> rooms = new ConcurrentHashMap<>();
    private volatile String room;

    /** You are now in {@code room}: who is there is not known until {@code /who} answers. */
    void entered(String room) {
        this.room = room;
        inRoom.clear();
        rooms.put(Names.key(room), room);
    }

    /** A notice from the server; updates the names it speaks of. */
    void notice(String line) {
        Matcher m;
        if ((m = WHO.matcher(line)).matches()) {
            if (isCurrent(m.group(1))) {
                for (String name : m.group(2).split(", ")) {
                    add(name);
                }
            }
        } else if ((m = JOINED.matcher(line)).matches()) {
            if (isCurrent(m.group(2))) {
                add(m.group(1));
            }
        } else if ((m = LEFT.matcher(line)).matches()) {
            inRoom.remove(Names.key(m.group(1)));
        } else if ((m = RENAMED.matcher(line)).matches()) {
            if (inRoom.remove(Names.key(m.group(1))) != null) {
                add(m.group(2));
            }
        } else if ((m = ROOMS.matcher(line)).matches()) {
            for (String item : m.group(1).split(", ")) {
                int space = item.indexOf(' ');
                String name = space < 0 ? item : item.substring(0, space);
                if (Names.isValid(name)) {
                    rooms.put(Names.key(name), name);
                }
            }
        }
    }

    /** Someone spoke in your room. */
    void spoke(String name) {
        add(name);
    }

    /** Someone you exchanged a private message with. */
    void correspondent(String name) {
        if (Names.isValid(name)) {
            correspondents.put(Names.key(name), name);
        }
    }

    /** Names in your room, then your correspondents elsewhere, without {@code self}. */
    List<String> names(String self) {
        String own = self == null ? "" : Names.key(self);
        List<String> all = new ArrayList<>();
        inRoom.forEach((key, name) -> {
            if (!key.equals(own)) {
                all.add(name);
            }
        });
        correspondents.forEach((key, name) -> {
            if (!key.equals(own) && !inRoom.containsKey(key)) {
                all.add(name);
            }
        });
        all.sort(String.CASE_INSENSITIVE_ORDER);
        return all;
    }

    List<String> rooms() {
        List<String> all = new ArrayList<>(rooms.values());
        all.sort(String.CASE_INSENSITIVE_ORDER);
        return all;
    }

    private boolean isCurrent(String name) {
        String current = room;
        return current != null && Names.key(current).equals(Names.key(name));
    }

    private void add(String name) {
        if (Names.isValid(name)) {
            inRoom.put(Names.key(name), name);
        }
    }
}
