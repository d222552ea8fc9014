package io.parley.server.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The time service and /time on real loopback sockets, with a fixed server clock. */
@Timeout(60)
class TimeServiceEndToEndTest {
    private RunningServer server;
    private DatagramClient client;

    @BeforeEach
    void start() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T20:15:30Z"), ZoneId.of("Europe/Berlin"));
        server = RunningServer.start(clock, "--max-datagram", "200");
        client = new DatagramClient(server.timePort());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void formatsAreAnsweredWithTheServersLocalTime() throws Exception {
        client.send("%Y-%m-%d %H:%M:%S %Z %z");
        client.expect("2026-11-25 21:15:30 CET +0100");
        client.send("%a %b %e %I:%M %p, day %j\n");
        client.expect("Wed Nov 25 09:15 PM, day 329");
        client.send("100%% %Q");
        client.expect("100% %Q");
        client.send("%c%n%G-W%V %k%t%P");
        client.expect("Wed Nov 25 21:15:30 2026\n2026-W48 21\tpm");
    }

    @Test
    void emptyDatagramIsAnsweredInIso8601() throws Exception {
        client.send("");
        client.expect("2026-11-25T21:15:30+01:00");
        client.send("\n");
        client.expect("2026-11-25T21:15:30+01:00");
    }

    @Test
    void oversizedRequestIsDropped() throws Exception {
        client.send("%H" + "x".repeat(199));
        assertThat(client.silentFor(300)).isTrue();
        client.send("%H");
        client.expect("21");
    }

    @Test
    void timeCommandOverTcpUsesTheSameFormatter() throws Exception {
        try (LineClient tcp = LineClient.connect(server.port())) {
            tcp.send("/time");
            tcp.expect("* 2026-11-25T21:15:30+01:00");
            tcp.send("/time %H:%M on %A");
            tcp.expect("* 21:15 on Wednesday");
            tcp.send("/time %H%n! not a line of its own%t%M");
            tcp.expect("* 21! not a line of its own\t15"); // one line: %n is left out, a tab stays
            tcp.send("/ping");
            tcp.expect("* pong");
        }
    }
}
