package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parley.protocol.ControlCharacters;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jline.builtins.ScreenTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client as its own process on a real pseudo-terminal ({@code script} from util-linux, which
 * every Debian has), so the kernel's terminal does what it does for a person: Ctrl-C is a SIGINT
 * to the client, a dumb terminal edits the line itself. Skipped where {@code script} is missing.
 */
@Timeout(90)
class PtyClientTest {
    @TempDir
    Path dir;

    private static boolean haveScript() {
        return Files.isExecutable(Path.of("/usr/bin/script"));
    }

    /** Starts the client under {@code script} on a 120x30 terminal of {@code term}; its screen goes to a file. */
    private Process start(String term, int port, Path screen) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of("/usr/bin/script", "-qfec",
                "stty cols 120 rows 30; exec '" + java + "' io.parley.client.ClientMain --port " + port
                        + " --keepalive 0", screen.toString()));
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("TERM", term);
        builder.environment().put("USER", "pat");
        builder.environment().put("XDG_STATE_HOME", dir.toString());
        builder.environment().remove("COLORTERM");
        builder.environment().remove("NO_COLOR");
        return builder.redirectErrorStream(true).redirectOutput(dir.resolve("script.out").toFile()).start();
    }

    /** A new JVM on a busy machine may take longer than one read's timeout to start and connect. */
    private static void awaitJoin(LineClient carol) throws Exception {
        for (int tries = 0; ; tries++) {
            try {
                carol.expect("* pat joined lobby");
                return;
            } catch (java.net.SocketTimeoutException e) {
                if (tries == 5) {
                    throw e;
                }
            }
        }
    }

    /**
     * Waits until the screen ends with the prompt, the client reading a line: as a person waits for
     * it, so that keys are not typed in the instant between two lines, while the terminal is
     * briefly back in its own line mode.
     */
    private static void awaitPrompt(Path screen, String prompt) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            ScreenTerminal emulator = new ScreenTerminal(120, 30);
            emulator.write(Files.exists(screen) ? Files.readString(screen, StandardCharsets.UTF_8) : "");
            String[] lines = emulator.toString().split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (!lines[i].isBlank()) {
                    return lines[i].strip().equals(prompt);
                }
            }
            return false;
        });
    }

    private static void keys(OutputStream to, String keys) throws Exception {
        to.write(keys.getBytes(StandardCharsets.UTF_8));
        to.flush();
    }

    @Test
    void inAnXtermCtrlCClearsTheLineAndCtrlDLeaves() throws Exception {
        assumeTrue(haveScript(), "no /usr/bin/script: the pseudo-terminal test needs util-linux's script");
        try (RunningServer server = RunningServer.start();
             LineClient carol = LineClient.named(server.port(), "carol")) {
            Path screen = dir.resolve("screen");
            Process client = start("xterm-256color", server.port(), screen);
            try (OutputStream keyboard = client.getOutputStream()) {
                awaitJoin(carol);
                awaitPrompt(screen, "[lobby] pat>");
                keys(keyboard, "hello from a terminal\r");
                carol.expect("pat : hello from a terminal");
                awaitPrompt(screen, "[lobby] pat>");
                keys(keyboard, "dropped");
                Thread.sleep(300);
                keys(keyboard, "\u0003"); // SIGINT from the terminal: clears the line, does not end the client
                Thread.sleep(300);
                keys(keyboard, "kept\r");
                carol.expect("pat : kept");
                awaitPrompt(screen, "[lobby] pat>");
                keys(keyboard, "\u0004");
                carol.expect("* pat left (quit)");
                assertThat(client.waitFor(30, TimeUnit.SECONDS)).as("client exited").isTrue();
            }
            assertThat(client.exitValue()).isZero();
            ScreenTerminal emulator = new ScreenTerminal(120, 30);
            emulator.write(Files.readString(screen, StandardCharsets.UTF_8));
            String shown = emulator.toString();
            assertThat(shown).contains("* Parley at 127.0.0.1:" + server.port() + ": you are pat, in lobby with 1 other")
                    .contains("pat : hello from a terminal").contains("pat : kept").doesNotContain("dropped");
        }
    }

    @Test
    void aDumbTerminalEditsTheLineItselfAndGetsNoEscapes() throws Exception {
        assumeTrue(haveScript(), "no /usr/bin/script: the pseudo-terminal test needs util-linux's script");
        try (RunningServer server = RunningServer.start();
             LineClient carol = LineClient.named(server.port(), "carol")) {
            Path screen = dir.resolve("screen");
            Process client = start("dumb", server.port(), screen);
            try (OutputStream keyboard = client.getOutputStream()) {
                awaitJoin(carol);
                awaitPrompt(screen, "[lobby] pat>");
                keys(keyboard, "tpyo\u007f\u007f\u007fypo\r"); // the terminal's own erase (DEL) edits the line
                carol.expect("pat : typo");
                keys(keyboard, "left\u001b[Darrow\r"); // an arrow key the terminal cannot act on: not text
                carol.expect("pat : " + ControlCharacters.strip("left\u001b[Darrow"));
                keys(keyboard, "dropped");
                Thread.sleep(300);
                keys(keyboard, "\u0003");
                Thread.sleep(300);
                keys(keyboard, "kept\r");
                carol.expect("pat : kept");
                carol.send("carol : hi pat");
                Thread.sleep(300);
                keys(keyboard, "/quit\r");
                carol.expect("* pat left (quit)");
                assertThat(client.waitFor(30, TimeUnit.SECONDS)).as("client exited").isTrue();
            }
            assertThat(client.exitValue()).isZero();
            String output = Files.readString(screen, StandardCharsets.UTF_8);
            assertThat(output).doesNotContain("\u001b").contains("[lobby] pat> ").contains("carol : hi pat");
        }
    }
}
