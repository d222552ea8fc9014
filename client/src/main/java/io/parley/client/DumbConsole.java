package io.parley.client;

import io.parley.protocol.ControlCharacters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import org.jline.terminal.Terminal;
import org.jline.utils.Signals;

/**
 * A terminal that can do no more than print lines ({@code TERM=dumb}: an editor's shell buffer, a
 * serial line): a plain line reader that leaves editing to the terminal, and plain text out. The
 * prompt is printed when a line is read; a line that arrives while it is showing is written over
 * it (a carriage return, which even a dumb terminal has) and the prompt follows again. Ctrl-C
 * clears the line being typed instead of ending the client (the terminal itself drops what was
 * typed).
 */
final class DumbConsole implements Console {
    private final Terminal terminal;
    private final PrintWriter out;
    private final Reader in;
    private final LineRenderer renderer;
    private volatile String prompt = "> ";
    /** A prompt is on screen and nothing follows it yet. Guarded by this. */
    private boolean promptShowing;
    private volatile boolean interrupted;
    /** The process's own SIGINT handler before this console took it; null when it did not. */
    private final Object previousInterrupt;

    /**
     * @param processSignals the terminal is the process's own, whose Ctrl-C is a SIGINT to the
     *                       process (JLine's dumb terminal passes no signal on to its handlers)
     */
    DumbConsole(Terminal terminal, LineRenderer renderer, boolean processSignals) {
        this.terminal = terminal;
        this.out = terminal.writer();
        this.in = terminal.reader();
        this.renderer = renderer;
        terminal.handle(Terminal.Signal.INT, signal -> interrupt());
        this.previousInterrupt = processSignals ? Signals.register("INT", this::interrupt) : null;
    }

    private synchronized void interrupt() {
        interrupted = true;
        out.println();
        out.print(prompt);
        out.flush();
        promptShowing = true;
    }

    @Override
    public String readLine() throws IOException {
        synchronized (this) {
            out.print(prompt);
            out.flush();
            promptShowing = true;
        }
        StringBuilder line = new StringBuilder();
        for (;;) {
            int c = in.read();
            if (interrupted) {
                interrupted = false;
                line.setLength(0); // typed before Ctrl-C: gone
            }
            if (c < 0) {
                synchronized (this) {
                    promptShowing = false;
                }
                return line.length() > 0 ? clean(line) : null;
            }
            if (c == '\n' || c == '\r') {
                synchronized (this) {
                    promptShowing = false; // the terminal echoed the line end
                }
                return clean(line);
            }
            line.append((char) c);
        }
    }

    /** Arrow keys and the like arrive as escape sequences the terminal could not act on: not text. */
    private static String clean(StringBuilder line) {
        return ControlCharacters.strip(line.toString());
    }

    @Override
    public void setPrompt(String prompt) {
        this.prompt = prompt;
    }

    @Override
    public synchronized void printLine(String rendered, boolean bell) {
        if (promptShowing) {
            out.print('\r');
        }
        out.print(rendered);
        if (promptShowing && rendered.length() < prompt.length()) {
            out.print(" ".repeat(prompt.length() - rendered.length())); // no trace of the prompt left
        }
        out.println(bell ? "\u0007" : "");
        if (promptShowing) {
            out.print(prompt);
        }
        out.flush();
    }

    @Override
    public void printProblem(String rendered) {
        printLine(rendered, false);
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
    public synchronized void close() {
        if (previousInterrupt != null) {
            Signals.unregister("INT", previousInterrupt);
        }
        if (promptShowing) {
            out.println();
        }
        out.flush();
        try {
            terminal.close();
        } catch (IOException e) {
            // the process is ending; nothing useful to do
        }
    }
}
