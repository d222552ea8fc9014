package io.parley.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.limits.ReplyLimiter;
import io.parley.server.testing.DatagramClient;
import org.awaitility.Awaitility;
import io.parley.server.testing.LineClient;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import io.parley.server.testing.RunningServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /health and /metrics over real HTTP, while real clients chat. */
@Timeout(60)
class AdminEndpointsTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start("--admin-port", "0");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> request(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = request("GET", "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void healthSaysUpWithCounts() throws Exception {
        try (LineClient alice = LineClient.named(server.port(), "alice")) {
            HttpResponse<String> response = request("GET", "/health");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(response.body()).startsWith("{\"status\":\"up\"")
                    .contains("\"connections\":1", "\"names\":1", "\"rooms\":1")
                    .doesNotContain("alice"); // counts only, nothing personal
        }
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        HttpResponse<String> response = request("GET", "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(AdminHttpHandler.PROMETHEUS_TEXT);
        assertThat(response.body()).contains(
                "# TYPE parley_connections gauge",
                "# TYPE parley_messages_received_total counter",
                "parley_connections{transport=\"tcp\"} 0",
                "parley_refusals_total{reason=\"name_taken\"} 0",
                "parley_disconnects_total{reason=\"quit\"} 0",
                "netty_allocator_memory_used_bytes{area=\"direct\"}",
                "jvm_memory_used_bytes",
                "jvm_gc_max_data_size_bytes",
                "jvm_threads_live_threads",
                "process_cpu_usage");
    }

    @Test
    void countersMoveWhenClientsChat() throws Exception {
        try (LineClient alice = LineClient.named(server.port(), "alice");
             LineClient bob = LineClient.named(server.port(), "bob");
             LineClient carol = LineClient.named(server.port(), "carol")) {
            alice.readUntil(l -> l.equals("* carol joined lobby"));
            bob.readUntil(l -> l.equals("* carol joined lobby"));
            String before = scrape();
            assertThat(Prometheus.value(before, "parley_connections{transport=\"tcp\"}")).isEqualTo(3);
            assertThat(Prometheus.value(before, "parley_names")).isEqualTo(3);
            assertThat(Prometheus.value(before, "parley_rooms")).isEqualTo(1);

            alice.send("hello both");
            bob.expect("alice : hello both");
            // a join notice still in flight when carol joined may reach her too: skip notices
            assertThat(carol.readUntil(l -> !l.startsWith("* "))).isEqualTo("alice : hello both");
            bob.send("/nick alice");
            bob.expect("! name alice is taken");
            carol.send("q");
            carol.expect("* bye carol");
            alice.expect("* carol left (quit)");
            bob.expect("* carol left (quit)"); // so that both deliveries are counted before the scrape

            String after = scrape();
            assertThat(Prometheus.value(after, "parley_messages_received_total{transport=\"tcp\"}")).isEqualTo(1);
            // to bob and carol, then carol's leave notice to alice and bob
            assertThat(Prometheus.value(after, "parley_messages_delivered_total")
                    - Prometheus.value(before, "parley_messages_delivered_total")).isEqualTo(4);
            assertThat(Prometheus.value(after, "parley_refusals_total{reason=\"name_taken\"}")).isEqualTo(1);
            assertThat(Prometheus.value(after, "parley_disconnects_total{reason=\"quit\"}")).isEqualTo(1);
            assertThat(Prometheus.value(after, "parley_received_bytes_total{transport=\"tcp\"}")
                    - Prometheus.value(before, "parley_received_bytes_total{transport=\"tcp\"}"))
                    .isEqualTo("hello both\n/nick alice\nq\n".length());
            assertThat(Prometheus.value(after, "parley_sent_bytes_total{transport=\"tcp\"}"))
                    .isGreaterThan(Prometheus.value(before, "parley_sent_bytes_total{transport=\"tcp\"}")
                            + 2 * "alice : hello both\n".length());
        }
    }

    @Test
    void limitsAreCounted() throws Exception {
        server.close();
        server = RunningServer.start("--admin-port", "0", "--rate-limit", "1", "--rate-burst", "2",
                "--max-connections", "1");
        try (LineClient eve = LineClient.named(server.port(), "eve");
             DatagramClient stranger = new DatagramClient(server.udpPort())) {
            eve.send("one");
            eve.send("two");
            assertThat(eve.readLine()).startsWith("! slow down");
            try (Socket refused = new Socket("127.0.0.1", server.port())) {
                refused.setSoTimeout(LineClient.TIMEOUT_MILLIS);
                assertThat(new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .startsWith("! server full");
            }
            for (int i = 0; i < 20; i++) {
                stranger.send("not a chat line"); // each would earn an error; most are held back
            }
            stranger.receive();
            // the datagrams after the first few are dropped a moment after the first answer
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Prometheus.value(scrape(),
                    "parley_datagrams_dropped_total{reason=\"reply_limited\"}") >= 20 - ReplyLimiter.PER_ADDRESS_BURST - 2);
            String metrics = scrape();
            assertThat(Prometheus.value(metrics, "parley_refusals_total{reason=\"rate_limited\"}")).isEqualTo(1);
            assertThat(Prometheus.value(metrics, "parley_connections_refused_total{reason=\"server_full\"}")).isEqualTo(1);
            // the burst is answered; a token or two may refill while the 20 arrive
            assertThat(Prometheus.value(metrics, "parley_datagrams_dropped_total{reason=\"reply_limited\"}"))
                    .isBetween(20.0 - ReplyLimiter.PER_ADDRESS_BURST - 2, 20.0 - ReplyLimiter.PER_ADDRESS_BURST);
        }
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        assertThat(request("GET", "/").statusCode()).isEqualTo(404);
        assertThat(request("GET", "/admin/who").statusCode()).isEqualTo(404);
        HttpResponse<String> post = request("POST", "/health");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(request("DELETE", "/metrics").statusCode()).isEqualTo(405);
    }

    @Test
    void adminOffMeansNoListener() throws InterruptedException, IOException {
        try (RunningServer quiet = RunningServer.start()) {
            assertThat(quiet.adminPort()).isEqualTo(-1);
        }
    }
}
