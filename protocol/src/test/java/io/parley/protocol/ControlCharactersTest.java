package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    @Test
    void keepsTabAndPrintableText() {
        String s = "a\tb 太白 ~!";
        assertThat(ControlCharacters.strip(s)).isSameAs(s);
    }

    @Test
    void removesC0C1AndDel() {
        assertThat(ControlCharacters.strip("\u0000a\u0007b\u007fd\u0085e\r\n")).isEqualTo("abde");
        // ESC and the C1 CSI take the sequence they start with them: ESC c is a reset, CSI f a move.
        assertThat(ControlCharacters.strip("a\u001bcb\u009bfc")).isEqualTo("abc");
    }

    @Test
    void removesBidiOverridesAndLineSeparators() {
        assertThat(ControlCharacters.strip("a\u202Eb\u2066c\u2069d\u2028e\u2029f")).isEqualTo("abcdef");
        assertThat(ControlCharacters.strip("שלום 太白 é")).isEqualTo("שלום 太白 é");
    }
}
