package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

/** Who completion knows, from what the server says, and what it offers where. */
class CompletionTest {
    private final RoomNames names = new RoomNames();
    private final ChatCompleter completer = new ChatCompleter(names, () -> "alice",
            List.of("/help", "/join", "/msg", "/quit", "/who"));

    private List<String> complete(String line) {
        ParsedLine parsed = new DefaultParser().quoteChars(new char[0]).escapeChars(new char[0])
                .parse(line, line.length(), org.jline.reader.Parser.ParseContext.COMPLETE);
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, parsed, candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    @Test
    void namesComeFromWhoJoinsLeavesRenamesAndSpeakers() {
        names.entered("lobby");
        names.notice("* in lobby (3): alice, bob, carol");
        names.notice("* dave joined lobby");
        names.notice("* erin joined dev"); // another room
        names.notice("* carol left (quit)");
        names.notice("* bob is now robert");
        names.spoke("frank");
        assertThat(names.names("alice")).containsExactly("dave", "frank", "robert");
        names.notice("* dave left for dev");
        assertThat(names.names("alice")).containsExactly("frank", "robert");
        names.entered("dev"); // a new room: nobody known until /who answers
        assertThat(names.names("alice")).isEmpty();
        names.notice("* in dev (2): alice, dave");
        assertThat(names.names("ALICE")).containsExactly("dave");
    }

    @Test
    void atTheStartOfALineANameIsAddressed() {
        names.entered("lobby");
        names.notice("* in lobby (3): alice, bob, Carol");
        assertThat(complete("")).containsExactly("bob:", "Carol:");
        assertThat(complete("hi ")).containsExactly("bob", "Carol");
        assertThat(complete("/msg ")).containsExactly("bob", "Carol");
    }

    @Test
    void commandsRoomsAndCorrespondents() {
        names.entered("lobby");
        names.notice("* rooms: lobby (3), dev (1), ops.team (2)");
        names.correspondent("zed"); // a private message from another room
        assertThat(complete("/")).containsExactly("/help", "/join", "/msg", "/quit", "/who");
        assertThat(complete("/join ")).containsExactly("dev", "lobby", "ops.team");
        assertThat(complete("/msg ")).containsExactly("zed");
    }
}
