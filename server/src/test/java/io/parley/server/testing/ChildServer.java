package io.parley.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Parley server in a child JVM (this test run's classpath), so that a test can kill it as an
 * operator's {@code kill -9} would, and start another on the same data directory. It listens on
 * 127.0.0.1, port 0; the port is read from its log.
 */
public final class ChildServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening for TCP chat on /127\\.0\\.0\\.1:(\\d+)");
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private int port = -1;
    private boolean started;

    private ChildServer(Process process) {
        this.process = process;
    }

    /** Starts a server with these flags and waits (a minute at most) until it has started. */
    public static ChildServer start(String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "io.parley.server.ServerMain",
                "--host", "127.0.0.1", "--port", "0", "--time-port", "0", "--admin-port", "-1", "--web-port", "-1"));
        command.addAll(Arrays.asList(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ChildServer server = new ChildServer(process);
        Thread reader = new Thread(server::readOutput, "child-server-output");
        reader.setDaemon(true);
        reader.start();
        server.awaitStart();
        return server;
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (this) {
                    output.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                    }
                    if (line.contains("Parley started")) {
                        started = true;
                    }
                    notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private synchronized void awaitStart() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!started && process.isAlive()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            wait(Math.min(left, 200));
        }
        if (!started || port < 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the child server did not start:\n" + String.join("\n", output));
        }
    }

    public int port() {
        return port;
    }

    /** What the server printed so far. */
    public synchronized List<String> output() {
        return new ArrayList<>(output);
    }

    /** SIGKILL: the process ends at once, nothing flushed, nothing closed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the child server survived SIGKILL");
        }
    }

    /** SIGTERM (a clean stop) if it still runs; SIGKILL if that takes too long. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
