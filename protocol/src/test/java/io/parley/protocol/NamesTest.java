package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"alex", "太白", "a", "bob_2", "x-y.z", "Ünal", "abcdefghijabcdefghijabcdefghij12",
            // every name the other tests and the load generator use
            "alice", "Alice", "ALICE", "bob", "carol", "dave", "erin", "eve", "mallory", "MALLORY", "robert",
            "plain", "secure", "sender", "x", "b7x3", "bab12", "rab3", "reader12", "user7", "m3", "Alice2",
            // scripts on their own, and the mixes people use
            "Ωμέγα", "иван", "김민수", "ジョン", "やまだ", "山田たろう", "yamada山田", "李小龙Bruce", "김Kim", "दीपिका",
            "محمد", "משה", "Σωκράτης", "देव123", "محمد١٢", "Straße", "François", "Łukasz", "-", "..."})
    void valid(String name) {
        assertThat(Names.isValid(name)).as(name).isTrue();
        assertThat(Names.problem(name)).isNull();
        // The enforced form is itself valid and stays as it is.
        String enforced = Names.enforce(name);
        assertThat(Names.enforce(enforced)).isEqualTo(enforced);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a:b", "tab\there", "esc\u001b", "\u001bx", " alice", "alice ",
            "abcdefghijabcdefghijabcdefghij123", "@bob", "*", "!x", "a/b", "a\u3000b",
            // symbols and emoji are not letters
            "☺", "bob🙂", "a+b", "#dev",
            // scripts that are not used together: Greek or Cyrillic with Latin
            "Ωmega", "аlice", "pаypal", "ωmega",
            // digits of two systems
            "a1١",
            // invisible letters and format characters
            "\u3164", "\u115F", "\u1160", "\uFFA0", "alice\u3164", "\u3164alice", "al\u200Dice", "al\u200Bice",
            "alice\u00AD", "\u2060", "a\u034Fb",
            // letters that look like the ! * @ of server lines, and other restricted letters
            "\u01C3alice", "\u01C3", "\u2217bob", "\uFF20bob",
            // a combining mark cannot start a name
            "\u0301abc"})
    void invalid(String name) {
        assertThat(Names.isValid(name)).as(name).isFalse();
        assertThat(Names.enforce(name)).isNull();
        assertThat(Names.problem(name)).isNotBlank();
    }

    @Test
    void nullIsInvalid() {
        assertThat(Names.isValid(null)).isFalse();
    }

    @Test
    void lengthCountsCharactersNotBytes() {
        assertThat(Names.isValid("太".repeat(32))).isTrue();
        assertThat(Names.isValid("太".repeat(33))).isFalse();
        // A letter outside the BMP counts once (MATHEMATICAL BOLD CAPITAL A, shown as A).
        assertThat(Names.enforce("\uD835\uDC00".repeat(32))).isEqualTo("A".repeat(32));
        assertThat(Names.isValid("\uD835\uDC00".repeat(33))).isFalse();
        // The limit holds for the name as shown too: U+FDFA folds to 18 letters.
        assertThat(Names.enforce("\uFDFA")).isNull();
    }

    @Test
    void compatibilityFormsAreShownAsPlainLetters() {
        assertThat(Names.enforce("ｌｏｂｂｙ")).isEqualTo("lobby");
        assertThat(Names.enforce("𝐚𝐥𝐢𝐜𝐞")).isEqualTo("alice");
        assertThat(Names.enforce("ﬁona")).isEqualTo("fiona");
        assertThat(Names.enforce("ᵃlice")).isEqualTo("alice");
        assertThat(Names.enforce("\u00B5")).isEqualTo("\u03BC"); // micro sign is Greek mu
        assertThat(Names.enforce("ＡＬＩＣＥ")).isEqualTo("ALICE");
        // Decomposed input (as some systems send it) is composed.
        assertThat(Names.enforce("Ünal".replace("Ü", "U\u0308"))).isEqualTo("Ünal");
    }

    @Test
    void keyIgnoresCaseFinalSigmaAndWidth() {
        assertThat(Names.key("Alice")).isEqualTo(Names.key("aLICE"));
        assertThat(Names.key("ΑΣ")).isEqualTo(Names.key("ασ")).isEqualTo(Names.key("ας"));
        assertThat(Names.key("Straße")).isEqualTo(Names.key("STRASSE"));
        assertThat(Names.key("ａｌｉｃｅ")).isEqualTo(Names.key("alice"));
        assertThat(Names.same("ΑΣ", "ασ")).isTrue();
        assertThat(Names.same("alice", "alicf")).isFalse();
        assertThat(Names.key("alice")).isNotEqualTo(Names.key("alıce"));
    }

    @Test
    void skeletonCatchesWhatKeyDoesNot() {
        String alice = Names.skeleton("alice");
        assertThat(Names.skeleton("aIice")).isEqualTo(alice); // capital i
        assertThat(Names.skeleton("a1ice")).isEqualTo(alice);
        assertThat(Names.skeleton("alıce")).isEqualTo(alice); // dotless i
        assertThat(Names.skeleton("Alice")).isEqualTo(alice);
        assertThat(Names.skeleton("rnallory")).isEqualTo(Names.skeleton("mallory"));
        assertThat(Names.skeleton("b0b")).isEqualTo(Names.skeleton("bob"));
        assertThat(Names.skeleton("ΑΟ")).isEqualTo(Names.skeleton("AO")); // Greek capitals
    }

    @Test
    void distinctNamesPeopleUseDoNotLookAlike() {
        List<String> names = List.of("alice", "bob", "carol", "dave", "erin", "eve", "frank", "grace", "heidi",
                "ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor", "walter", "太白", "李白", "杜甫",
                "иван", "ольга", "김민수", "이민수", "ジョン", "ヨハン", "ασ", "μαρκος", "sofia", "sophia", "anna",
                "hanna", "bill", "will", "jill", "admin", "lobby", "dev", "ops");
        for (String a : names) {
            for (String b : names) {
                if (!a.equals(b)) {
                    assertThat(Names.skeleton(a)).as("%s and %s", a, b).isNotEqualTo(Names.skeleton(b));
                    assertThat(Names.key(a)).isNotEqualTo(Names.key(b));
                }
            }
        }
    }

    @Test
    void reasonsSayWhatIsWrong() {
        assertThat(Names.invalidReason("a:b")).isEqualTo("invalid name \"a:b\": 1 to 32 letters, digits, _ - or .");
        assertThat(Names.problem("alice\u3164")).contains("U+3164");
        assertThat(Names.problem("\u01C3x")).contains("U+01C3");
        assertThat(Names.problem("Ωmega")).contains("one script");
        assertThat(Names.problem("a1١")).contains("numbering system");
        assertThat(Names.problem("\u0301abc")).contains("combining mark");
    }

    @Test
    void invalidReasonDoesNotEchoControlCharacters() {
        assertThat(Names.invalidReason("a\u001b[2Jb")).doesNotContain("\u001b").contains("a");
    }

    @Test
    void plainAsciiTakesTheSameRulesAsEverythingElse() {
        // The ASCII shortcut in Names must agree with the full PRECIS and UTS #39 path: try every
        // name of one and two characters from the ASCII letters, digits and _ - .
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.";
        for (char a : alphabet.toCharArray()) {
            for (char b : alphabet.toCharArray()) {
                String name = "" + a + b;
                // The fullwidth form takes the full path and folds to the plain name.
                String fullwidth = toFullwidth(name);
                assertThat(Names.enforce(fullwidth)).as(name).isEqualTo(name);
                assertThat(Names.key(fullwidth)).isEqualTo(Names.key(name));
                assertThat(Names.skeleton(fullwidth)).isEqualTo(Names.skeleton(name));
            }
        }
    }

    private static String toFullwidth(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append((char) (c - 0x21 + 0xFF01));
        }
        return b.toString();
    }
}
