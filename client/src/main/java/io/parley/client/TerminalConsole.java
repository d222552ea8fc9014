package io.parley.client;

import java.io.IOException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;

/**
 * An interactive terminal through JLine: the user edits a line at the prompt while server lines
 * are printed above it ({@link LineReader#printAbove}), so arriving lines never break the line
 * being typed.
 */
final class TerminalConsole implements Console {
    private final Terminal terminal;
    private final LineReader reader;
    private final LineRenderer renderer;

    private TerminalConsole(Terminal terminal, LineReader reader, LineRenderer renderer) {
        this.terminal = terminal;
        this.reader = reader;
        this.renderer = renderer;
    }

    static TerminalConsole open(boolean colour) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).name("chat-client").build();
        // Chat text is not shell input: no !history expansion, quotes and backslashes kept as typed.
        DefaultParser parser = new DefaultParser().quoteChars(new char[0]).escapeChars(new char[0]);
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("chat-client")
                .parser(parser)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        Colours colours = colour ? Colours.forTerminal(maxColours(terminal)) : null;
        return new TerminalConsole(terminal, reader,
                colours == null ? LineRenderer.plain() : LineRenderer.coloured(colours));
    }

    private static int maxColours(Terminal terminal) {
        Integer colours = terminal.getNumericCapability(InfoCmp.Capability.max_colors);
        return colours == null ? 0 : colours;
    }

    @Override
    public String readLine(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException | EndOfFileException e) {
            return null; // Ctrl-C and Ctrl-D leave the chat like the end of piped input does
        }
    }

    @Override
    public void printLine(String rendered) {
        reader.printAbove(rendered);
    }

    @Override
    public void printProblem(String rendered) {
        reader.printAbove(rendered);
    }

    @Override
    public LineRenderer renderer() {
        return renderer;
    }

    @Override
    public void close() {
        if (reader.isReading()) {
            // The session ended under an open prompt (the server went away): leave that line, so
            // what the shell prints next starts on a line of its own.
            terminal.writer().println();
            terminal.flush();
        }
        try {
            terminal.close();
        } catch (IOException e) {
            // the process is ending; nothing useful to do
        }
    }
}
