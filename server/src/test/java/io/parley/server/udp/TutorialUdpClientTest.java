package io.parley.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tutorial's UDP chat client ({@code src/test/resources/tutorial/udp_chat.py}, run by
 * Python 3 as a subprocess, unchanged but for the address) against a real server: it sends a
 * line, then reads one datagram, so it must get exactly one per line, holding the newest chat,
 * and its {@code q} must be answered {@code * bye NAME}. Skipped where {@code python3} is absent.
 */
@Timeout(60)
class TutorialUdpClientTest {
    private static final String ESC = "\u001b[";

    @BeforeAll
    static void needsPython() {
        boolean present;
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            present = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "python3 is not installed: the tutorial's UDP client cannot be run");
    }

    /** The tutorial client as a subprocess: lines typed on its stdin, its stdout collected line by line. */
    private static final class TutorialClient implements AutoCloseable {
        final Process process;
        final OutputStream stdin;
        final BlockingQueue<String> out = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();

        TutorialClient(int port) throws Exception {
            Path script = Path.of(TutorialUdpClientTest.class.getResource("/tutorial/udp_chat.py").toURI());
            process = new ProcessBuilder("python3", "-u", script.toString(), "127.0.0.1", String.valueOf(port))
                    .redirectErrorStream(true).start();
            stdin = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        out.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "tutorial-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        void type(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        /** Lines printed until one matches (that one included); fails after 10 s. */
        List<String> until(Predicate<String> match) throws InterruptedException {
            List<String> got = new ArrayList<>();
            for (;;) {
                String line = out.poll(10, TimeUnit.SECONDS);
                if (line == null) {
                    throw new AssertionError("the tutorial client printed nothing more; so far: " + seen);
                }
                seen.add(line);
                got.add(line);
                if (match.test(plain(line))) {
                    return got;
                }
            }
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    /** A line without its colour codes, nor the client's prompt for the name (printed without a line end). */
    private static String plain(String line) {
        return line.replaceAll("\u001b\\[[0-9;]*m", "").replaceFirst("^name: ", "");
    }

    @Test
    void theTutorialsUdpClientChatsInABusyRoomAndLeaves() throws Exception {
        try (RunningServer server = RunningServer.start("--rate-limit", "0");
             LineClient bob = LineClient.named(server.port(), "bob");
             TutorialClient taibai = new TutorialClient(server.udpPort())) {
            taibai.type("太白");
            taibai.type("hello from the tutorial");
            bob.expect("* 太白 joined lobby");
            bob.expect("太白 : hello from the tutorial");
            taibai.until(l -> l.endsWith("* you are in lobby with 1 other"));

            for (int i = 1; i <= 40; i++) {
                bob.send("line " + i);
            }
            bob.send("/ping");
            bob.readUntil("* pong"::equals);
            taibai.type("what did I miss while I was typing this line");
            List<String> shown = taibai.until(l -> l.equals("bob : line 40")); // the newest, not the oldest
            assertThat(plain(shown.get(0))).matches("\\* skipped \\d+ earlier lines");
            assertThat(shown.get(shown.size() - 1)).startsWith(ESC).contains("bob" + ESC + "0m : line 40");

            taibai.type("anyone there?"); // a quiet room still answers, so the client never waits for ever
            taibai.until(l -> l.equals("* nothing new"));
            bob.readUntil("太白 : anyone there?"::equals);

            taibai.type("q");
            taibai.until(l -> l.equals("* bye 太白"));
            assertThat(taibai.process.waitFor(10, TimeUnit.SECONDS)).as("the client ends after q").isTrue();
            assertThat(taibai.process.exitValue()).isZero();
            bob.readUntil("* 太白 left (quit)"::equals);
        }
    }

    @Test
    void aFirstLineOfQIsAnsweredByBye() throws Exception {
        try (RunningServer server = RunningServer.start();
             TutorialClient taibai = new TutorialClient(server.udpPort())) {
            taibai.type("太白");
            taibai.type("q");
            taibai.until(l -> l.equals("* bye 太白"));
            assertThat(taibai.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(taibai.process.exitValue()).isZero();
        }
    }
}
