package io.parley.testing;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.UnicodeSet;
import com.ibm.icu.text.UnicodeSetIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names that look like a given name, generated from Unicode's own data rather than listed by hand:
 * every code point ICU knows is sorted once by what it shows as (its NFKC form's confusable
 * skeleton, case folded: Cyrillic {@code а}, Latin alpha {@code ɑ}, mathematical {@code 𝐚} all
 * show as {@code a}) and by what it is the same letter as (NFKC_Casefold: fullwidth, superscript,
 * circled and mathematical letters, ligatures, the micro sign, final sigma, capitals). A variant
 * of a name replaces one letter (or two, for ligatures and {@code m}/{@code rn}) with such a code
 * point, or writes the whole name in one style, or hides an invisible code point in it.
 */
public final class LookAlikes {
    /** The names the look-alike tests protect: Latin, Han, Greek, Cyrillic, Hangul, Kana. */
    public static final List<String> NAMES = List.of(
            "alice", "bob", "lobby", "admin", "太白", "sofia", "william", "paypal", "ασ", "μαρκος", "иван",
            "김민수", "ジョン");

    private static final SpoofChecker SKELETONS = new SpoofChecker.Builder().build();
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final Normalizer2 NFD = Normalizer2.getNFDInstance();
    private static final Normalizer2 NFKD = Normalizer2.getNFKDInstance();
    private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();

    /** What a text shows as, or is the same letters as, to the code points that show or are so. */
    private static final Map<String, List<String>> BY_LOOK = new HashMap<>();

    static {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            int type = UCharacter.getType(cp);
            if (type == UCharacterCategory.UNASSIGNED || type == UCharacterCategory.SURROGATE
                    || type == UCharacterCategory.PRIVATE_USE) {
                continue;
            }
            String c = new String(Character.toChars(cp));
            String same = NFKC_CASEFOLD.normalize(c);
            String look = look(c);
            if (!same.equals(c) && !same.isEmpty()) {
                BY_LOOK.computeIfAbsent(same, k -> new ArrayList<>()).add(c);
            }
            if (!look.equals(c) && !look.equals(same) && !look.isEmpty()) {
                BY_LOOK.computeIfAbsent(look, k -> new ArrayList<>()).add(c);
            }
        }
    }

    private LookAlikes() {
    }

    /** How {@code s} shows once a name is enforced (NFKC): its skeleton, case folded. */
    private static String look(String s) {
        return UCharacter.foldCase(SKELETONS.getSkeleton(NFKC.normalize(s)), true);
    }

    /** Code points that show as, or are the same letters as, {@code text} (one or two letters). */
    public static Set<String> alike(String text) {
        Set<String> found = new LinkedHashSet<>();
        found.addAll(BY_LOOK.getOrDefault(NFKC_CASEFOLD.normalize(text), List.of()));
        found.addAll(BY_LOOK.getOrDefault(look(text), List.of()));
        found.add(look(text)); // its own skeleton: rn for m
        found.remove(text);
        return found;
    }

    /**
     * Every variant of {@code name}: each letter, and each pair of letters, replaced by every code
     * point that looks like it or is the same letter(s); the whole name in fullwidth and in each
     * mathematical alphabet; the whole name in capitals; and the name decomposed.
     */
    public static Set<String> variants(String name) {
        Set<String> variants = new LinkedHashSet<>();
        int[] cps = name.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            for (int len = 1; len <= 2 && i + len <= cps.length; len++) {
                String part = new String(cps, i, len);
                String before = new String(cps, 0, i);
                String after = new String(cps, i + len, cps.length - i - len);
                for (String alike : alike(part)) {
                    variants.add(before + alike + after);
                }
            }
        }
        variants.addAll(styled(name));
        variants.add(UCharacter.toUpperCase(name));
        variants.add(NFD.normalize(name)); // decomposed: Hangul as jamo, accents apart
        variants.add(NFKD.normalize(name));
        variants.remove(name);
        return variants;
    }

    /** The name written in each style whose letters are compatibility forms of it: fullwidth, 𝐛𝐨𝐥𝐝, 𝓈𝒸𝓇𝒾𝓅𝓉, ... */
    private static List<String> styled(String name) {
        int[] cps = name.codePoints().toArray();
        List<Map<String, String>> byPosition = new ArrayList<>();
        for (int cp : cps) {
            // "MATHEMATICAL BOLD SMALL A" is letter "A" in style "MATHEMATICAL BOLD SMALL".
            String letterName = UCharacter.getName(cp);
            String letter = letterName.substring(letterName.lastIndexOf(' ') + 1);
            Map<String, String> styles = new HashMap<>();
            for (String alike : BY_LOOK.getOrDefault(new String(Character.toChars(cp)), List.of())) {
                String alikeName = UCharacter.getName(alike.codePointAt(0));
                if (alikeName != null && alikeName.endsWith(" " + letter)) {
                    styles.put(alikeName.substring(0, alikeName.length() - letter.length() - 1), alike);
                }
            }
            byPosition.add(styles);
        }
        List<String> whole = new ArrayList<>();
        for (String style : byPosition.get(0).keySet()) {
            StringBuilder b = new StringBuilder();
            for (Map<String, String> styles : byPosition) {
                String alike = styles.get(style);
                if (alike == null) {
                    b = null;
                    break;
                }
                b.append(alike);
            }
            if (b != null) {
                whole.add(b.toString());
            }
        }
        return whole;
    }

    /** Every default-ignorable code point (Hangul fillers, joiners, bidi marks, tags, ...), as ICU lists them. */
    public static List<String> invisibles() {
        List<String> all = new ArrayList<>();
        for (UnicodeSetIterator it = new UnicodeSetIterator(new UnicodeSet("[:Default_Ignorable_Code_Point:]")); it.next(); ) {
            all.add(it.getString());
        }
        return all;
    }
}
