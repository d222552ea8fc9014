package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.server.testing.RunningServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short runs of each TCP scenario against a real Parley server in this JVM: nothing may be lost.
 * The server keeps its history in memory (as {@code RunningServer} starts it) unless a test gives
 * the durable store a data directory.
 */
class BenchAgainstParleyTest {

    private static void assertLossless(Report r, int connections) {
        assertThat(r.getLong("connections")).isEqualTo(connections);
        assertThat(r.getLong("sent")).isPositive();
        assertThat(r.getLong("delivered")).isEqualTo(r.getLong("expected")).isPositive();
        assertThat(r.getLong("lost")).isZero();
        assertThat(r.getLong("duplicated")).isZero();
        assertThat(r.getLong("out_of_order")).isZero();
        assertThat(r.getLong("misdelivered")).isZero();
        assertThat(r.getLong("disconnected")).isZero();
        assertThat(r.getDouble("delivered_per_sec")).isPositive();
    }

    @Test
    @Timeout(120)
    void openLoopFanoutToFiftyClientsLosesNothing() throws Exception {
        try (RunningServer server = RunningServer.start("--rate-limit", "0")) { // as bench/peers/parley.sh runs it
            Report r = BenchMain.run("fanout", "--port", "" + server.port(), "--clients", "50", "--senders", "5",
                    "--rate", "200", "--warmup", "1", "--duration", "3", "--threads", "2");
            assertLossless(r, 50);
            assertThat(r.getLong("expected")).isEqualTo(r.getLong("sent") * 49);
            assertThat(r.json()).contains("\"delivered_per_sec\": ", "\"latency_ms\": {", "\"p999\": ");
        }
    }

    @Test
    @Timeout(120)
    void closedLoopFanoutLosesNothing() throws Exception {
        try (RunningServer server = RunningServer.start("--rate-limit", "0")) { // as bench/peers/parley.sh runs it
            Report r = BenchMain.run("fanout", "--port", "" + server.port(), "--clients", "20", "--senders", "2",
                    "--window", "4", "--warmup", "0", "--duration", "2");
            assertLossless(r, 20);
        }
    }

    /**
     * The slow-reader scenario runs: a reader that never reads beside ones that do, which lose
     * nothing. Whether this short run sends enough to cut it off depends on the machine's speed
     * (the kernel buffers some megabytes for it); SlowReaderAmongManyTest proves the cut-off, and
     * docs/benchmarks.md has the full-volume run.
     */
    @Test
    @Timeout(120)
    void aStuckReaderCostsTheOthersNothing() throws Exception {
        try (RunningServer server = RunningServer.start("--rate-limit", "0")) { // as bench/peers/parley.sh runs it
            Report r = BenchMain.run("fanout", "--port", "" + server.port(), "--clients", "10", "--senders", "1",
                    "--size", "1000", "--rate", "500", "--warmup", "0", "--duration", "2", "--stuck-readers", "1");
            assertLossless(r, 10);
            assertThat(r.getLong("stuck_readers")).isEqualTo(1);
            assertThat(r.getLong("stuck_cut_off")).isBetween(0L, 1L);
            assertThat(r.table()).contains("stuck_cut_off");
        }
    }

    @Test
    @Timeout(120)
    void roomsKeepMessagesInTheirRoom() throws Exception {
        try (RunningServer server = RunningServer.start("--rate-limit", "0")) { // as bench/peers/parley.sh runs it
            Report r = BenchMain.run("rooms", "--port", "" + server.port(), "--clients", "30", "--room-size", "5",
                    "--rate", "100", "--warmup", "0", "--duration", "2");
            assertLossless(r, 30);
            assertThat(r.getLong("rooms")).isEqualTo(6);
            assertThat(r.getLong("expected")).isEqualTo(r.getLong("sent") * 4);
        }
    }

    @Test
    @Timeout(120)
    void connectionsReportsServerMemoryThroughJcmd() throws Exception {
        try (RunningServer server = RunningServer.start("--rate-limit", "0")) { // as bench/peers/parley.sh runs it
            Report r = BenchMain.run("connections", "--port", "" + server.port(), "--clients", "40", "--room-size", "10",
                    "--duration", "0.5", "--settle", "0.2", "--server-pid", "" + ProcessHandle.current().pid());
            assertThat(r.getLong("connections")).isEqualTo(40);
            assertThat(r.getLong("disconnected")).isZero();
            assertThat(r.getDouble("connects_per_sec")).isPositive();
            assertThat(r.getLong("server_rss_after_bytes")).isPositive();
            assertThat(r.getLong("server_heap_after_bytes")).isPositive();
        }
    }

    @Test
    @Timeout(120)
    void udpMembersAndTcpMembersShareARoomWithoutLoss() throws Exception {
        try (RunningServer server = RunningServer.start("--rate-limit", "0")) {
            Report r = BenchMain.run("udp", "--port", "" + server.port(), "--udp-port", "" + server.udpPort(),
                    "--udp-clients", "5", "--clients", "10", "--senders", "2", "--rate", "20", "--duration", "1",
                    "--warmup", "0", "--drain", "2");
            assertLossless(r, 15);
        }
    }

    @Test
    @Timeout(120)
    void fanoutAgainstTheDurableStoreLosesNothingAndKeepsEveryMessage(@TempDir Path dir) throws Exception {
        // as bench/peers/parley.sh runs it by default: SQLite in a fresh data directory
        try (RunningServer server = RunningServer.start("--rate-limit", "0", "--history", "sqlite",
                "--data-dir", dir.toString())) {
            Report r = BenchMain.run("fanout", "--port", "" + server.port(), "--clients", "20", "--senders", "2",
                    "--rate", "100", "--warmup", "0", "--duration", "2");
            assertLossless(r, 20);
            assertThat(r.getLong("expected")).isEqualTo(r.getLong("sent") * 19);
            server.close(); // every message taken is written before the store closes
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("parley.db"));
                 Statement s = db.createStatement();
                 ResultSet rows = s.executeQuery("SELECT count(*) FROM messages WHERE text LIKE '%pb:%'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(r.getLong("sent"));
            }
        }
    }

    @Test
    @Timeout(120)
    void replayedMessagesAreNoDeliveries(@TempDir Path dir) throws Exception {
        try (RunningServer server = RunningServer.start("--rate-limit", "0", "--history", "sqlite",
                "--data-dir", dir.toString())) {
            for (int run = 1; run <= 2; run++) {
                // the TCP clients of the udp scenario stay in the lobby; in the second run they join it
                // with the first run's messages as history, whose replay must not count as deliveries
                // (nor as duplicates or lines out of order)
                Report r = BenchMain.run("udp", "--port", "" + server.port(), "--udp-port", "" + server.udpPort(),
                        "--udp-clients", "3", "--clients", "6", "--senders", "2", "--rate", "20", "--duration", "1",
                        "--warmup", "0", "--drain", "2");
                assertLossless(r, 9);
            }
        }
    }

    @Test
    void refusesNonLoopbackHosts() {
        assertThatThrownBy(() -> BenchMain.run("fanout", "--host", "192.0.2.1", "--port", "9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a loopback address");
    }
}
