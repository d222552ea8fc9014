package io.parley.protocol;

/** One line a client sent, decoded. Every transport produces these; chat logic consumes them. */
public sealed interface ClientLine {

    /**
     * A chat message. {@code name} is the prefix before {@code " : "}, or {@code null} when the
     * line had none (the sender's own name is meant). Control characters are already removed.
     */
    record Said(String name, String text) implements ClientLine {
    }

    /** A {@code /verb args} line; {@code q} alone arrives as {@code quit}. Verb is lower case. */
    record Command(String verb, String args) implements ClientLine {
    }

    /** A line that could not be read at all: too long, not UTF-8. The reason is for the sender. */
    record Invalid(String reason) implements ClientLine {
    }

    /** An empty line: nothing to do. */
    record Blank() implements ClientLine {
    }
}
