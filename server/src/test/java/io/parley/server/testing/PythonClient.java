package io.parley.server.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One of the socket tutorial's Python programs ({@code src/test/resources/tutorial/}) run as a
 * subprocess: lines typed go to its stdin, what it prints is read line by line with a timeout.
 * A test that uses it is skipped, with a message, where there is no {@code python3}.
 */
public final class PythonClient implements AutoCloseable {
    public static final long TIMEOUT_MILLIS = 10_000;
    private static final String EOF = new String("end of output");

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> printed = new ArrayList<>();

    private PythonClient(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    stdout.add(line);
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                stdout.add(EOF);
            }
        }, "python-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Skips the calling test when there is no python3 on the PATH. */
    public static void assumePython() {
        assumeTrue(pythonVersion() != null,
                "python3 not found: the socket tutorial's Python clients are not run (install python3 to run them)");
    }

    private static String pythonVersion() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Starts {@code tutorial/SCRIPT} unbuffered ({@code python3 -u}) with {@code args}. */
    public static PythonClient start(String script, String... args) throws IOException {
        assumePython();
        List<String> command = new ArrayList<>(List.of("python3", "-u", script(script).toString()));
        command.addAll(List.of(args));
        return new PythonClient(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private static Path script(String name) {
        URL url = PythonClient.class.getResource("/tutorial/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource tutorial/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Types {@code line} (the program reads it with {@code input()}). */
    public void type(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the program's stdin is closed; it printed " + printed, e);
        }
    }

    /** The next line printed; fails after the timeout or at the end of the output. */
    public String readLine() throws InterruptedException {
        String line = stdout.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("nothing printed within " + TIMEOUT_MILLIS + " ms; so far: " + printed);
        }
        if (line == EOF) {
            stdout.add(EOF);
            throw new AssertionError("the program ended; it printed " + printed);
        }
        printed.add(line);
        return line;
    }

    /** Reads printed lines until one matches; returns the lines read, that one last. */
    public List<String> readUntil(Predicate<String> match) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (;;) {
            String line = readLine();
            lines.add(line);
            if (match.test(line)) {
                return lines;
            }
        }
    }

    /** Everything printed so far. */
    public List<String> printed() {
        return printed;
    }

    /** Waits for the program to end by itself; its exit status, or -1 if it had to be killed. */
    public int exitCode() throws InterruptedException {
        if (!process.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
