package io.parley.server.ipv6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.PythonClient;
import io.parley.server.testing.RunningServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AF_INET6 end to end: a server on {@code ::1} serves TCP chat, UDP chat and the time service to
 * IPv6 clients. Skipped, with a message, on a machine without an IPv6 loopback.
 */
@Timeout(60)
class Ipv6EndToEndTest {
    private static final String LOOPBACK = "::1";
    private RunningServer server;

    @BeforeAll
    static void needsIpv6() {
        boolean ipv6;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            ipv6 = true;
        } catch (IOException e) {
            ipv6 = false;
        }
        assumeTrue(ipv6, "no IPv6 loopback (::1) on this machine: IPv6 end-to-end tests skipped");
    }

    @BeforeEach
    void start() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T20:15:30Z"), ZoneId.of("UTC"));
        server = RunningServer.start(clock, "--host", LOOPBACK);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void tcpChat() throws Exception {
        try (LineClient alice = LineClient.connect(LOOPBACK, server.port());
             LineClient bob = LineClient.connect(LOOPBACK, server.port())) {
            assertThat(alice.socket().getInetAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
            alice.claim("alice");
            bob.claim("bob");
            alice.expect("* bob joined lobby");
            bob.send("hello over IPv6");
            alice.expect("bob : hello over IPv6");
            assertThat(server.server().chat().hub().find("bob").remote()).contains("0:0:0:0:0:0:0:1");
        }
    }

    @Test
    void udpChatWithATcpMember() throws Exception {
        try (LineClient alice = LineClient.connect(LOOPBACK, server.port());
             DatagramClient carol = new DatagramClient(InetAddress.getByName(LOOPBACK), server.udpPort())) {
            alice.claim("alice");
            carol.validate("carol"); // validated, as Parley's client: lines come as they happen
            carol.send("carol : hi from udp over IPv6");
            carol.expect("* you are carol");
            carol.expect("* you are in lobby with 1 other");
            alice.expect("* carol joined lobby");
            alice.expect("carol : hi from udp over IPv6");
            alice.send("hi carol");
            carol.expect("alice : hi carol");
            carol.send("carol : q");
            carol.expect("* bye carol");
        }
    }

    @Test
    void timeService() throws Exception {
        try (DatagramClient time = new DatagramClient(InetAddress.getByName(LOOPBACK), server.timePort())) {
            time.send("%Y-%m-%d %H:%M:%S %Z");
            time.expect("2026-11-25 20:15:30 UTC");
        }
    }

    @Test
    void theTutorialsTimeClientOverIpv6() throws Exception {
        try (PythonClient client = PythonClient.start("time_client.py", LOOPBACK, "" + server.timePort())) {
            client.type("%F %T");
            assertThat(client.readLine()).isEqualTo("2026-11-25 20:15:30");
        }
    }
}
