package io.parley.client;

import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: {@code /commands} in the first word; a name at the start of a line becomes
 * {@code name: } (as irssi does), elsewhere just the name; rooms after {@code /join}; names after
 * {@code /msg}. Runs on the console's thread; the names come from {@link RoomNames}.
 */
final class ChatCompleter implements Completer {
    private final RoomNames names;
    private final Supplier<String> self;
    private final List<String> commands;

    ChatCompleter(RoomNames names, Supplier<String> self, List<String> commands) {
        this.names = names;
        this.self = self;
        this.commands = commands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        int index = line.wordIndex();
        String first = line.words().isEmpty() ? "" : line.words().get(0);
        if (index == 0) {
            if (line.word().startsWith("/")) {
                commands.forEach(c -> candidates.add(candidate(c, c)));
            } else {
                // "bob: " at the start of a line: addressed to bob, and still plain chat text.
                names.names(self.get()).forEach(n -> candidates.add(candidate(n + ":", n)));
            }
        } else if (index == 1 && first.equalsIgnoreCase("/join")) {
            names.rooms().forEach(r -> candidates.add(candidate(r, r)));
        } else {
            names.names(self.get()).forEach(n -> candidates.add(candidate(n, n)));
        }
    }

    private static Candidate candidate(String value, String display) {
        return new Candidate(value, display, null, null, null, null, true);
    }
}
