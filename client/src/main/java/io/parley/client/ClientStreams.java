package io.parley.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The client's standard streams, injectable so that tests can script it through pipes.
 * {@code terminal} says stdin and stdout are both a terminal (then JLine edits the input line).
 */
record ClientStreams(InputStream in, PrintStream out, PrintStream err, boolean terminal) {

    /** The process's own streams; output in UTF-8 whatever the locale, as the protocol is UTF-8. */
    static ClientStreams system() {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        // On Java 17, System.console() exists only when both stdin and stdout are a terminal.
        return new ClientStreams(System.in, out, err, System.console() != null);
    }
}
