package io.parley.client;

import java.io.IOException;

/**
 * Where the user types and the session prints: a terminal with line editing, or plain streams.
 * {@link #readLine} runs on the console-input thread; the printing methods run on the session
 * thread, and a terminal console keeps the two apart on screen.
 */
interface Console extends AutoCloseable {

    /** The next typed line, without its line end; null at the end of input. */
    String readLine(String prompt) throws IOException;

    /** Prints one line as rendered (it may hold ANSI styles). */
    void printLine(String rendered);

    /** Prints a message from the client itself: on stderr, or above the prompt on a terminal. */
    void printProblem(String rendered);

    /** How server lines are rendered on this console. */
    LineRenderer renderer();

    @Override
    void close();
}
