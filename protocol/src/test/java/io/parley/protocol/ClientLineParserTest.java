package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientLineParserTest {

    @Test
    void splitsAtFirstSeparatorOnly() {
        assertThat(ClientLineParser.parse("alice : time is 12 : 30"))
                .isEqualTo(new ClientLine.Said("alice", "time is 12 : 30"));
    }

    @Test
    void textWithoutPrefixHasNoName() {
        assertThat(ClientLineParser.parse("hello there")).isEqualTo(new ClientLine.Said(null, "hello there"));
    }

    @Test
    void prefixWithSpaceIsPlainText() {
        assertThat(ClientLineParser.parse("I think : yes")).isEqualTo(new ClientLine.Said(null, "I think : yes"));
    }

    @Test
    void colonWithoutSpacesIsNotASeparator() {
        assertThat(ClientLineParser.parse("alice: hi")).isEqualTo(new ClientLine.Said(null, "alice: hi"));
        assertThat(ClientLineParser.parse("alice :hi")).isEqualTo(new ClientLine.Said(null, "alice :hi"));
    }

    @Test
    void emptyTextAfterSeparator() {
        assertThat(ClientLineParser.parse("alice : ")).isEqualTo(new ClientLine.Said("alice", ""));
    }

    @Test
    void unicodeNamesAndText() {
        assertThat(ClientLineParser.parse("太白 : 床前明月光")).isEqualTo(new ClientLine.Said("太白", "床前明月光"));
    }

    @Test
    void commands() {
        assertThat(ClientLineParser.parse("/nick bob")).isEqualTo(new ClientLine.Command("nick", "bob"));
        assertThat(ClientLineParser.parse("/JOIN   dev  ")).isEqualTo(new ClientLine.Command("join", "dev"));
        assertThat(ClientLineParser.parse("/msg bob hi : there")).isEqualTo(new ClientLine.Command("msg", "bob hi : there"));
        assertThat(ClientLineParser.parse("/who")).isEqualTo(new ClientLine.Command("who", ""));
    }

    @Test
    void quitForms() {
        assertThat(ClientLineParser.parse("q")).isEqualTo(new ClientLine.Command("quit", ""));
        assertThat(ClientLineParser.parse("/quit")).isEqualTo(new ClientLine.Command("quit", ""));
        assertThat(ClientLineParser.parse("qq")).isEqualTo(new ClientLine.Said(null, "qq"));
    }

    @Test
    void blankLines() {
        assertThat(ClientLineParser.parse("")).isInstanceOf(ClientLine.Blank.class);
        assertThat(ClientLineParser.parse("   \t")).isInstanceOf(ClientLine.Blank.class);
    }

    @Test
    void controlCharactersAreRemovedFromNameAndText() {
        assertThat(ClientLineParser.parse("al\u0007ice : \u001b[31mred\u001b[0m\ttab\u0000\u009b"))
                .isEqualTo(new ClientLine.Said("alice", "red\ttab"));
        assertThat(ClientLineParser.parse("/nick b\u0007o\u001b[1mb")).isEqualTo(new ClientLine.Command("nick", "bob"));
    }
}
