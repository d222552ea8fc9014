package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.Chromium;
import io.parley.server.testing.RunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat page colours each name as this client does: its colours.js, run in a real Chromium,
 * picks the same xterm colour for every name as the client's 256-colour palette prefers for it
 * ({@link Colours#preferredStyle}), and its style sheet shows each of those colours as xterm does.
 * (The console moves a name to another colour only while that one is held by another name on
 * screen.)
 */
@Timeout(120)
class ColoursMatchTheWebPageTest {
    private static final int[] CUBE = {0, 95, 135, 175, 215, 255};

    static List<String> names() {
        List<String> names = new ArrayList<>(List.of("alice", "Alice", "ALICE", "bob", "carol", "dave", "mallory",
                "x", "a".repeat(32), "bob_2", "r2-d2", "j.doe", "太白", "李白", "Ünal", "émile", "Ωmega", "ΣΊΣΥΦΟΣ",
                "Øyvind", "Zoë", "Дмитрий", "محمد", "さくら", "İstanbul", "STRASSE", "Straße", "０１２", "ǅemal",
                "ａｌｉｃｅ", "𝐚𝐥𝐢𝐜𝐞", "ᵃlice", "ﬁsh", "µ", "Σωκράτης", "ΑΣ", "ας", "김민수", "ジョン", "yamada山田",
                "दीपिका", "иван", "Ἀθηνᾶ"));
        Random random = new Random(13);
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
        for (int i = 0; i < 300; i++) {
            StringBuilder name = new StringBuilder();
            for (int n = 1 + random.nextInt(32); n > 0; n--) {
                name.append(chars.charAt(random.nextInt(chars.length())));
            }
            names.add(name.toString());
        }
        return names;
    }

    private static final Colours XTERM_256 = Colours.of(Colours.Level.ANSI_256);

    /** The xterm code in the SGR parameters of the name's preferred colour ("38;5;141" -> 141). */
    private static long javaCode(String name) {
        String sgr = XTERM_256.nameStyles().get(XTERM_256.preferredStyle(name));
        return Long.parseLong(sgr.substring(sgr.lastIndexOf(';') + 1));
    }

    private static String xtermRgb(long code) {
        int i = (int) code - 16;
        return "rgb(" + CUBE[i / 36] + ", " + CUBE[(i / 6) % 6] + ", " + CUBE[i % 6] + ")";
    }

    @Test
    void browserAndConsolePickTheSameColours() throws Exception {
        Chromium.assumeInstalled();
        try (RunningServer server = RunningServer.start("--web-port", "0");
             Chromium chromium = Chromium.start(800, 600)) {
            chromium.driver().get("http://127.0.0.1:" + server.webPort() + "/");
            List<String> names = names();
            @SuppressWarnings("unchecked")
            List<Object> fromPage = (List<Object>) chromium.driver().executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "import('/colours.js').then(m => done(arguments[0].map(m.nameColour)))"
                            + ".catch(e => done(String(e)));", names);
            List<Long> fromJava = names.stream().map(ColoursMatchTheWebPageTest::javaCode).toList();
            assertThat(fromPage).as("colours.js against the console's 256 colours").isEqualTo(new ArrayList<Object>(fromJava));
            long paletteSize = paletteSize(chromium);
            assertThat(fromJava.stream().distinct().count()).as("the names cover the palette").isEqualTo(paletteSize);

            @SuppressWarnings("unchecked")
            List<Object> shown = (List<Object>) chromium.driver().executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "import('/colours.js').then(m => done(m.PALETTE.map(code => {"
                            + "  const s = document.createElement('span'); s.className = 'nc-' + code;"
                            + "  document.body.append(s); const c = getComputedStyle(s).color; s.remove();"
                            + "  return [code, c]; })));");
            for (Object pair : shown) {
                List<?> codeAndColour = (List<?>) pair;
                long code = (Long) codeAndColour.get(0);
                assertThat(codeAndColour.get(1)).as("style.css for xterm colour " + code).isEqualTo(xtermRgb(code));
            }
            assertThat((long) shown.size()).isEqualTo(paletteSize);
        }
    }

    private static long paletteSize(Chromium chromium) {
        return (Long) chromium.driver().executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/colours.js').then(m => done(m.PALETTE.length));");
    }
}
