package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.testing.EscapeSequenceCases;
import io.parley.testing.EscapeSequenceCases.Case;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole terminal escape sequences are removed from text, in the cases of the shared table (the
 * client's tests read the same table) and in generated ones.
 */
class EscapeSequencesTest {

    static List<Case> cases() {
        return EscapeSequenceCases.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theSanitiserRemovesWholeSequences(Case c) {
        assertThat(ControlCharacters.strip(c.input())).as(c.toString()).isEqualTo(c.expected());
        assertThat(ControlCharacters.strip(c.expected())).isEqualTo(c.expected());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyLineAClientSendsIsSanitised(Case c) {
        // As chat text, as a private message and as a datagram's text, the same removal happens.
        ClientLine said = ClientLineParser.parse("alice : hi " + c.input());
        assertThat(said).isEqualTo(new ClientLine.Said("alice", "hi " + c.expected()));
        ClientLine msg = ClientLineParser.parse("/msg bob hi " + c.input());
        assertThat(msg).isEqualTo(new ClientLine.Command("msg", ("bob hi " + c.expected()).strip()));
    }

    @Test
    void theTableIsBroad() {
        assertThat(cases()).hasSizeGreaterThan(50);
    }

    @Test
    void generatedSequencesLeaveNoEscapeOrControlBehind() {
        // Random mixes of the bytes sequences are made of, with text between: whatever is left
        // holds no ESC, no C0 or C1 control, and the text outside any sequence is kept.
        String pieces = "\u001b\u001b[]PX^_\\;0123456789?:<>=!\"#$%&'()*+,-./@ABCHJKmqs~\u0007\u0018\u001a"
                + "\u0090\u009b\u009c\u009d\u009e\u009f\u008e\u008f";
        Random random = new Random(42);
        int withoutStrings = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder in = new StringBuilder();
            int length = 1 + random.nextInt(30);
            for (int i = 0; i < length; i++) {
                in.append(random.nextInt(4) == 0 ? 'é' : pieces.charAt(random.nextInt(pieces.length())));
            }
            String out = ControlCharacters.strip(in.toString());
            assertThat(out.chars().noneMatch(ControlCharacters::isStripped)).as(EscapeSequenceCases.visible(in.toString())).isTrue();
            assertThat(ControlCharacters.strip(out)).isEqualTo(out);
            // é cannot be part of a sequence (only of an OSC, DCS, SOS, PM or APC string), so it
            // ends one and is kept.
            if (!in.toString().matches("(?s).*(\u001b[\\]PX^_]|[\u0090\u0098\u009d\u009e\u009f]).*")) {
                assertThat(out.chars().filter(ch -> ch == 'é').count()).isEqualTo(in.chars().filter(ch -> ch == 'é').count());
                withoutStrings++;
            }
        }
        assertThat(withoutStrings).isGreaterThan(1000);
    }
}
