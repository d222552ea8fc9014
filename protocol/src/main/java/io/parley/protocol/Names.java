package io.parley.protocol;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.UnicodeSet;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * What a chat name (and a room name) is, when two names are the same, and when two names look
 * alike. The rules (docs/protocol.md says the same for users; the cheap ones are tested first):
 *
 * <ol>
 *   <li>The name is enforced with the PRECIS nickname profile (RFC 8266): compatibility forms are
 *       folded by NFKC (fullwidth {@code ｌｏｂｂｙ} is {@code lobby}, {@code ﬁ} is {@code fi},
 *       mathematical and superscript letters are plain letters), and control, unassigned and
 *       default-ignorable code points (Hangul fillers, joiners) are refused. Spaces, which PRECIS
 *       would trim or keep, are refused. The enforced form is the name the chat shows.
 *   <li>It has 1 to {@value #MAX_LENGTH} code points, as sent and as enforced.
 *   <li>Each code point is a letter, a combining mark (not first) or a decimal digit of UTS #39's
 *       General Security Profile (Identifier_Status=Allowed), or one of {@code _ - .}. So no
 *       spaces, no {@code :}, no symbols or punctuation, no letters kept only for history or
 *       phonetics (such as U+01C3 {@code ǃ}).
 *   <li>It passes UTS #39's checks: the script mix is at most Highly Restrictive (one script, or
 *       Latin with Han and Hiragana/Katakana, Latin with Han and Bopomofo, Latin with Han and
 *       Hangul), digits come from one numbering system, no invisible stacking of marks.
 *   <li>Its skeleton does not start with {@code ! * @}, the characters that begin server lines.
 * </ol>
 *
 * <p>Two names are the same name when their {@link #key}s are equal, and look alike when their
 * {@link #skeleton}s are equal; a chat refuses both kinds of claim while the first name is held.
 */
public final class Names {
    public static final int MAX_LENGTH = 32;

    /** The refusal text for a name that breaks the length or character rule. */
    private static final String SYNTAX = "1 to " + MAX_LENGTH + " letters, digits, _ - or .";

    /** Identifier_Status=Allowed (UTS #39) restricted to letters, marks, digits and {@code _ - .}. */
    private static final UnicodeSet ALLOWED = new UnicodeSet(SpoofChecker.RECOMMENDED)
            .addAll(SpoofChecker.INCLUSION)
            .retainAll(new UnicodeSet("[[:L:][:M:][:Nd:][_\\-.]]"))
            .freeze();

    /** Mixed-script, mixed-digit and invisible-mark checks; thread-safe once built. */
    private static final SpoofChecker CHECKER = new SpoofChecker.Builder()
            .setAllowedChars(ALLOWED)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.MIXED_NUMBERS
                    | SpoofChecker.INVISIBLE | SpoofChecker.HIDDEN_OVERLAY | SpoofChecker.CHAR_LIMIT)
            .build();

    /** Confusable skeletons (UTS #39 section 4) from ICU's copy of confusables.txt. */
    private static final SpoofChecker SKELETONS = new SpoofChecker.Builder().build();

    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();

    private Names() {
    }

    /**
     * Loads the Unicode data the rules use (ICU's confusables and properties, PRECIS's tables) now,
     * so that it does not happen on an event loop at the first claim. Takes some 100 ms.
     */
    public static void preload() {
        for (String name : new String[] {"ｐｒｅｌｏａｄ", "Σωκράτης", "김민수", "山田たろう", "иван"}) {
            skeleton(enforce(name));
        }
        ControlCharacters.strip("\u001b[0m\u200D");
    }

    /** True if {@code name} is a valid name as sent (it may still be folded by {@link #enforce}). */
    public static boolean isValid(String name) {
        return enforce(name) != null;
    }

    /**
     * The name as the chat shows and stores it (the PRECIS-enforced form: {@code ａｌｉｃｅ} becomes
     * {@code alice}), or {@code null} if {@code raw} is not a valid name.
     */
    public static String enforce(String raw) {
        return isPlainAscii(raw) ? raw : check(raw).name;
    }

    /** Why {@code raw} is not a valid name (without quoting it), or {@code null} if it is valid. */
    public static String problem(String raw) {
        return isPlainAscii(raw) ? null : check(raw).problem;
    }

    /** The error text for a refused name, quoting it safely. */
    public static String invalidReason(String raw) {
        String problem = problem(raw);
        return "invalid name \"" + ControlCharacters.strip(raw) + "\": " + (problem == null ? SYNTAX : problem);
    }

    /**
     * The comparison key: two names are the same name if and only if their keys are equal. The
     * PRECIS nickname comparison form (enforced, then lower case), with Unicode full case folding
     * on top (NFKC_Casefold), so that {@code ΑΣ}, {@code ας} and {@code ασ} are one name, as are
     * {@code Straße} and {@code STRASSE}. Defined for any string; meaningful for valid names.
     */
    public static String key(String name) {
        return isPlainAscii(name) ? name.toLowerCase(Locale.ROOT) : NFKC_CASEFOLD.normalize(shown(name));
    }

    /** True if {@code a} and {@code b} are the same name ({@link #key}s equal). */
    public static boolean same(String a, String b) {
        return a.equals(b) || key(a).equals(key(b));
    }

    /**
     * The look-alike key: names whose skeletons are equal can be mistaken for each other. The UTS
     * #39 confusable skeleton of the name as shown (its PRECIS-enforced form), then case folded,
     * so {@code aIice} (capital i), {@code a1ice}, {@code аlice} (Cyrillic a), {@code ɑlice} and
     * {@code Alice} all have the skeleton of {@code alice}. Taken before case folding because
     * folding loses what makes {@code I} look like {@code l}; so, unlike {@link #key}, it can
     * differ between names that differ only in case ({@code LIST} looks like {@code LlST}, not
     * like {@code list}).
     */
    public static String skeleton(String name) {
        return UCharacter.foldCase(SKELETONS.getSkeleton(shown(name)), true);
    }

    /** The name as enforced, cheaply when it already is in that form (as every held name is). */
    private static String shown(String name) {
        if (isPlainAscii(name) || NFKC.isNormalized(name) && firstRefused(name) < 0) {
            return name; // nothing for PRECIS to map: no spaces, nothing NFKC would change
        }
        String enforced = check(name).name;
        return enforced != null ? enforced : name;
    }

    /** Letters, digits and {@code _ - .} of ASCII, 1 to 32 of them: valid as they are, the common case. */
    private static boolean isPlainAscii(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private record Checked(String name, String problem) {
        static Checked refused(String problem) {
            return new Checked(null, problem);
        }
    }

    /**
     * Names checked lately (the full check costs some microseconds; UDP checks every datagram's
     * name): at most 4096 of at most 64 chars each, about half a megabyte at worst.
     */
    private static final ConcurrentHashMap<String, Checked> RECENT = new ConcurrentHashMap<>();
    private static final int RECENT_LIMIT = 4096;

    private static Checked check(String raw) {
        if (raw == null || raw.length() > 2 * MAX_LENGTH) {
            return Checked.refused(SYNTAX); // over 32 code points whatever they are; not kept
        }
        Checked checked = RECENT.get(raw);
        if (checked == null) {
            if (RECENT.size() >= RECENT_LIMIT) {
                RECENT.clear(); // bounded, whatever names arrive
            }
            checked = uncachedCheck(raw);
            RECENT.put(raw, checked);
        }
        return checked;
    }

    private static Checked uncachedCheck(String raw) {
        if (raw.isEmpty() || raw.codePointCount(0, raw.length()) > MAX_LENGTH) {
            return Checked.refused(SYNTAX);
        }
        int space = firstSpaceOrControl(raw);
        if (space >= 0) {
            return Checked.refused(syntax(space)); // PRECIS would trim them; a name never has them
        }
        // The cheap tests first, on what NFKC (which PRECIS applies) makes of the name; for a name
        // of these code points, without spaces, that is what PRECIS enforcement gives.
        String name = NFKC.normalize(raw);
        if (firstRefused(name) >= 0) {
            return Checked.refused(syntax(culprit(raw)));
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            return Checked.refused(SYNTAX);
        }
        if (isMark(name.codePointAt(0))) {
            return Checked.refused("a name cannot start with a combining mark");
        }
        SpoofChecker.CheckResult result = new SpoofChecker.CheckResult();
        if (CHECKER.failsChecks(name, result)) {
            if ((result.checks & SpoofChecker.MIXED_NUMBERS) != 0) {
                return Checked.refused("digits of more than one numbering system");
            }
            if ((result.checks & SpoofChecker.RESTRICTION_LEVEL) != 0) {
                return Checked.refused("letters of scripts that are not used together; a name is in one script, "
                        + "or Latin with Han and Kana, Bopomofo or Hangul");
            }
            return Checked.refused("invisible or stacked marks");
        }
        String skeleton = SKELETONS.getSkeleton(name);
        char first = skeleton.isEmpty() ? ' ' : skeleton.charAt(0);
        if (first == '!' || first == '*' || first == '@') {
            return Checked.refused("it starts with a letter that looks like " + first);
        }
        // Last, the profile itself: it also refuses letters newer than the JDK's Unicode tables.
        String enforced;
        try {
            enforced = PrecisProfiles.NICKNAME.enforce(raw);
        } catch (IllegalArgumentException e) {
            return Checked.refused(syntax(culprit(raw)));
        }
        if (!enforced.equals(name)) {
            return Checked.refused(SYNTAX); // not expected: NFKC and PRECIS disagree
        }
        return new Checked(name, null);
    }

    /** The first code point of {@code s} outside the name alphabet, or -1. */
    private static int firstRefused(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!ALLOWED.contains(cp)) {
                return cp;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /** The code point of {@code raw} to blame: the first that NFKC does not fold into the alphabet, or -1. */
    private static int culprit(String raw) {
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            if (!ALLOWED.contains(cp) && firstRefused(NFKC.normalize(new String(Character.toChars(cp)))) >= 0) {
                return cp;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static int firstSpaceOrControl(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int type = UCharacter.getType(cp);
            if (type == UCharacterCategory.CONTROL || type == UCharacterCategory.SPACE_SEPARATOR
                    || type == UCharacterCategory.LINE_SEPARATOR || type == UCharacterCategory.PARAGRAPH_SEPARATOR) {
                return cp;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /** The syntax rule, naming the code point that broke it unless it is ASCII (and so visible). */
    private static String syntax(int refused) {
        if (refused < 0x80) {
            return SYNTAX;
        }
        String hex = Integer.toHexString(refused).toUpperCase(Locale.ROOT);
        return SYNTAX + " (U+" + "0".repeat(Math.max(0, 4 - hex.length())) + hex + " is none of these)";
    }

    private static boolean isMark(int cp) {
        int type = UCharacter.getType(cp);
        return type == UCharacterCategory.NON_SPACING_MARK || type == UCharacterCategory.COMBINING_SPACING_MARK
                || type == UCharacterCategory.ENCLOSING_MARK;
    }
}
