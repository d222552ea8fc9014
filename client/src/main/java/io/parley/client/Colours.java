package io.parley.client;

import io.parley.protocol.Names;
import java.nio.charset.StandardCharsets;

/**
 * The ANSI styles a coloured console uses. Each name gets a colour from a fixed palette by a hash
 * of the name itself (case-folded, as names are unique without regard to case), so a name looks
 * the same in every client and every run. The palettes avoid red (errors), greys (notices) and
 * colours too light or too dark to read on either a dark or a light background.
 */
enum Colours {
    /** xterm 256-colour codes, used when the terminal says it has 256 colours. */
    ANSI_256(new int[] {27, 31, 33, 37, 41, 43, 64, 69, 71, 98, 105, 127, 130, 134, 136, 141, 166, 168, 172, 176},
            "38;5;", "38;5;244"),
    /** The basic colours, for other terminals. */
    ANSI_16(new int[] {32, 33, 34, 35, 36, 92, 93, 94, 95, 96}, "", "2");

    static final String RESET = "\u001b[0m";
    static final String ESC = "\u001b";

    private final int[] palette;
    private final String colourPrefix;
    private final String noticeStyle;

    Colours(int[] palette, String colourPrefix, String noticeStyle) {
        this.palette = palette;
        this.colourPrefix = colourPrefix;
        this.noticeStyle = noticeStyle;
    }

    /** The palette for a terminal that reports {@code maxColours} colours; null: none at all. */
    static Colours forTerminal(int maxColours) {
        if (maxColours >= 256) {
            return ANSI_256;
        }
        return maxColours >= 8 ? ANSI_16 : null;
    }

    /** The SGR parameters of the colour for {@code name}, e.g. {@code 38;5;141}. */
    String nameColour(String name) {
        return colourPrefix + palette[Integer.remainderUnsigned(fnv1a(Names.key(name)), palette.length)];
    }

    String noticeStyle() {
        return noticeStyle;
    }

    String errorStyle() {
        return "1;31";
    }

    static String sgr(String parameters) {
        return ESC + "[" + parameters + "m";
    }

    /** FNV-1a over the UTF-8 bytes: specified, so the same in every JVM and run. */
    private static int fnv1a(String s) {
        int hash = 0x811c9dc5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }
}
