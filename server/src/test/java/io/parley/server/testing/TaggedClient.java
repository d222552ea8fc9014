package io.parley.server.testing;

import io.parley.protocol.Tags;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A client that turns tags on, as a program that resumes would: it learns its resume token when it
 * claims a name, and reads history batches with their ids.
 */
public final class TaggedClient implements AutoCloseable {
    private final LineClient line;
    private String token;

    private TaggedClient(LineClient line) {
        this.line = line;
    }

    /** Connects and turns tags on. */
    public static TaggedClient connect(int port) throws IOException {
        TaggedClient client = new TaggedClient(LineClient.connect(port));
        client.send("/tags on");
        client.line.expect("* tags on");
        return client;
    }

    /** Connects, turns tags on and claims {@code name}. */
    public static TaggedClient named(int port, String name) throws IOException {
        return connect(port).claim(name, null);
    }

    /**
     * Claims {@code name} (with {@code token}, a resume) and reads up to {@code * you are in ...};
     * a replay that follows is left for the caller.
     */
    public TaggedClient claim(String name, String token) throws IOException {
        send("/nick " + name + (token == null ? "" : " " + token));
        Tags.Tagged you = Tags.parse(line.readLine());
        if (!you.rest().equals("* you are " + name) || !you.has(Tags.TOKEN)) {
            throw new AssertionError("expected a tagged * you are " + name + ", got " + you);
        }
        this.token = you.get(Tags.TOKEN);
        line.readUntil(l -> l.startsWith("* you are in "));
        return this;
    }

    public String token() {
        return token;
    }

    public void send(String text) throws IOException {
        line.send(text);
    }

    public String readLine() throws IOException {
        return line.readLine();
    }

    public Tags.Tagged read() throws IOException {
        return Tags.parse(line.readLine());
    }

    /** Reads until a tagged chat line (one with an id) that is neither history nor an ack; returns it. */
    public Tags.Tagged readLive() throws IOException {
        for (;;) {
            Tags.Tagged t = read();
            if (t.id() > 0 && !t.has(Tags.HIST) && !t.has(Tags.ACK)) {
                return t;
            }
        }
    }

    /**
     * Sends {@code /history ARGS} and returns the messages of the answer. Lines that arrive before
     * the answer's header (live chat, acks) go to {@code other}.
     */
    public List<Tags.Tagged> history(String args, Consumer<Tags.Tagged> other) throws IOException {
        send(args.isEmpty() ? "/history" : "/history " + args);
        return readBatch(other);
    }

    /** Reads one history batch (header, messages, footer); lines before its header go to {@code other}. */
    public List<Tags.Tagged> readBatch(Consumer<Tags.Tagged> other) throws IOException {
        for (;;) {
            Tags.Tagged t = read();
            if (t.has(Tags.HIST) && t.id() < 0 && t.rest().startsWith("* history ")) {
                break;
            }
            if (t.rest().startsWith("! ")) {
                throw new AssertionError("history refused: " + t.rest());
            }
            other.accept(t);
        }
        List<Tags.Tagged> messages = new ArrayList<>();
        for (;;) {
            Tags.Tagged t = read();
            if (t.rest().equals("* end of history")) {
                return messages;
            }
            if (!t.has(Tags.HIST) || t.id() < 0) {
                throw new AssertionError("a line inside a history batch: " + t);
            }
            messages.add(t);
        }
    }

    public LineClient lines() {
        return line;
    }

    @Override
    public void close() throws IOException {
        line.close();
    }
}
