package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.testing.EscapeSequenceCases;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LineRendererTest {
    private static final String ESC = "\u001b";
    private static final List<String> SAMPLES = List.of(
            "alice : hello there", "* bob joined lobby", "! name bob is taken", "@carol : psst", "just text");
    /** 2026-11-27 10:30 in Paris. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T09:30:00Z"), ZoneId.of("Europe/Paris"));

    private final LineRenderer coloured = LineRenderer.console(Colours.of(Colours.Level.ANSI_256), false, CLOCK);
    private final LineRenderer plain = LineRenderer.plain();

    @Test
    void aNameHasOnePreferredColourEverywhere() {
        Colours palette = Colours.of(Colours.Level.ANSI_256);
        assertThat(palette.preferredStyle("Alice")).isEqualTo(palette.preferredStyle("alice"));
        // The hash is specified (32-bit FNV-1a of the UTF-8 name, unsigned, modulo the colours),
        // so these are the colours in every run; pinned so that a change to the scheme shows.
        assertThat(palette.nameStyles().get(palette.preferredStyle("alice"))).isEqualTo("38;5;176");
        assertThat(palette.nameStyles().get(palette.preferredStyle("bob"))).isEqualTo("38;5;41");
        assertThat(palette.nameStyles().get(palette.preferredStyle("carol"))).isEqualTo("38;5;33");
        // Another renderer (another client, another run) shows a lone name the same way.
        String first = coloured.render("alice : hi");
        assertThat(LineRenderer.console(Colours.of(Colours.Level.ANSI_256), false, CLOCK).render("alice : other"))
                .startsWith(first.substring(0, first.indexOf("alice")));
        assertThat(first).startsWith(Colours.sgr("1;38;5;176") + "alice" + Colours.RESET);
    }

    @Test
    void namesOnScreenNeverShareAStyleWhileThereAreStylesLeft() {
        for (Colours.Level level : List.of(Colours.Level.ANSI_16, Colours.Level.ANSI_256, Colours.Level.TRUECOLOR)) {
            Colours palette = Colours.of(level);
            NameStyles styles = new NameStyles(palette);
            Set<Integer> seen = new HashSet<>();
            int count = palette.nameStyles().size();
            for (int i = 0; i < count; i++) {
                assertThat(seen.add(styles.styleOf("user" + i))).as(level + " user" + i).isTrue();
            }
            // The first names take the plain colours; underlined ones come only when those are all held.
            assertThat(seen.stream().filter(s -> s < palette.colourCount())).hasSize(palette.colourCount());
        }
    }

    @Test
    void withSixteenColoursTwentyNamesDifferAndTheLeastRecentGivesUpItsStyle() {
        Colours palette = Colours.of(Colours.Level.ANSI_16);
        assertThat(palette.nameStyles()).hasSize(20); // 10 colours, each also underlined
        NameStyles styles = new NameStyles(palette);
        styles.pin("me");
        int mine = styles.styleOf("me");
        for (int i = 0; i < 40; i++) {
            styles.styleOf("user" + i); // many more names than styles
        }
        assertThat(styles.styleOf("me")).isEqualTo(mine); // yours never changes
        // The last 19 names (20 styles, one of them yours) are all different.
        Set<Integer> recent = new HashSet<>();
        recent.add(mine);
        for (int i = 21; i < 40; i++) {
            recent.add(styles.styleOf("user" + i));
        }
        assertThat(recent).hasSize(20);
        // A name keeps its style while it is in use.
        assertThat(styles.styleOf("user39")).isEqualTo(styles.styleOf("user39"));
    }

    @Test
    void paletteLevelsFollowWhatTheTerminalReports() {
        assertThat(Colours.detect(256, "truecolor", "xterm-256color")).isEqualTo(Colours.Level.TRUECOLOR);
        assertThat(Colours.detect(256, "24bit", "xterm-256color")).isEqualTo(Colours.Level.TRUECOLOR);
        assertThat(Colours.detect(16_777_216, null, "xterm-direct")).isEqualTo(Colours.Level.TRUECOLOR);
        assertThat(Colours.detect(256, null, "tmux-256color")).isEqualTo(Colours.Level.ANSI_256);
        assertThat(Colours.detect(16, null, "xterm-16color")).isEqualTo(Colours.Level.ANSI_16);
        assertThat(Colours.detect(8, null, "linux")).isEqualTo(Colours.Level.ANSI_16);
        assertThat(Colours.detect(null, null, "vt100")).isEqualTo(Colours.Level.NONE);
        assertThat(Colours.detect(256, "truecolor", "dumb")).isEqualTo(Colours.Level.NONE);
        assertThat(Colours.of(Colours.Level.NONE)).isNull();
    }

    @Test
    void palettesAvoidTheErrorRedAndTruecolorHasThirtyDistinctColours() {
        for (Colours.Level level : List.of(Colours.Level.ANSI_16, Colours.Level.ANSI_256)) {
            assertThat(Colours.of(level).nameStyles()).doesNotContain("31", "91", "38;5;196", "38;5;160", "38;5;9");
        }
        List<String> truecolor = Colours.of(Colours.Level.TRUECOLOR).nameStyles();
        assertThat(new HashSet<>(truecolor.subList(0, 30))).hasSize(30);
        for (String style : truecolor.subList(0, 30)) {
            String[] rgb = style.substring("38;2;".length()).split(";");
            int r = Integer.parseInt(rgb[0]);
            int g = Integer.parseInt(rgb[1]);
            int b = Integer.parseInt(rgb[2]);
            assertThat(r > 2 * g && r > 2 * b).as(style + " is red").isFalse();
            // Neither near-black nor near-white: readable on dark and light backgrounds.
            assertThat(Math.max(r, Math.max(g, b))).as(style).isBetween(120, 250);
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
        assertThat(privateMessage).isEqualTo(Colours.sgr("1;7;38;5;176") + "@alice"
                + Colours.RESET + " : " + Colours.sgr("1") + "hi" + Colours.RESET);
        // Text that is not a known kind is left alone.
        assertThat(coloured.render("just text")).isEqualTo("just text");
    }

    @Test
    void colouredLinesReadTheSameWithoutTheStyles() {
        for (Colours.Level level : List.of(Colours.Level.ANSI_16, Colours.Level.ANSI_256, Colours.Level.TRUECOLOR)) {
            LineRenderer renderer = LineRenderer.console(Colours.of(level), false, CLOCK);
            for (String line : SAMPLES) {
                assertThat(withoutStyles(renderer.render(line))).isEqualTo(line);
            }
        }
    }

    @Test
    void plainModeHasNoEscapeCodes() {
        for (String line : SAMPLES) {
            assertThat(plain.render(line)).isEqualTo(line).doesNotContain(ESC);
        }
        assertThat(plain.problem("cannot connect")).isEqualTo("chat-client: cannot connect");
        assertThat(plain.isColoured()).isFalse();
        LineRenderer noColours = LineRenderer.console(null, true, CLOCK);
        for (String line : SAMPLES) {
            assertThat(noColours.render(line)).isEqualTo("10:30 " + line);
        }
        assertThat(noColours.prompt("lobby", "alice", null)).isEqualTo("[lobby] alice> ");
        assertThat(noColours.prompt("lobby", "alice", "reconnecting")).isEqualTo("[lobby] alice (reconnecting)> ");
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
        assertThat(coloured.own("alice", "x\u001b[31my", null)).isEqualTo(coloured.own("alice", "xy", null));
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

    @Test
    void timestampsComeFromTheServersTimeInTheLocalZone() {
        LineRenderer renderer = LineRenderer.console(null, true, CLOCK);
        TaggedLine today = TaggedLine.parse("~id=4;time=2026-11-27T08:05:59.999Z;room=lobby bob : morning");
        assertThat(renderer.render(today, "alice")).isEqualTo("09:05 bob : morning");
        TaggedLine yesterday = TaggedLine.parse("~id=3;time=2026-11-26T22:59:00.000Z;room=lobby;hist bob : late");
        assertThat(renderer.render(yesterday, "alice")).isEqualTo("11-26 23:59 | bob : late");
        // A line without a time: the time it is shown.
        assertThat(renderer.render("* carol joined lobby")).isEqualTo("10:30 * carol joined lobby");
        // Off: nothing before the line.
        assertThat(LineRenderer.console(null, false, CLOCK).render(today, "alice")).isEqualTo("bob : morning");
    }

    @Test
    void historyIsSetApart() {
        TaggedLine hist = TaggedLine.parse("~id=40;time=2026-11-27T09:14:00.000Z;room=lobby;hist bob : earlier");
        TaggedLine live = TaggedLine.parse("~id=41;time=2026-11-27T09:15:00.000Z;room=lobby bob : now");
        // Colour: faint.
        String shown = coloured.render(hist, "alice");
        assertThat(shown).startsWith(Colours.sgr("2;38;5;41") + "bob").contains(Colours.sgr("2") + " : earlier");
        assertThat(coloured.render(live, "alice")).doesNotContain(Colours.sgr("2"));
        // No colour: a gutter.
        LineRenderer noColours = LineRenderer.console(null, false, CLOCK);
        assertThat(noColours.render(hist, "alice")).isEqualTo("| bob : earlier");
        assertThat(noColours.render(live, "alice")).isEqualTo("bob : now");
        // A script: the server's own history form, as an untagged client gets it.
        assertThat(plain.render(hist, "alice")).isEqualTo("* [2026-11-27 09:14:00Z] bob : earlier");
        assertThat(plain.render(live, "alice")).isEqualTo("bob : now");
        TaggedLine privateHist = TaggedLine.parse("~id=7;time=2026-11-27T09:16:00.001Z;to=bob;hist @alice : at 5");
        assertThat(plain.render(privateHist, "alice")).isEqualTo("* [2026-11-27 09:16:00Z] alice -> bob : at 5");
        assertThat(noColours.render(privateHist, "alice")).isEqualTo("| -> bob : at 5");
    }

    @Test
    void yourOwnLinesAndPrivateMessagesYouSend() {
        LineRenderer noColours = LineRenderer.console(null, true, CLOCK);
        assertThat(noColours.own("alice", "hello", null)).isEqualTo("10:30 alice : hello");
        assertThat(noColours.ownPrivate("bob", "see you", null)).isEqualTo("10:30 -> bob : see you");
        coloured.pin("alice");
        assertThat(coloured.own("alice", "hello", null)).isEqualTo(Colours.sgr("1;38;5;176") + "alice" + Colours.RESET + " : hello");
        assertThat(withoutStyles(coloured.ownPrivate("bob", "see you", null))).isEqualTo("-> bob : see you");
        assertThat(coloured.prompt("lobby", "alice", null))
                .isEqualTo(Colours.sgr("38;5;244") + "[lobby]" + Colours.RESET + " " + Colours.sgr("1;38;5;176") + "alice"
                        + Colours.RESET + "> ");
    }

    @Test
    void mentionsAreWholeNamesInAnyCase() {
        assertThat(LineRenderer.mentions("hi alice", "alice")).isTrue();
        assertThat(LineRenderer.mentions("ALICE: look", "alice")).isTrue();
        assertThat(LineRenderer.mentions("thanks, Alice.", "alice")).isTrue();
        assertThat(LineRenderer.mentions("malice aforethought", "alice")).isFalse();
        assertThat(LineRenderer.mentions("alice_bot says", "alice")).isFalse();
        assertThat(LineRenderer.mentions("alice-2 says", "alice")).isFalse();
        assertThat(LineRenderer.mentions("你好太白", "太白")).isTrue();
        assertThat(LineRenderer.mentions("anything", null)).isFalse();

        String highlighted = coloured.render(TaggedLine.untagged("bob : hey alice, and ALICE"), "alice");
        assertThat(highlighted).contains(Colours.sgr("1;7") + "alice" + Colours.RESET)
                .contains(Colours.sgr("1;7") + "ALICE" + Colours.RESET);
        assertThat(withoutStyles(highlighted)).isEqualTo("bob : hey alice, and ALICE");
        // Your own words are not a mention of you.
        assertThat(coloured.render(TaggedLine.untagged("alice : I am alice"), "alice")).doesNotContain(Colours.sgr("1;7"));
    }

    /** Removes only the SGR sequences the renderer itself writes. */
    private static String withoutStyles(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    private static String styleOf(String rendered) {
        return rendered.substring(0, rendered.indexOf('m') + 1);
    }
}
