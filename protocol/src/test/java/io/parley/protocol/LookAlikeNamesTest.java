package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.testing.LookAlikes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every look-alike of a set of names that Unicode's data knows (see {@link LookAlikes}) is either
 * not a valid name, or the same name, or has the same skeleton: none can be held beside the
 * original. The chat-level test (server) claims the same variants against a held name.
 */
class LookAlikeNamesTest {

    @Test
    void everyGeneratedLookAlikeIsRefusedWhileTheOriginalIsHeld() {
        int invalid = 0;
        int sameName = 0;
        int looksAlike = 0;
        List<String> accepted = new ArrayList<>();
        for (String name : LookAlikes.NAMES) {
            assertThat(Names.isValid(name)).as(name).isTrue();
            Set<String> variants = LookAlikes.variants(name);
            assertThat(variants).as("variants of %s", name).isNotEmpty();
            for (String variant : variants) {
                if (Names.enforce(variant) == null) {
                    invalid++;
                } else if (Names.key(variant).equals(Names.key(name))) {
                    sameName++;
                } else if (Names.skeleton(variant).equals(Names.skeleton(name))) {
                    looksAlike++;
                } else {
                    accepted.add(name + " <- " + variant + " " + codePoints(variant));
                }
            }
        }
        assertThat(accepted).as("look-alikes that could be held beside the original").isEmpty();
        // Each of the three defences is exercised, and the set is broad.
        assertThat(invalid).isGreaterThan(1000);
        assertThat(sameName).isGreaterThan(500);
        assertThat(looksAlike).isGreaterThan(100);
    }

    @Test
    void theClassesNamedInTheReportAreAllGenerated() {
        Set<String> alice = LookAlikes.variants("alice");
        assertThat(alice).contains(
                "ａｌｉｃｅ", // fullwidth
                "𝐚𝐥𝐢𝐜𝐞", "𝓪𝓵𝓲𝓬𝓮", "𝕒𝕝𝕚𝕔𝕖", // mathematical alphabets, whole
                "𝐚lice", // one mathematical letter
                "ᵃlice", // superscript
                "аlice", // Cyrillic a
                "alıce", // dotless i
                "aIice", "a1ice", "ALICE", "Alice");
        assertThat(LookAlikes.variants("sofia")).contains("soﬁa"); // ligature
        assertThat(LookAlikes.variants("μαρκος")).contains("\u00B5αρκος"); // micro sign
        assertThat(LookAlikes.variants("ασ")).contains("ας", "ΑΣ", "αο"); // final sigma, capitals, omicron
        assertThat(LookAlikes.variants("william")).contains("wiIliam", "wil1iam", "williarn"); // I, 1 and rn for l, l and m
    }

    @Test
    void invisibleCodePointsAreRefusedAnywhereInAName() {
        List<String> invisibles = LookAlikes.invisibles();
        assertThat(invisibles).contains("\u3164", "\u115F", "\u1160", "\uFFA0", "\u200B", "\u200D", "\u2060",
                "\uFEFF", "\u00AD", "\u061C");
        List<String> accepted = new ArrayList<>();
        for (String name : LookAlikes.NAMES) {
            int middle = name.offsetByCodePoints(0, name.codePointCount(0, name.length()) / 2);
            for (String invisible : invisibles) {
                for (String variant : List.of(invisible, invisible + name, name.substring(0, middle) + invisible
                        + name.substring(middle), name + invisible)) {
                    if (Names.isValid(variant)) {
                        accepted.add(codePoints(variant));
                    }
                }
            }
        }
        assertThat(accepted).isEmpty();
    }

    @Test
    void lettersThatLookLikeTheStartOfAServerLineAreRefused() {
        // Whatever shows as ! * or @ (U+01C3 LATIN LETTER RETROFLEX CLICK and the like).
        for (String marker : List.of("!", "*", "@")) {
            Set<String> alike = LookAlikes.alike(marker);
            assertThat(alike).isNotEmpty();
            for (String c : alike) {
                assertThat(Names.isValid(c + "bob")).as(codePoints(c)).isFalse();
                assertThat(Names.isValid(c)).as(codePoints(c)).isFalse();
            }
        }
        assertThat(LookAlikes.alike("!")).contains("\u01C3");
    }

    private static String codePoints(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> b.append(String.format("U+%04X ", cp)));
        return b.toString().trim();
    }
}
