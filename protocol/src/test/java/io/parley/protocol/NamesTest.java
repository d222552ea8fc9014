package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"alex", "太白", "a", "bob_2", "x-y.z", "Ünal", "abcdefghijabcdefghijabcdefghij12"})
    void valid(String name) {
        assertThat(Names.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a:b", "tab\there", "esc\u001b", "abcdefghijabcdefghijabcdefghij123", "@bob", "*", "!x", "a/b"})
    void invalid(String name) {
        assertThat(Names.isValid(name)).isFalse();
    }

    @Test
    void nullIsInvalid() {
        assertThat(Names.isValid(null)).isFalse();
    }

    @Test
    void lengthCountsCharactersNotBytes() {
        assertThat(Names.isValid("太".repeat(32))).isTrue();
        assertThat(Names.isValid("太".repeat(33))).isFalse();
        // A letter outside the BMP counts once.
        assertThat(Names.isValid("\uD835\uDC00".repeat(32))).isTrue();
    }

    @Test
    void keyIgnoresCase() {
        assertThat(Names.key("Alice")).isEqualTo(Names.key("aLICE"));
    }

    @Test
    void invalidReasonDoesNotEchoControlCharacters() {
        assertThat(Names.invalidReason("a\u001b[2Jb")).doesNotContain("\u001b").contains("a[2Jb");
    }
}
