package io.parley.server.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.PythonClient;
import io.parley.server.testing.RunningServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The socket tutorial's TCP chat client and UDP time client (Python, in
 * {@code src/test/resources/tutorial/}), run unchanged but for the address against a real server.
 * Skipped, with a message, where there is no python3.
 */
@Timeout(60)
class TutorialClientsTest {
    /** Short, so the test is quick; a person takes longer than this to type a line anyway. */
    private static final int PAUSE_MILLIS = 200;
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        PythonClient.assumePython();
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T20:15:30Z"), ZoneId.of("UTC"));
        server = RunningServer.start(clock, "--line-pause", PAUSE_MILLIS + "ms");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tcpChatClientChatsAndQuits() throws Exception {
        try (LineClient bob = LineClient.named(server.port(), "bob");
             PythonClient alice = PythonClient.start("tcp_chat.py", "127.0.0.1", "" + server.port())) {
            alice.type("alice : hello");
            // Its first read finds the welcome, which was waiting.
            assertThat(alice.readLine()).startsWith("* welcome to Parley");
            bob.expect("* alice joined lobby");
            bob.expect("alice : hello");

            bob.send("hi alice");
            // A person types the next line long after the pause has ended the first.
            Thread.sleep(5L * PAUSE_MILLIS);
            alice.type("how are you?");
            List<String> answer = alice.readUntil("alice : how are you?"::equals);
            assertThat(answer).containsSubsequence("* you are alice", "* you are in lobby with 1 other",
                    "alice : hello", "bob : hi alice", "alice : how are you?");
            bob.expect("alice : how are you?");

            alice.type("/who");
            assertThat(alice.readUntil(l -> !l.isEmpty())).last().isEqualTo("* in lobby (2): alice, bob");

            alice.type("q");
            assertThat(alice.readUntil(l -> !l.isEmpty())).last().isEqualTo("* bye alice");
            assertThat(alice.exitCode()).isZero();
            bob.expect("* alice left (quit)");
        }
    }

    @Test
    void timeClientGetsTheTime() throws Exception {
        try (PythonClient time = PythonClient.start("time_client.py", "127.0.0.1", "" + server.timePort())) {
            time.type("%Y-%m-%d %H:%M:%S");
            assertThat(time.readLine()).isEqualTo("2026-11-25 20:15:30");
            time.type("%c | %D %T | %G-W%V-%u");
            assertThat(time.readLine()).isEqualTo("Wed Nov 25 20:15:30 2026 | 11/25/26 20:15:30 | 2026-W48-3");
        }
    }
}
