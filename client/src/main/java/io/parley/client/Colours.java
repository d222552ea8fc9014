package io.parley.client;

import io.parley.protocol.Names;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ANSI styles a console uses, chosen for what the terminal can show. Names get styles from a
 * list made for each level; {@link NameStyles} hands them out so that names on screen differ:
 * <ul>
 * <li>truecolor (COLORTERM=truecolor or 24bit, or a direct-colour terminfo): 30 colours of even
 *     lightness (15 hues of OKLCH, two lightnesses), bold;</li>
 * <li>256 colours: 20 xterm colours, bold;</li>
 * <li>16 colours: the 10 non-red colours of the basic palette, not bold (bold is bright on many
 *     such terminals, which would make two colours one);</li>
 * <li>none: no escape codes at all.</li>
 * </ul>
 * At every level each colour also comes underlined, which doubles the number of styles: with 16
 * colours, 20 names look different before two must share one. Red is left out (errors are red),
 * as are greys (notices and timestamps) and colours too light or too dark for a dark or a light
 * background.
 */
final class Colours {
    static final String ESC = "\u001b";
    static final String RESET = ESC + "[0m";

    /** What a terminal can show. */
    enum Level { NONE, ANSI_16, ANSI_256, TRUECOLOR }

    private static final int[] ANSI_256_PALETTE =
            {27, 31, 33, 37, 41, 43, 64, 69, 71, 98, 105, 127, 130, 134, 136, 141, 166, 168, 172, 176};
    private static final int[] ANSI_16_PALETTE = {32, 33, 34, 35, 36, 92, 93, 94, 95, 96};
    /** OKLCH hues (degrees) for truecolor names: red (about 29) and its neighbours are left out. */
    private static final int FIRST_HUE = 55;
    private static final int HUE_STEP = 20;
    private static final int HUES = 15;
    private static final double[] LIGHTNESS = {0.62, 0.74};
    private static final double CHROMA = 0.12;

    private final Level level;
    private final List<String> nameStyles;
    private final boolean boldNames;
    private final String muted;

    private Colours(Level level, List<String> colours, boolean boldNames, String muted) {
        this.level = level;
        List<String> styles = new ArrayList<>(colours);
        for (String colour : colours) {
            styles.add("4;" + colour);
        }
        this.nameStyles = List.copyOf(styles);
        this.boldNames = boldNames;
        this.muted = muted;
    }

    /** The styles for {@code level}; null for {@link Level#NONE}. */
    static Colours of(Level level) {
        return switch (level) {
            case NONE -> null;
            case ANSI_16 -> new Colours(level, codes("", ANSI_16_PALETTE), false, "2");
            case ANSI_256 -> new Colours(level, codes("38;5;", ANSI_256_PALETTE), true, "38;5;244");
            case TRUECOLOR -> new Colours(level, truecolorPalette(), true, "38;2;128;128;128");
        };
    }

    /**
     * What a terminal can show, from its terminfo colour count, {@code $COLORTERM} (the de facto
     * way terminals announce 24-bit colour) and its type ({@code dumb} shows none).
     */
    static Level detect(Integer maxColours, String colorterm, String terminalType) {
        if (terminalType != null && terminalType.startsWith("dumb")) {
            return Level.NONE;
        }
        String announced = colorterm == null ? "" : colorterm.toLowerCase(Locale.ROOT);
        int colours = maxColours == null ? 0 : maxColours;
        if (announced.equals("truecolor") || announced.equals("24bit") || colours >= 1 << 24) {
            return Level.TRUECOLOR;
        }
        if (colours >= 256) {
            return Level.ANSI_256;
        }
        return colours >= 8 ? Level.ANSI_16 : Level.NONE;
    }

    Level level() {
        return level;
    }

    /** The SGR parameters of every name style, e.g. {@code 38;5;141} and {@code 4;38;5;141}. */
    List<String> nameStyles() {
        return nameStyles;
    }

    /**
     * The style a name gets on its own: a plain (not underlined) colour chosen by a hash of the
     * name (case-folded, as names are unique without case), the same in every client and run.
     */
    int preferredStyle(String name) {
        return Integer.remainderUnsigned(fnv1a(Names.key(name)), colourCount());
    }

    /** Colours; the styles are these, then the same underlined. */
    int colourCount() {
        return nameStyles.size() / 2;
    }

    /** The SGR parameters for a name in style {@code index}, as a speaker (bold where that is not bright). */
    String nameStyle(int index) {
        return boldNames ? "1;" + nameStyles.get(index) : nameStyles.get(index);
    }

    /** Notices and timestamps. */
    String mutedStyle() {
        return muted;
    }

    String errorStyle() {
        return "1;31";
    }

    /** History lines: faint, whatever else they carry. */
    String historyStyle() {
        return "2";
    }

    static String sgr(String parameters) {
        return ESC + "[" + parameters + "m";
    }

    private static List<String> codes(String prefix, int[] palette) {
        List<String> codes = new ArrayList<>();
        for (int c : palette) {
            codes.add(prefix + c);
        }
        return codes;
    }

    private static List<String> truecolorPalette() {
        List<String> codes = new ArrayList<>();
        for (double lightness : LIGHTNESS) {
            for (int i = 0; i < HUES; i++) {
                int[] rgb = oklchToSrgb(lightness, CHROMA, FIRST_HUE + i * HUE_STEP);
                codes.add("38;2;" + rgb[0] + ";" + rgb[1] + ";" + rgb[2]);
            }
        }
        return codes;
    }

    /** OKLCH to 8-bit sRGB (Björn Ottosson's OKLab matrices), clamped into the gamut. */
    static int[] oklchToSrgb(double lightness, double chroma, double hueDegrees) {
        double h = Math.toRadians(hueDegrees);
        double a = chroma * Math.cos(h);
        double b = chroma * Math.sin(h);
        double l = cube(lightness + 0.3963377774 * a + 0.2158037573 * b);
        double m = cube(lightness - 0.1055613458 * a - 0.0638541728 * b);
        double s = cube(lightness - 0.0894841775 * a - 1.2914855480 * b);
        return new int[] {
                srgb(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
                srgb(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
                srgb(-0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s)};
    }

    private static double cube(double x) {
        return x * x * x;
    }

    private static int srgb(double linear) {
        double c = Math.max(0, Math.min(1, linear));
        double encoded = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
        return (int) Math.round(encoded * 255);
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
