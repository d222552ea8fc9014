package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.UnicodeSet;
import com.ibm.icu.text.UnicodeSetIterator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Invisible format characters: every default-ignorable and format code point Unicode lists is
 * removed from text unless it does a job there (joiners in emoji and scripts, variation
 * selectors, emoji tags), and every emoji sequence Unicode recommends survives whole.
 */
class InvisibleCharactersTest {

    private static List<String> all(String pattern) {
        List<String> found = new ArrayList<>();
        for (UnicodeSetIterator it = new UnicodeSetIterator(new UnicodeSet(pattern)); it.next(); ) {
            found.add(it.getString());
        }
        return found;
    }

    @Test
    void everyIgnorableOrFormatCodePointIsRemovedWhereItDoesNoJob() {
        List<String> invisible = all("[[:Default_Ignorable_Code_Point:][:Cf:][:Bidi_Control:]-[:Prepended_Concatenation_Mark:]]");
        assertThat(invisible).hasSizeGreaterThan(4000).contains("\u200E", "\u200F", "\u061C", "\uFEFF", "\u206A",
                "\u206F", "\u2063", "\u3164", "\u115F", "\u1160", "\uFFA0", "\u00AD", "\u200B", "\uDB40\uDC01");
        for (String c : invisible) {
            // Between spaces, at the start and at the end, no joiner, selector or tag has a job.
            assertThat(ControlCharacters.strip("a " + c + " b")).as(hex(c)).isEqualTo("a  b");
            assertThat(ControlCharacters.strip(c + "ab")).as(hex(c)).isEqualTo("ab");
            assertThat(ControlCharacters.strip("ab" + c + "!")).as(hex(c)).isEqualTo(
                    isVariationSelector(c) ? "ab" + c + "!" : "ab!"); // a selector after a letter stays
            assertThat(ControlCharacters.isStripped(c.codePointAt(0))).isEqualTo(!isContextual(c));
        }
    }

    @Test
    void visibleFormatCharactersStay() {
        for (String c : all("[:Prepended_Concatenation_Mark:]")) {
            String text = c + "١٢٣";
            assertThat(ControlCharacters.strip(text)).as(hex(c)).isSameAs(text);
        }
    }

    @Test
    void everyRecommendedEmojiSurvivesWhole() {
        // Basic emoji, keycaps, flags, skin tones, ZWJ sequences (👨‍👩‍👧) and tag sequences (🏴󠁧󠁢󠁳󠁣󠁴󠁿).
        List<String> emoji = all("[:RGI_Emoji:]");
        assertThat(emoji).hasSizeGreaterThan(3500)
                .contains("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "1\uFE0F\u20E3", "\uD83C\uDDEF\uD83C\uDDF5",
                        "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F");
        for (String e : emoji) {
            String text = "look " + e + e + " here";
            assertThat(ControlCharacters.strip(text)).as(hex(e)).isEqualTo(text);
        }
        assertThat(all("[:RGI_Emoji_ZWJ_Sequence:]")).hasSizeGreaterThan(1000);
        assertThat(all("[:RGI_Emoji_Tag_Sequence:]")).isNotEmpty();
    }

    @Test
    void brokenEmojiSequencesLoseTheirInvisibleParts() {
        String man = "\uD83D\uDC68";
        // A ZWJ after an emoji but before text, or after text before an emoji, joins nothing.
        assertThat(ControlCharacters.strip(man + "\u200Dx")).isEqualTo(man + "x");
        assertThat(ControlCharacters.strip("x\u200D" + man)).isEqualTo("x" + man);
        // Tags after a letter, or without their CANCEL TAG, or the language tag: removed.
        String tags = "\uDB40\uDC67\uDB40\uDC62\uDB40\uDC7F";
        assertThat(ControlCharacters.strip("a" + tags + "b")).isEqualTo("ab");
        assertThat(ControlCharacters.strip("\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62 b")).isEqualTo("\uD83C\uDFF4 b");
        assertThat(ControlCharacters.strip("\uDB40\uDC01\uDB40\uDC65\uDB40\uDC6Ehi")).isEqualTo("hi");
        // A second variation selector is one too many.
        assertThat(ControlCharacters.strip("\u2764\uFE0F\uFE0F")).isEqualTo("\u2764\uFE0F");
    }

    @Test
    void persianAndArabicZwnjBetweenJoiningLettersStays() {
        List<String> kept = List.of("می\u200Cخواهم", "نمی\u200Cدانم", "خانه\u200Cها", "کتاب\u200Cها");
        for (String word : kept) {
            assertThat(ControlCharacters.strip(word)).as(word).isSameAs(word);
        }
        // Every pair of letters of the Arabic block: kept exactly when RFC 5892's rule holds.
        int keptPairs = 0;
        for (String left : all("[[:Arabic:]&[:Lo:]&[\\u0600-\\u06FF]]")) {
            for (String right : all("[[:Arabic:]&[:Lo:]&[\\u0600-\\u06FF]]")) {
                String word = left + "\u200C" + right;
                boolean joins = joinsLeft(left) && joinsRight(right);
                assertThat(ControlCharacters.strip(word)).as(hex(word)).isEqualTo(joins ? word : left + right);
                keptPairs += joins ? 1 : 0;
            }
        }
        assertThat(keptPairs).isGreaterThan(1000);
        // Between Latin letters, ZWNJ joins nothing.
        assertThat(ControlCharacters.strip("a\u200Cb")).isEqualTo("ab");
    }

    @Test
    void joinersAfterAViramaStay() {
        // Every virama Unicode has (combining class 9), after a letter of its script, before a letter.
        int tried = 0;
        for (String virama : all("[[:ccc=9:]&[:Mn:]]")) {
            for (String joiner : List.of("\u200C", "\u200D")) {
                String text = "\u0915" + virama + joiner + "\u0937";
                assertThat(ControlCharacters.strip(text)).as(hex(text)).isSameAs(text);
                tried++;
            }
        }
        assertThat(tried).isGreaterThan(50);
        // Devanagari eyelash RA and a half form, Malayalam chillu, Sinhala yansaya.
        for (String word : List.of("र्\u200D", "क्\u200Dष", "ന്\u200D", "ශ්\u200Dය", "क्\u200Cष")) {
            assertThat(ControlCharacters.strip(word)).isSameAs(word);
        }
    }

    @Test
    void variationSelectorsAfterABaseStay() {
        for (String text : List.of("\u845B\uDB40\uDD00", "\u2764\uFE0F", "\u263A\uFE0E", "#\uFE0F\u20E3",
                "\u1820\u180B", "\u1820\u180F")) {
            assertThat(ControlCharacters.strip(text)).as(hex(text)).isSameAs(text);
        }
        assertThat(ControlCharacters.strip("\uFE0Fa")).isEqualTo("a");
        assertThat(ControlCharacters.strip(" \uFE0F")).isEqualTo(" ");
    }

    @Test
    void plainTextIsReturnedAsItIs() {
        for (String text : List.of("hello, world! 100% [ok] {x} ~ ^_^", "太白 李白 杜甫", "שלום עולם", "مرحبا بالعالم",
                "नमस्ते दुनिया", "Привет, мир", "こんにちは世界", "안녕하세요", "tab\there", "emoji 🙂 🎉")) {
            assertThat(ControlCharacters.strip(text)).isSameAs(text);
        }
    }

    private static boolean isVariationSelector(String c) {
        return UCharacter.hasBinaryProperty(c.codePointAt(0), UProperty.VARIATION_SELECTOR);
    }

    private static boolean isContextual(String c) {
        int cp = c.codePointAt(0);
        return cp == 0x200C || cp == 0x200D || isVariationSelector(c) || (cp >= 0xE0020 && cp <= 0xE007F);
    }

    private static boolean joinsLeft(String c) {
        int t = UCharacter.getIntPropertyValue(c.codePointAt(0), UProperty.JOINING_TYPE);
        return t == UCharacter.JoiningType.DUAL_JOINING || t == UCharacter.JoiningType.LEFT_JOINING;
    }

    private static boolean joinsRight(String c) {
        int t = UCharacter.getIntPropertyValue(c.codePointAt(0), UProperty.JOINING_TYPE);
        return t == UCharacter.JoiningType.DUAL_JOINING || t == UCharacter.JoiningType.RIGHT_JOINING;
    }

    private static String hex(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> b.append(String.format("U+%04X ", cp)));
        return b.toString().trim();
    }
}
