package io.parley.client;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jline.builtins.ScreenTerminal;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * A terminal for the client that the test types into and reads the screen of: JLine's terminal
 * of the given type over pipes, its output replayed through JLine's VT100 screen emulator.
 */
final class VirtualTerminal implements AutoCloseable {
    static final String CTRL_C = "\u0003";
    static final String CTRL_D = "\u0004";
    static final String TAB = "\t";
    static final String ENTER = "\r";
    /** Up and Left as an xterm sends them once an application (JLine) switched on its cursor-key mode. */
    static final String UP = "\u001bOA";
    static final String LEFT = "\u001bOD";
    /** Left as a terminal sends it when nobody switched that mode on. */
    static final String RAW_LEFT = "\u001b[D";
    static final String PASTE_START = "\u001b[200~";
    static final String PASTE_END = "\u001b[201~";

    /** JLine logs through java.util.logging; its pumps complain when a test closes their pipes. */
    private static final java.util.logging.Logger JLINE_LOG = java.util.logging.Logger.getLogger("org.jline");

    static {
        JLINE_LOG.setLevel(java.util.logging.Level.OFF);
    }

    private final ScriptedInput keys = new ScriptedInput();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final int columns;
    private final int rows;
    private final Terminal terminal;

    VirtualTerminal(String type, int columns, int rows) throws IOException {
        this.columns = columns;
        this.rows = rows;
        // The exec provider gives JLine's own line discipline (Ctrl-C raises SIGINT, as a real
        // terminal does for the process it controls); others may open a pty the JVM does not control.
        this.terminal = TerminalBuilder.builder().system(false).provider("exec").name("test").type(type)
                .streams(keys, output)
                .size(new Size(columns, rows)).encoding(StandardCharsets.UTF_8).build();
    }

    Terminal terminal() {
        return terminal;
    }

    void type(String text) {
        keys.raw(text);
    }

    /** Everything the client wrote, escape sequences and all. */
    String output() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    /** The screen as a person would see it: {@code rows} lines of text, without trailing blanks. */
    String screen() {
        ScreenTerminal screen = new ScreenTerminal(columns, rows);
        screen.write(output());
        return screen.toString().replaceAll(" +\n", "\n");
    }

    /** The screen's last non-blank line (the prompt line, when the client is reading). */
    String lastLine() {
        String[] lines = screen().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].stripTrailing();
            }
        }
        return "";
    }

    void awaitScreen(String fragment) {
        awaitOrShow("the screen to show \"" + fragment + "\"", () -> screen().contains(fragment));
    }

    void awaitLastLine(String line) {
        awaitOrShow("the last line to be \"" + line + "\"", () -> lastLine().equals(line));
    }

    private void awaitOrShow(String what, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofSeconds(20)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("waited 20 s for " + what + "; the screen:\n" + screen(), e);
        }
    }

    @Override
    public void close() throws IOException {
        keys.end();
        terminal.close();
    }
}
