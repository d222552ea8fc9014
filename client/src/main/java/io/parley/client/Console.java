package io.parley.client;

import java.io.IOException;

/**
 * Where the user types and the session prints: a terminal with line editing, a dumb terminal, or
 * plain streams. {@link #readLine} runs on the console-input thread; the other methods run on the
 * session thread, and a terminal console keeps the two apart on screen.
 */
interface Console extends AutoCloseable {

    /** The user pressed Ctrl-C: the line being typed is gone. */
    final class LineInterrupted extends Exception {
        private final String partial;

        LineInterrupted(String partial) {
            super(null, null, false, false);
            this.partial = partial == null ? "" : partial;
        }

        /** What had been typed. */
        String partial() {
            return partial;
        }
    }

    /** The next typed line (several, for a multi-line paste), without its line end; null at the end of input. */
    String readLine() throws IOException, LineInterrupted;

    /** The prompt: shown at once if a line is being read, else at the next read. */
    void setPrompt(String prompt);

    /** Prints one line as rendered (it may hold ANSI styles); {@code bell} rings the terminal's bell with it. */
    void printLine(String rendered, boolean bell);

    default void printLine(String rendered) {
        printLine(rendered, false);
    }

    /** Prints a message from the client itself: on stderr, or above the prompt on a terminal. */
    void printProblem(String rendered);

    /** How server lines are rendered on this console. */
    LineRenderer renderer();

    /**
     * A person at a terminal rather than a script: the client shows its own welcome and your
     * lines, asks who is in the room (for completion), and tells of reconnection in the chat.
     */
    boolean interactive();

    @Override
    void close();
}
