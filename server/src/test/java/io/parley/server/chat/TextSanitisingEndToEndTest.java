package io.parley.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.UnicodeSet;
import com.ibm.icu.text.UnicodeSetIterator;
import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.testing.EscapeSequenceCases;
import io.parley.testing.EscapeSequenceCases.Case;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What chat text may carry, on a real server: escape sequences (the table the client's tests use
 * too) and invisible format characters never reach another client, over TCP, {@code /msg} or UDP,
 * while emoji sequences and the joiners scripts need arrive whole.
 */
@Timeout(120)
class TextSanitisingEndToEndTest {
    private RunningServer server;
    private LineClient alice;
    private LineClient bob;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start("--rate-limit", "0");
        alice = keep(LineClient.named(server.port(), "alice"));
        bob = keep(LineClient.named(server.port(), "bob"));
        alice.readUntil(l -> l.equals("* bob joined lobby"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        server.close();
    }

    private <T extends AutoCloseable> T keep(T client) {
        clients.add(client);
        return client;
    }

    @Test
    void escapeSequencesNeverReachAnotherClient() throws Exception {
        List<Case> cases = EscapeSequenceCases.all();
        for (Case c : cases) {
            alice.send("hi " + c.input());
            bob.expect("alice : hi " + c.expected());
            alice.send("/msg bob hi " + c.input());
            bob.expect(("@alice : hi " + c.expected()).strip());
        }
    }

    @Test
    void escapeSequencesNeverReachAnotherClientOverUdp() throws Exception {
        try (DatagramClient carol = DatagramClient.validated(server.udpPort(), "carol")) { // lines pushed as they come
            carol.send("carol : hello");
            carol.expect("* you are carol");
            bob.readUntil(l -> l.equals("carol : hello"));
            for (Case c : EscapeSequenceCases.all()) {
                carol.send("carol : hi " + c.input());
                bob.expect("carol : hi " + c.expected());
            }
        }
    }

    @Test
    void invisibleFormatCharactersNeverReachAnotherClient() throws Exception {
        // Every bidi control, the BOM, the deprecated format characters, invisible operators and
        // separators, Hangul fillers, soft hyphen, tags: each inside a word, each removed.
        StringBuilder all = new StringBuilder();
        for (UnicodeSetIterator it = new UnicodeSetIterator(new UnicodeSet(
                "[[:Bidi_Control:][\\u2060-\\u206F][\\uFEFF\\u00AD\\u200B\\u3164\\u115F\\u1160\\uFFA0\\u180E\\u034F][\\U000E0001]]"));
                it.next(); ) {
            all.append(it.getString());
        }
        assertThat(all.codePointCount(0, all.length())).isGreaterThan(20);
        alice.send("pay" + all + "pal");
        bob.expect("alice : paypal");
        alice.send("/msg bob \u202Eevil\u202C \u200Fx\u061C");
        bob.expect("@alice : evil x");
    }

    @Test
    void emojiAndScriptJoinersArriveWhole() throws Exception {
        List<String> texts = List.of(
                "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 family", // ZWJ sequence
                "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08 flag", // ZWJ after a variation selector
                "\uD83C\uDDEF\uD83C\uDDF5 \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F", // flags
                "1\uFE0F\u20E3 #\uFE0F\u20E3 keycaps",
                "\uD83D\uDC4D\uD83C\uDFFD skin tone",
                "می\u200Cخواهم", // Persian ZWNJ
                "क्\u200Dष", // Devanagari half form
                "\u845B\uDB40\uDD00 ideographic variant");
        for (String text : texts) {
            alice.send(text);
            bob.expect("alice : " + text);
        }
    }
}
