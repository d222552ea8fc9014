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
        assertThat(ControlCharacters.strip("\u0000a\u0007b\u001bc\u007fd\u0085e\u009bf\r\n"))
                .isEqualTo("abcdef");
    }
}
