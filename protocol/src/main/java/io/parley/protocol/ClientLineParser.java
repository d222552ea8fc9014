package io.parley.protocol;

import java.util.Locale;

/** Turns one line of text (without its line end) into a {@link ClientLine}. Stateless. */
public final class ClientLineParser {
    public static final String SEPARATOR = " : ";
    private static final ClientLine.Blank BLANK = new ClientLine.Blank();

    private ClientLineParser() {
    }

    public static ClientLine parse(String line) {
        if (line.isEmpty() || line.isBlank()) {
            return BLANK;
        }
        if (line.equals("q")) {
            return new ClientLine.Command("quit", "");
        }
        if (line.charAt(0) == '/') {
            return command(ControlCharacters.strip(line));
        }
        int sep = line.indexOf(SEPARATOR);
        if (sep > 0 && hasNoWhitespace(line, sep)) {
            // Split at the first " : " only: the text may hold more colons.
            return new ClientLine.Said(ControlCharacters.strip(line.substring(0, sep)),
                    ControlCharacters.strip(line.substring(sep + SEPARATOR.length())));
        }
        return new ClientLine.Said(null, ControlCharacters.strip(line));
    }

    private static ClientLine command(String line) {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line.substring(1) : line.substring(1, space);
        String args = space < 0 ? "" : line.substring(space + 1).strip();
        return new ClientLine.Command(verb.toLowerCase(Locale.ROOT), args);
    }

    /** A prefix with a space in it is ordinary text ("I think : yes"), not a name. */
    private static boolean hasNoWhitespace(String line, int end) {
        for (int i = 0; i < end; i++) {
            if (Character.isWhitespace(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
