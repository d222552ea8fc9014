package io.parley.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.admin.Prometheus;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * UDP traffic is counted in {@code parley_received_bytes_total} and {@code parley_sent_bytes_total}
 * (payload bytes, as for TCP), and {@code /health}'s {@code connections} is the sum of the
 * {@code parley_connections} gauges: stream connections admitted (named or not) and UDP members.
 */
@Timeout(60)
class UdpMetricsTest {
    private static final Pattern CONNECTIONS = Pattern.compile("\"connections\":(\\d+)");

    /** A UDP socket counting the payload bytes it sends and receives. */
    private static final class CountingSocket implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final int port;
        long sent;
        long received;

        CountingSocket(int port) throws Exception {
            this.port = port;
            socket.setSoTimeout(10_000);
        }

        void send(String text) throws Exception {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            sent += bytes.length;
        }

        String receive() throws Exception {
            DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
            socket.receive(p);
            received += p.getLength();
            return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        }

        void drain() throws Exception {
            socket.setSoTimeout(300);
            try {
                for (;;) {
                    receive();
                }
            } catch (SocketTimeoutException quiet) {
                socket.setSoTimeout(10_000);
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static String get(RunningServer server, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.adminPort() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static int healthConnections(RunningServer server) throws Exception {
        Matcher m = CONNECTIONS.matcher(get(server, "/health"));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static double gauges(String metrics) {
        return Prometheus.value(metrics, "parley_connections{transport=\"tcp\"}")
                + Prometheus.value(metrics, "parley_connections{transport=\"udp\"}");
    }

    @Test
    void udpBytesAreCountedBothWaysAndHealthAgreesWithTheGauges() throws Exception {
        try (RunningServer server = RunningServer.start("--admin-port", "0", "--rate-limit", "0");
             LineClient bob = LineClient.named(server.port(), "bob");
             CountingSocket alice = new CountingSocket(server.udpPort());
             CountingSocket carol = new CountingSocket(server.udpPort())) {
            // alice validated (lines pushed), carol not (one answer per datagram)
            alice.send("alice : /validate" + " ".repeat(47));
            String token = alice.receive().substring("* validate ".length());
            alice.send("alice : /validate " + token);
            assertThat(alice.receive()).isEqualTo("* validated");
            for (int i = 0; i < 20; i++) {
                alice.send("alice : message " + i);
                carol.send("carol : line " + i + " from carol");
                bob.send("bob says " + i);
            }
            alice.send("alice : /who");
            bob.send("/ping");
            bob.readUntil("* pong"::equals);
            alice.drain();
            carol.drain();

            String metrics = get(server, "/metrics");
            assertThat(Prometheus.value(metrics, "parley_received_bytes_total{transport=\"udp\"}"))
                    .isEqualTo(alice.sent + carol.sent);
            assertThat(Prometheus.value(metrics, "parley_sent_bytes_total{transport=\"udp\"}"))
                    .isEqualTo(alice.received + carol.received);
            assertThat(alice.received).isPositive();

            assertThat(healthConnections(server)).as("bob, alice and carol").isEqualTo(3).isEqualTo((int) gauges(metrics));
            try (LineClient unnamed = LineClient.connect(server.port())) {
                unnamed.send("/ping");
                unnamed.expect("* pong");
                // a connection without a name is a connection
                assertThat(healthConnections(server)).isEqualTo(4).isEqualTo((int) gauges(get(server, "/metrics")));
                assertThat(get(server, "/health")).contains("\"names\":3");
            }
            alice.send("alice : q");
            alice.receive();
            carol.send("carol : q");
            carol.receive();
            bob.send("/ping");
            bob.readUntil("* pong"::equals);
            for (int i = 0; i < 100 && healthConnections(server) != 1; i++) {
                Thread.sleep(20); // the unnamed connection's close is seen shortly
            }
            assertThat(healthConnections(server)).isEqualTo(1).isEqualTo((int) gauges(get(server, "/metrics")));
        }
    }
}
