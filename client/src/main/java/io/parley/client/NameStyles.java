package io.parley.client;

import io.parley.protocol.Names;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hands out name styles so that the names on screen look different from each other. A name gets
 * its preferred colour (a hash of the name, the same in every client) unless another name shown
 * recently holds it; then the next free colour, and once every colour is held, the next free
 * underlined one. When every style is held, the name seen least
 * recently gives its style up. Your own name keeps its style for the whole session. So the last
 * {@code styles} names seen (20 with 16 colours, 40 with 256, 60 with truecolor) are always
 * distinct, and a name keeps its style while it stays among them.
 */
final class NameStyles {
    private final Colours colours;
    private final int count;
    /** Name key to style, least recently seen first. */
    private final LinkedHashMap<String, Integer> assigned = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<Integer, String> holders = new HashMap<>();
    private String pinned;

    NameStyles(Colours colours) {
        this.colours = colours;
        this.count = colours.nameStyles().size();
    }

    /** Your own name: styled first, never given up. */
    void pin(String name) {
        pinned = Names.key(name);
        styleOf(name);
    }

    /** The style index for {@code name}; marks it as seen now. */
    int styleOf(String name) {
        String key = Names.key(name);
        Integer style = assigned.get(key);
        if (style != null) {
            return style;
        }
        if (assigned.size() >= count) {
            evictLeastRecent();
        }
        // The preferred colour, else the next free colour, else the same underlined.
        int preferred = colours.preferredStyle(name);
        int colourCount = colours.colourCount();
        int chosen = preferred;
        for (int i = 0; i < count; i++) {
            int candidate = (i < colourCount ? 0 : colourCount) + (preferred + i) % colourCount;
            if (!holders.containsKey(candidate)) {
                chosen = candidate;
                break;
            }
        }
        assigned.put(key, chosen);
        holders.put(chosen, key);
        return chosen;
    }

    private void evictLeastRecent() {
        for (Iterator<Map.Entry<String, Integer>> it = assigned.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Integer> eldest = it.next();
            if (!eldest.getKey().equals(pinned)) {
                holders.remove(eldest.getValue());
                it.remove();
                return;
            }
        }
    }
}
