package io.parley.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;

/**
 * An interactive terminal through JLine: the user edits a line at the prompt while server lines
 * are printed above it ({@link LineReader#printAbove}), so arriving lines never break the line
 * being typed. The prompt can change while a line is being typed. Ctrl-C clears the line, Ctrl-D
 * on an empty line ends the input. A bracketed paste lands in the line (several lines, if it has
 * them) and goes when Enter is pressed. What is typed is kept in a history file.
 */
final class TerminalConsole implements Console {
    private static final String UPDATE_PROMPT = "parley-update-prompt";

    private final Terminal terminal;
    private final LineReaderImpl reader;
    private final LineRenderer renderer;
    private volatile String prompt = "> ";

    private TerminalConsole(Terminal terminal, LineReaderImpl reader, LineRenderer renderer) {
        this.terminal = terminal;
        this.reader = reader;
        this.renderer = renderer;
    }

    /**
     * @param historyFile where typed lines are kept between runs; null: only for this run
     * @param warn        told (once) when the history file cannot be used
     */
    static TerminalConsole open(Terminal terminal, LineRenderer renderer, Completer completer, Path historyFile,
                                Consumer<String> warn) {
        // Chat text is not shell input: no !history expansion, quotes and backslashes kept as typed.
        DefaultParser parser = new DefaultParser().quoteChars(new char[0]).escapeChars(new char[0]);
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("chat-client")
                .parser(parser)
                .completer(completer)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                // The typed line leaves the screen on Enter; the session shows it as "you : text" once sent.
                .option(LineReader.Option.ERASE_LINE_ON_FINISH, true)
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .option(LineReader.Option.BRACKETED_PASTE, true)
                .variable(LineReader.HISTORY_SIZE, InputHistory.SIZE)
                .variable(LineReader.HISTORY_FILE_SIZE, InputHistory.SIZE);
        if (historyFile != null) {
            try {
                InputHistory.prepare(historyFile);
                builder.variable(LineReader.HISTORY_FILE, historyFile);
            } catch (IOException | RuntimeException e) {
                warn.accept("input history is not kept: cannot use " + historyFile + " (" + Failures.describe(e) + ")");
            }
        }
        LineReaderImpl reader = (LineReaderImpl) builder.build();
        TerminalConsole console = new TerminalConsole(terminal, reader, renderer);
        // Each read starts with the prompt of the moment, however late the read begins.
        reader.getWidgets().put(LineReader.CALLBACK_INIT, () -> {
            reader.setPrompt(console.prompt);
            return true;
        });
        reader.getWidgets().put(UPDATE_PROMPT, () -> {
            reader.setPrompt(console.prompt);
            reader.redisplay();
            return true;
        });
        return console;
    }

    @Override
    public String readLine() throws LineInterrupted {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            throw new LineInterrupted(e.getPartialLine());
        } catch (EndOfFileException e) {
            return null; // Ctrl-D on an empty line, or the terminal closed
        }
    }

    @Override
    public void setPrompt(String prompt) {
        this.prompt = prompt;
        if (reader.isReading()) {
            try {
                reader.callWidget(UPDATE_PROMPT);
            } catch (IllegalStateException e) {
                // the read ended meanwhile; the next one starts with the new prompt
            }
        }
    }

    @Override
    public void printLine(String rendered, boolean bell) {
        // The bell goes at the end of the line: it moves no cursor, so it cannot disturb the redraw.
        reader.printAbove(bell ? rendered + "\u0007" : rendered);
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
    public boolean interactive() {
        return true;
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (IOException | RuntimeException e) {
            // the history is a convenience; the session is over either way
        }
        if (reader.isReading()) {
            // The session ended under an open prompt: leave that line, so what the shell prints
            // next starts on a line of its own.
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
