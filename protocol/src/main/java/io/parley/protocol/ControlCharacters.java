package io.parley.protocol;

/**
 * Removes C0 and C1 control characters (and DEL) except TAB, Unicode line separators and bidi
 * overrides, so that no line a client sends can move another client's cursor, ring its bell,
 * restyle its terminal or reorder what it displays.
 */
public final class ControlCharacters {
    private ControlCharacters() {
    }

    public static boolean isStripped(int c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F)
                // line and paragraph separators, and the bidirectional embeddings, overrides and
                // isolates that can make text display in another order than it was sent
                || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    public static String strip(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && !isStripped(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s; // the common case: nothing to remove, nothing allocated
        }
        StringBuilder out = new StringBuilder(n).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!isStripped(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
