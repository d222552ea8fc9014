package io.parley.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The client's standard streams and environment, injectable so that tests can script it through
 * pipes or drive it through a terminal of their own. {@code terminal} is null when stdin or stdout
 * is not a terminal; else it opens the terminal the user types in.
 */
record ClientStreams(InputStream in, PrintStream out, PrintStream err, TerminalOpener terminal,
                     Map<String, String> env) {

    /** Opens the terminal (once). */
    @FunctionalInterface
    interface TerminalOpener {
        Terminal open() throws IOException;

        /** Whether it is the process's own terminal, whose Ctrl-C arrives as a SIGINT to the process. */
        default boolean controlsProcess() {
            return false;
        }
    }

    /** The process's own streams; output in UTF-8 whatever the locale, as the protocol is UTF-8. */
    static ClientStreams system() {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        // On Java 17, System.console() exists only when both stdin and stdout are a terminal.
        TerminalOpener terminal = System.console() == null ? null : new TerminalOpener() {
            @Override
            public Terminal open() throws IOException {
                return TerminalBuilder.builder().system(true).name("chat-client").build();
            }

            @Override
            public boolean controlsProcess() {
                return true;
            }
        };
        return new ClientStreams(System.in, out, err, terminal, System.getenv());
    }

    /** Streams that are not a terminal, as a script gives them. */
    static ClientStreams piped(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        return new ClientStreams(in, out, err, null, env);
    }
}
