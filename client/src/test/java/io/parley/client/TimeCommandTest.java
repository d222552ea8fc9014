package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code time} against a UDP time server played by the test. */
@Timeout(60)
class TimeCommandTest {

    @Test
    void sendsTheFormatAndPrintsTheAnswer() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient client = ScriptedClient.start("time", "%Y-%m-%d %H:%M:%S", "--every", "0",
                    "--port", "" + server.port());
            assertThat(server.receive()).isEqualTo("%Y-%m-%d %H:%M:%S");
            server.reply("2026-11-25 20:30:00");
            assertThat(client.exitCode()).isZero();
            assertThat(client.outLines()).containsExactly("2026-11-25 20:30:00");
            assertThat(client.err()).isEmpty();
        }
    }

    @Test
    void noFormatSendsAnEmptyDatagramAndRepeats() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient client = ScriptedClient.start("time", "--every", "0.1", "--count", "3",
                    "--port", "" + server.port());
            for (int i = 1; i <= 3; i++) {
                assertThat(server.receive()).isEmpty();
                server.reply("2026-11-25T20:30:0" + i + "Z\n"); // a trailing newline is not printed twice
            }
            assertThat(client.exitCode()).isZero();
            assertThat(client.outLines()).containsExactly(
                    "2026-11-25T20:30:01Z", "2026-11-25T20:30:02Z", "2026-11-25T20:30:03Z");
        }
    }

    @Test
    void aLostAnswerIsNotedAndTheQueryGoesOn() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient client = ScriptedClient.start("time", "%H", "--every", "0", "--count", "2",
                    "--port", "" + server.port());
            assertThat(server.receive()).isEqualTo("%H"); // not answered by the server...
            try (UdpPeer stranger = new UdpPeer()) { // ...and someone else's answer does not count
                byte[] fake = "fake".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                stranger.send(fake, server.lastSender());
            }
            assertThat(server.receive()).isEqualTo("%H");
            server.reply("20");
            assertThat(client.exitCode()).isZero();
            assertThat(client.outLines()).containsExactly("20");
            assertThat(client.err()).contains("no answer from 127.0.0.1:" + server.port() + " within 2 s");
        }
    }

    @Test
    void noAnswerAtAllExitsWithOne() throws Exception {
        try (UdpPeer server = new UdpPeer()) {
            ScriptedClient client = ScriptedClient.start("time", "--every", "0", "--port", "" + server.port());
            assertThat(server.receive()).isEmpty();
            assertThat(client.exitCode()).isEqualTo(1);
            assertThat(client.out()).isEmpty();
            assertThat(client.err()).contains("no answer");
        }
    }

    @Test
    void badOptionsExitWithTwo() throws Exception {
        ScriptedClient client = ScriptedClient.run(List.of(), "time", "--count", "0");
        assertThat(client.exitCode()).isEqualTo(2);
        assertThat(client.err()).contains("--count must be at least 1");
    }
}
