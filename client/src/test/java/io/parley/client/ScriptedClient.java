package io.parley.client;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client run in this JVM on its own thread, as from a shell with pipes: the test types into its
 * stdin and reads its stdout and stderr.
 */
final class ScriptedClient {
    static final Duration WAIT = Duration.ofSeconds(20);

    final ScriptedInput stdin = new ScriptedInput();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private ScriptedClient() {
    }

    static ScriptedClient start(String... args) {
        return start(Map.of(), args);
    }

    /** In {@code terminal}, as a person runs it, with {@code env} as its environment. */
    static ScriptedClient startIn(VirtualTerminal terminal, Map<String, String> env, String... args) {
        ScriptedClient client = new ScriptedClient();
        ClientStreams streams = new ClientStreams(client.stdin,
                new PrintStream(client.stdout, true, StandardCharsets.UTF_8),
                new PrintStream(client.stderr, true, StandardCharsets.UTF_8), terminal::terminal, env);
        return client.launch(streams, args);
    }

    /** With {@code env} as its environment (nothing else of the test's own). */
    static ScriptedClient start(Map<String, String> env, String... args) {
        ScriptedClient client = new ScriptedClient();
        ClientStreams streams = ClientStreams.piped(client.stdin,
                new PrintStream(client.stdout, true, StandardCharsets.UTF_8),
                new PrintStream(client.stderr, true, StandardCharsets.UTF_8), env);
        return client.launch(streams, args);
    }

    private ScriptedClient launch(ClientStreams streams, String... args) {
        ScriptedClient client = this;
        Thread main = new Thread(() -> {
            try {
                client.exit.complete(ClientMain.run(args, streams));
            } catch (Throwable t) {
                client.exit.completeExceptionally(t);
            }
        }, "scripted-client");
        main.setDaemon(true);
        main.start();
        return client;
    }

    /** Runs the client with all of {@code input} as its stdin, to its end; returns the exit code. */
    static ScriptedClient run(List<String> input, String... args) throws Exception {
        ScriptedClient client = start(args);
        input.forEach(client.stdin::type);
        client.stdin.end();
        client.exitCode();
        return client;
    }

    void type(String line) {
        stdin.type(line);
    }

    int exitCode() throws Exception {
        return exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    List<String> outLines() {
        return new ArrayList<>(out().lines().toList());
    }

    void awaitOut(String line) {
        await().atMost(WAIT).until(() -> outLines().contains(line));
    }

    void awaitErr(String fragment) {
        await().atMost(WAIT).until(() -> err().contains(fragment));
    }
}
