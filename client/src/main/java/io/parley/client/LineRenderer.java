package io.parley.client;

import io.parley.protocol.ClientLineParser;
import io.parley.protocol.ControlCharacters;
import io.parley.protocol.ServerLine;

/**
 * Turns a server line into what the console shows. Control characters are always removed (the
 * server removes them too; a client does not rely on that). Plain rendering changes nothing else;
 * coloured rendering shows each name in its own colour, notices dimmed, errors in bold red and
 * private messages with the sender's name as a coloured tag and the text in bold.
 */
final class LineRenderer {
    private static final String SEPARATOR = ClientLineParser.SEPARATOR;

    private final Colours colours;

    private LineRenderer(Colours colours) {
        this.colours = colours;
    }

    static LineRenderer plain() {
        return new LineRenderer(null);
    }

    static LineRenderer coloured(Colours colours) {
        return new LineRenderer(colours);
    }

    boolean isColoured() {
        return colours != null;
    }

    String render(String raw) {
        String line = ControlCharacters.strip(raw);
        if (colours == null) {
            return line;
        }
        return switch (ServerLine.kindOf(line)) {
            case CHAT -> chat(line);
            case PRIVATE -> privateMessage(line);
            case NOTICE -> styled(colours.noticeStyle(), line);
            case ERROR -> styled(colours.errorStyle(), line);
            case OTHER -> line;
        };
    }

    /** A message from the client itself (not from the server), styled like an error. */
    String problem(String text) {
        String line = "chat-client: " + ControlCharacters.strip(text);
        return colours == null ? line : styled(colours.errorStyle(), line);
    }

    private String chat(String line) {
        int sep = line.indexOf(SEPARATOR);
        String name = line.substring(0, sep);
        return styled("1;" + colours.nameColour(name), name) + line.substring(sep);
    }

    private String privateMessage(String line) {
        int sep = line.indexOf(SEPARATOR);
        String name = line.substring(1, sep);
        String text = line.substring(sep + SEPARATOR.length());
        return styled("1;7;" + colours.nameColour(name), "@" + name) + SEPARATOR + styled("1", text);
    }

    private static String styled(String sgrParameters, String text) {
        return Colours.sgr(sgrParameters) + text + Colours.RESET;
    }
}
