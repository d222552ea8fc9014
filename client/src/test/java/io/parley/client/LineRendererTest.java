package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.parley.testing.EscapeSequenceCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LineRendererTest {
    private static final String ESC = "\u001b";
    private static final List<String> SAMPLES = List.of(
            "alice : hello there", "* bob joined lobby", "! name bob is taken", "@carol : psst", "just text");

    private final LineRenderer coloured = LineRenderer.coloured(Colours.ANSI_256);
    private final LineRenderer plain = LineRenderer.plain();

    @Test
    void aNameHasOneColourEverywhere() {
        String first = coloured.render("alice : hi");
        // Another renderer (another client, another run) gives the same; case does not matter.
        assertThat(LineRenderer.coloured(Colours.ANSI_256).render("alice : something else"))
                .startsWith(first.substring(0, first.indexOf("alice")));
        assertThat(Colours.ANSI_256.nameColour("Alice")).isEqualTo(Colours.ANSI_256.nameColour("alice"));
        // The hash is specified (32-bit FNV-1a of the UTF-8 name, unsigned, modulo the palette size),
        // so these are the colours in every run; pinned so that a change to the scheme shows.
        assertThat(Colours.ANSI_256.nameColour("alice")).isEqualTo("38;5;176");
        assertThat(Colours.ANSI_256.nameColour("bob")).isEqualTo("38;5;41");
        assertThat(Colours.ANSI_256.nameColour("carol")).isEqualTo("38;5;33");
        assertThat(first).contains(Colours.sgr("1;" + Colours.ANSI_256.nameColour("alice")) + "alice" + Colours.RESET);
    }

    @Test
    void namesSpreadOverThePalette() {
        for (Colours palette : Colours.values()) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                seen.add(palette.nameColour("user" + i));
            }
            assertThat(seen).as(palette.name()).hasSizeGreaterThanOrEqualTo(8);
            // Red is for errors, and no palette entry may be it.
            assertThat(seen).doesNotContain("31", "91", "38;5;196", "38;5;160");
        }
    }

    @Test
    void eachKindLooksDifferent() {
        String chat = coloured.render("alice : hi");
        String notice = coloured.render("* alice joined lobby");
        String error = coloured.render("! name alice is taken");
        String privateMessage = coloured.render("@alice : hi");
        List<String> styles = List.of(styleOf(chat), styleOf(notice), styleOf(error), styleOf(privateMessage));
        assertThat(new HashSet<>(styles)).hasSize(4);
        assertThat(notice).isEqualTo(Colours.sgr("38;5;244") + "* alice joined lobby" + Colours.RESET);
        assertThat(error).isEqualTo(Colours.sgr("1;31") + "! name alice is taken" + Colours.RESET);
        // Private: the sender as a reverse-video tag in its colour, the text in bold.
        assertThat(privateMessage).isEqualTo(Colours.sgr("1;7;" + Colours.ANSI_256.nameColour("alice")) + "@alice"
                + Colours.RESET + " : " + Colours.sgr("1") + "hi" + Colours.RESET);
        // Text that is not a known kind is left alone.
        assertThat(coloured.render("just text")).isEqualTo("just text");
    }

    @Test
    void colouredLinesReadTheSameWithoutTheStyles() {
        for (String line : SAMPLES) {
            assertThat(withoutStyles(coloured.render(line))).isEqualTo(line);
            assertThat(withoutStyles(LineRenderer.coloured(Colours.ANSI_16).render(line))).isEqualTo(line);
        }
    }

    @Test
    void plainModeHasNoEscapeCodes() {
        for (String line : SAMPLES) {
            assertThat(plain.render(line)).isEqualTo(line).doesNotContain(ESC);
        }
        assertThat(plain.problem("cannot connect")).isEqualTo("chat-client: cannot connect");
        assertThat(plain.isColoured()).isFalse();
    }

    @Test
    void controlCharactersAreRemovedBeforePrinting() {
        String hostile = "mallory : hi\u001b[2J\u0007 there\u009b31m\r";
        assertThat(plain.render(hostile)).isEqualTo("mallory : hi there");
        String rendered = coloured.render(hostile);
        assertThat(withoutStyles(rendered)).isEqualTo("mallory : hi there").doesNotContain(ESC);
        assertThat(rendered).doesNotContain("\u0007", "\u009b", "\r", ESC + "[2J");
        assertThat(plain.render("* notice\u001b]0;title\u0007")).isEqualTo("* notice");
        assertThat(plain.problem("bad\u001b[31m")).isEqualTo("chat-client: bad");
    }

    static List<EscapeSequenceCases.Case> escapeCases() {
        return EscapeSequenceCases.all();
    }

    /** The same table the server's sanitiser is tested with: whole sequences go, in every kind of line. */
    @ParameterizedTest
    @MethodSource("escapeCases")
    void escapeSequencesAreRemovedWhole(EscapeSequenceCases.Case c) {
        for (String prefix : List.of("bob : hi ", "@bob : hi ", "* notice ", "! error ", "")) {
            assertThat(plain.render(prefix + c.input())).as(c.toString()).isEqualTo(prefix + c.expected());
            // Coloured, the only escapes are the renderer's own: as if the server had sent the clean line.
            assertThat(coloured.render(prefix + c.input())).isEqualTo(coloured.render(prefix + c.expected()));
        }
        assertThat(plain.problem(c.input())).isEqualTo("chat-client: " + c.expected());
    }

    @Test
    void invisibleFormatCharactersAreRemovedAndEmojiKept() {
        assertThat(plain.render("mallory : \u202Eevil\u202C \u200Fx\u061C\uFEFF\u206A\u3164")).isEqualTo("mallory : evil x");
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        assertThat(plain.render("bob : " + family + " می\u200Cخواهم")).isEqualTo("bob : " + family + " می\u200Cخواهم");
    }

    /** Removes only the SGR sequences the renderer itself writes. */
    private static String withoutStyles(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    private static String styleOf(String rendered) {
        return rendered.substring(0, rendered.indexOf('m') + 1);
    }
}
