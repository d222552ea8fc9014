package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client as its own process with a piped stdin, as a script would run it. */
@Timeout(90)
class SubprocessClientTest {

    @Test
    void pipedScriptChatsAndExitsZero(@TempDir Path dir) throws Exception {
        try (RunningServer server = RunningServer.start();
                LineClient carol = LineClient.named(server.port(), "carol")) {
            Path out = dir.resolve("out.txt");
            Path err = dir.resolve("err.txt");
            Process client = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    "io.parley.client.ClientMain", "--name", "dave", "--port", "" + server.port()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            try (OutputStream stdin = client.getOutputStream()) {
                stdin.write("hello from a pipe, ünïcode\nq\n".getBytes(StandardCharsets.UTF_8));
            }

            assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("client exited").isTrue();
            carol.expect("* dave joined lobby");
            carol.expect("dave : hello from a pipe, ünïcode");
            carol.expect("* dave left (quit)");
            assertThat(client.exitValue()).isZero();
            String printed = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(printed).contains("* you are dave\n", "* bye dave\n").doesNotContain("\u001b");
            assertThat(Files.readString(err, StandardCharsets.UTF_8)).isEmpty(); // no log noise
        }
    }

    @Test
    void unreachableServerExitsOneWithAMessage(@TempDir Path dir) throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Path err = dir.resolve("err.txt");
        Process client = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "io.parley.client.ClientMain", "--name", "dave", "--port", "" + closedPort))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(err.toFile())
                .start();
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("client exited").isTrue();
        assertThat(client.exitValue()).isEqualTo(1);
        assertThat(Files.readString(err)).startsWith("chat-client: cannot connect to 127.0.0.1:" + closedPort);
    }
}
