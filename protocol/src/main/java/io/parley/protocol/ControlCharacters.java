package io.parley.protocol;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.UnicodeSet;

/**
 * What chat text may carry: removes everything that could move another client's cursor, restyle
 * or retitle its terminal, reorder what it displays, or hide inside text, and keeps what real
 * scripts and emoji need. The server runs every line through {@link #strip} before anyone sees it,
 * and the console client again before it prints. Removed:
 *
 * <ul>
 *   <li>terminal escape sequences, whole: CSI ({@code ESC [} or U+009B, parameters, intermediates,
 *       final byte), the strings OSC, DCS, SOS, PM and APC ({@code ESC ] P X ^ _} or U+009D,
 *       U+0090, U+0098, U+009E, U+009F, up to BEL, ST ({@code ESC \} or U+009C), CAN, SUB or the
 *       end of the line), SS2 and SS3 with the character they shift ({@code ESC O A}, the Up
 *       key), and the other {@code ESC} sequences (intermediates, then a final byte);
 *   <li>every other control character (C0 but TAB, DEL, C1) and the line and paragraph
 *       separators U+2028, U+2029;
 *   <li>every default-ignorable code point (Unicode's Default_Ignorable_Code_Point: bidi marks and
 *       controls such as LRM, RLM, ALM, embeddings, overrides and isolates, BOM, soft hyphen,
 *       zero-width space, word joiner, invisible operators, U+206A–206F, Hangul fillers, tags,
 *       ...) and every other format character (category Cf, such as the interlinear annotation
 *       marks), except the prepended concatenation marks (U+0600–0605 and the like, which are
 *       visible) and these, where they do their job:
 *       <ul>
 *         <li>ZWJ U+200D between two emoji (a ZWJ sequence: 👨‍👩‍👧), or after a virama (Indic
 *             conjuncts, RFC 5892 appendix A.2);
 *         <li>ZWNJ U+200C after a virama, or between letters that join (Persian {@code می‌خواهم};
 *             RFC 5892 appendix A.1);
 *         <li>a variation selector (U+FE00–FE0F, U+E0100–E01EF, Mongolian U+180B–180D, U+180F)
 *             right after a base character (emoji presentation ❤️, keycaps 1️⃣, ideographic
 *             variants);
 *         <li>tag characters U+E0020–E007E closed by U+E007F right after an emoji (subdivision
 *             flags such as 🏴󠁧󠁢󠁳󠁣󠁴󠁿).
 *       </ul>
 * </ul>
 *
 * Plain text (ASCII, CJK, most scripts) has nothing to remove: it is returned as it is, without
 * allocating.
 */
public final class ControlCharacters {
    private static final int ESC = 0x1B;
    private static final int ZWNJ = 0x200C;
    private static final int ZWJ = 0x200D;
    private static final int CANCEL_TAG = 0xE007F;

    /** Everything {@link #strip} must look at twice: controls, separators, format and ignorables. */
    private static final UnicodeSet SUSPECT =
            new UnicodeSet("[[:Cc:][:Cf:][:Zl:][:Zp:][:Default_Ignorable_Code_Point:]]").freeze();
    /** {@link #SUSPECT} as bits for the BMP and plane 1 (emoji), for the common path. */
    private static final int BITS_LIMIT = 0x20000;
    private static final long[] SUSPECT_BITS = new long[BITS_LIMIT / 64];

    static {
        for (int c = 0; c < BITS_LIMIT; c++) {
            if (SUSPECT.contains(c)) {
                SUSPECT_BITS[c >>> 6] |= 1L << c;
            }
        }
    }

    private ControlCharacters() {
    }

    /**
     * True if {@code cp} is removed wherever it appears (the joiners, variation selectors and tags
     * that are kept in some places are not counted, nor TAB and the visible format characters).
     */
    public static boolean isStripped(int cp) {
        return isSuspect(cp) && cp != '\t' && !isContextual(cp)
                && !UCharacter.hasBinaryProperty(cp, UProperty.PREPENDED_CONCATENATION_MARK);
    }

    /** {@code s} as chat text may carry it; {@code s} itself when nothing is removed. */
    public static String strip(String s) {
        int n = s.length();
        StringBuilder out = null; // made at the first removal
        int prev = -1; // the last code point kept
        for (int i = 0; i < n; ) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F || !Character.isSurrogate(c) && !isSuspect(c)) { // the common path
                if (out != null) {
                    out.append(c);
                }
                prev = c;
                i++;
                continue;
            }
            int cp = Character.codePointAt(s, i);
            int width = Character.charCount(cp);
            int end = isSuspect(cp) ? removalEnd(s, i, cp, prev) : i;
            if (end == i) { // kept
                if (out != null) {
                    out.append(s, i, i + width);
                }
                prev = cp;
                i += width;
            } else {
                if (out == null) {
                    out = new StringBuilder(n).append(s, 0, i);
                }
                i = end;
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean isSuspect(int cp) {
        return cp < BITS_LIMIT ? (SUSPECT_BITS[cp >>> 6] & (1L << cp)) != 0 : SUSPECT.contains(cp);
    }

    private static boolean isContextual(int cp) {
        return cp == ZWJ || cp == ZWNJ || isTag(cp) || UCharacter.hasBinaryProperty(cp, UProperty.VARIATION_SELECTOR);
    }

    private static boolean isTag(int cp) {
        return cp >= 0xE0020 && cp <= CANCEL_TAG;
    }

    /**
     * Where the text to remove that starts at {@code i} (a suspect code point {@code cp}) ends, or
     * {@code i} itself if {@code cp} stays. {@code prev} is the last code point kept before it.
     */
    private static int removalEnd(String s, int i, int cp, int prev) {
        int next = i + Character.charCount(cp);
        switch (cp) {
            case '\t':
                return i;
            case ESC:
                return escapeEnd(s, next);
            case 0x9B: // CSI
                return csiEnd(s, next);
            case 0x90: // DCS
            case 0x98: // SOS
            case 0x9D: // OSC
            case 0x9E: // PM
            case 0x9F: // APC
                return stringEnd(s, next);
            case 0x8E: // SS2
            case 0x8F: // SS3
                return singleShiftEnd(s, next);
            case ZWJ:
                return afterVirama(s, i) || betweenEmoji(s, i) ? i : next;
            case ZWNJ:
                return afterVirama(s, i) || betweenJoiningLetters(s, i) ? i : next;
            default:
                break;
        }
        if (isTag(cp)) {
            return tagSequenceEnd(s, i, prev);
        }
        if (UCharacter.hasBinaryProperty(cp, UProperty.VARIATION_SELECTOR)) {
            return isBase(prev) ? i : next;
        }
        return UCharacter.hasBinaryProperty(cp, UProperty.PREPENDED_CONCATENATION_MARK) ? i : next;
    }

    /** After {@code ESC}: the end of the escape sequence that starts at {@code i}. */
    private static int escapeEnd(String s, int i) {
        if (i >= s.length()) {
            return i;
        }
        char c = s.charAt(i);
        switch (c) {
            case '[':
                return csiEnd(s, i + 1);
            case ']':
            case 'P':
            case 'X':
            case '^':
            case '_':
                return stringEnd(s, i + 1);
            case 'N':
            case 'O':
                return singleShiftEnd(s, i + 1);
            default:
                break;
        }
        int k = i;
        while (k < s.length() && s.charAt(k) >= 0x20 && s.charAt(k) <= 0x2F) { // intermediates
            k++;
        }
        if (k < s.length() && s.charAt(k) >= 0x30 && s.charAt(k) <= 0x7E) { // final
            return k + 1;
        }
        return k; // malformed: ESC and its intermediates go, what follows is read as text
    }

    /** After SS2 or SS3: the character it shifts goes with it ({@code ESC O A} is the Up key). */
    private static int singleShiftEnd(String s, int i) {
        return i < s.length() && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x7E ? i + 1 : i;
    }

    /** After CSI: parameters 0x30–0x3F, intermediates 0x20–0x2F, one final byte 0x40–0x7E. */
    private static int csiEnd(String s, int i) {
        int k = i;
        while (k < s.length() && s.charAt(k) >= 0x30 && s.charAt(k) <= 0x3F) {
            k++;
        }
        while (k < s.length() && s.charAt(k) >= 0x20 && s.charAt(k) <= 0x2F) {
            k++;
        }
        return k < s.length() && s.charAt(k) >= 0x40 && s.charAt(k) <= 0x7E ? k + 1 : k;
    }

    /**
     * After OSC, DCS, SOS, PM or APC: the string runs to BEL, ST ({@code ESC \} or U+009C), CAN
     * or SUB (all removed with it), or to an {@code ESC} that starts another sequence, or to the
     * end of the line, as a terminal would swallow it.
     */
    private static int stringEnd(String s, int i) {
        for (int k = i; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == 0x07 || c == 0x9C || c == 0x18 || c == 0x1A) {
                return k + 1;
            }
            if (c == ESC) {
                return k + 1 < s.length() && s.charAt(k + 1) == '\\' ? k + 2 : k;
            }
        }
        return s.length();
    }

    /** RFC 5892 A.1/A.2: the code point before {@code i} is a virama (combining class 9). */
    private static boolean afterVirama(String s, int i) {
        return i > 0 && UCharacter.getCombiningClass(Character.codePointBefore(s, i)) == 9;
    }

    /**
     * An emoji ZWJ sequence: an emoji (with its variation selector or skin tone) before the ZWJ
     * at {@code i} and an emoji after it.
     */
    private static boolean betweenEmoji(String s, int i) {
        int k = i;
        int before = -1;
        while (k > 0) {
            before = Character.codePointBefore(s, k);
            k -= Character.charCount(before);
            if (!UCharacter.hasBinaryProperty(before, UProperty.VARIATION_SELECTOR)
                    && !UCharacter.hasBinaryProperty(before, UProperty.EMOJI_MODIFIER)) {
                break;
            }
        }
        int after = i + 1 < s.length() ? Character.codePointAt(s, i + 1) : -1;
        return before >= 0 && UCharacter.hasBinaryProperty(before, UProperty.EXTENDED_PICTOGRAPHIC)
                && after >= 0 && UCharacter.hasBinaryProperty(after, UProperty.EXTENDED_PICTOGRAPHIC);
    }

    /**
     * RFC 5892 A.1: ZWNJ at {@code i} between a left- or dual-joining letter and a right- or
     * dual-joining letter, transparent marks aside (Persian, Arabic, Syriac, N'Ko, ...).
     */
    private static boolean betweenJoiningLetters(String s, int i) {
        int k = i;
        int before = -1;
        while (k > 0) {
            int cp = Character.codePointBefore(s, k);
            k -= Character.charCount(cp);
            if (joiningType(cp) != UCharacter.JoiningType.TRANSPARENT) {
                before = cp;
                break;
            }
        }
        int after = -1;
        for (k = i + 1; k < s.length(); ) {
            int cp = Character.codePointAt(s, k);
            k += Character.charCount(cp);
            if (joiningType(cp) != UCharacter.JoiningType.TRANSPARENT) {
                after = cp;
                break;
            }
        }
        if (before < 0 || after < 0) {
            return false;
        }
        int left = joiningType(before);
        int right = joiningType(after);
        return (left == UCharacter.JoiningType.LEFT_JOINING || left == UCharacter.JoiningType.DUAL_JOINING)
                && (right == UCharacter.JoiningType.RIGHT_JOINING || right == UCharacter.JoiningType.DUAL_JOINING);
    }

    private static int joiningType(int cp) {
        return UCharacter.getIntPropertyValue(cp, UProperty.JOINING_TYPE);
    }

    /** A code point a variation selector can follow: something visible, not a space or another selector. */
    private static boolean isBase(int cp) {
        return cp >= 0 && !isSuspect(cp) && !UCharacter.isUWhiteSpace(cp);
    }

    /**
     * Tags at {@code i}: kept up to and with their CANCEL TAG if they follow an emoji (with its
     * variation selector or skin tone), else removed up to and with it (or every tag in the run).
     */
    private static int tagSequenceEnd(String s, int i, int prev) {
        if (isTag(prev) && prev != CANCEL_TAG) {
            return i; // inside a sequence already found whole and kept
        }
        int k = i;
        int tags = 0;
        boolean closed = false;
        while (k < s.length()) {
            int cp = Character.codePointAt(s, k);
            if (!isTag(cp)) {
                break;
            }
            k += Character.charCount(cp);
            tags++;
            if (cp == CANCEL_TAG) {
                closed = true;
                break;
            }
        }
        boolean afterEmoji = prev >= 0 && (UCharacter.hasBinaryProperty(prev, UProperty.EXTENDED_PICTOGRAPHIC)
                || UCharacter.hasBinaryProperty(prev, UProperty.EMOJI_MODIFIER)
                || prev == 0xFE0F);
        return closed && tags >= 2 && afterEmoji ? i : k;
    }
}
