package io.parley.client;

/**
 * Everything a chat session reacts to, from the network, the console or the client itself. All of
 * it is handled on one thread (the main thread), so the session needs no locks.
 */
sealed interface SessionEvent {

    /** One line (TCP) or datagram (UDP) from the server, not yet cleaned for printing. */
    record Received(String line) implements SessionEvent {
    }

    /** The connection ended; {@code reason} is null when the server closed it in an orderly way. */
    record Closed(String reason) implements SessionEvent {
    }

    /** Something the user should hear about that is not a server line. */
    record Problem(String text) implements SessionEvent {
    }

    /** What the user entered: one line, or several from a paste. */
    record Typed(String line) implements SessionEvent {
    }

    /** Ctrl-C: the line being typed ({@code partial}) was cleared. */
    record Interrupted(String partial) implements SessionEvent {
    }

    /** The console has no more input (end of a piped stdin, Ctrl-D on an empty line). */
    record InputEnded() implements SessionEvent {
    }
}
