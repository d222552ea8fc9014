package io.parley.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.server.admin.Prometheus;
import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Refused connections are counted in the metrics and logged as periodic summaries per address,
 * never a line each: thousands of refusals make a few lines. Every log line the server writes is
 * captured (logback's root logger) while the refusals happen.
 */
@Timeout(90)
class RefusalLogTest {
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void capture() {
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void release() {
        root.detachAppender(log);
        log.stop();
    }

    private List<String> lines() {
        synchronized (log.list) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Connects from {@code source} and reads the first line (the refusal) and the close. */
    private static String refusedFrom(String source, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(LineClient.TIMEOUT_MILLIS);
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port));
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    @Test
    void thousandsOfRefusalsMakeOneSummaryLine() throws Exception {
        int refusals = 2000;
        RunningServer server = RunningServer.start("--max-per-ip", "1", "--ip-exempt", "none");
        try (LineClient holder = LineClient.connect(server.port())) {
            int before = lines().size();
            for (int i = 0; i < refusals; i++) {
                assertThat(refusedFrom("127.0.0.1", server.port()))
                        .isEqualTo("! too many connections from your address (at most 1)");
            }
            List<String> during = lines().subList(before, lines().size());
            assertThat(during).as("lines logged while %d connections were refused", refusals).hasSizeLessThanOrEqualTo(2);
            assertThat(Prometheus.value(server.server().metrics().prometheus().scrape(),
                    "parley_connections_refused_total{reason=\"per_address\"}")).isEqualTo(refusals);
        } finally {
            server.close(); // the last period's summary is written at the stop
        }
        List<String> summaries = lines().stream().filter(l -> l.startsWith("refused ")).toList();
        assertThat(summaries).hasSizeBetween(1, 3).allMatch(
                l -> l.matches("refused \\d+ connections? from 127\\.0\\.0\\.1 in the last \\d+ s: per-address cap"));
        assertThat(summaries.stream().mapToLong(l -> Long.parseLong(l.split(" ")[1])).sum()).isEqualTo(refusals);
    }

    @Test
    void manyAddressesAndReasonsStillMakeAFewLines() throws Exception {
        RunningServer server = RunningServer.start("--connect-exempt", "none", "--connect-burst", "3");
        try {
            for (int a = 1; a <= 40; a++) {
                for (int i = 0; i < 10; i++) {
                    refusedFrom("127.0.0." + a, server.port()); // 3 admitted, then the throttle refuses
                }
            }
        } finally {
            server.close();
        }
        List<String> summaries = lines().stream().filter(l -> l.startsWith("refused ")).toList();
        assertThat(summaries).as("ten addresses by name, one line for the rest").hasSizeLessThanOrEqualTo(
                2 * (RefusalLog.MAX_ADDRESS_LINES + 1));
        assertThat(summaries).anyMatch(l -> l.matches(
                "refused 7 connections from 127\\.0\\.0\\.\\d+ in the last \\d+ s: connect rate"));
        assertThat(summaries).anyMatch(l -> l.matches(
                "refused \\d+ more connections from \\d+ other addresses in the last \\d+ s: connect rate"));
        assertThat(summaries.stream().mapToLong(l -> Long.parseLong(l.split(" ")[1])).sum()).isEqualTo(40 * 7);
    }

    @Test
    void refusedUdpMembersAreSummarisedToo() throws Exception {
        RunningServer server = RunningServer.start("--max-per-ip", "1", "--ip-exempt", "none");
        List<DatagramClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                DatagramClient c = new DatagramClient(server.udpPort());
                clients.add(c);
                c.send("u" + i + " : hello from yet another port");
                if (i % 25 == 24) {
                    sync(server); // paced, so that no datagram is lost to a full receive buffer
                }
            }
            assertThat(lines().stream().filter(l -> l.contains("refused") || l.contains("too many"))).isEmpty();
        } finally {
            clients.forEach(DatagramClient::close);
            server.close();
        }
        // 299 senders and the 12 sync clients: all but u0 refused
        assertThat(lines()).anyMatch(l -> l.matches("refused 311 connections from 127\\.0\\.0\\.1 in the last \\d+ s: per-address cap"));
    }

    /** Returns once the server has handled every datagram sent before (it answers in order). */
    private static void sync(RunningServer server) throws IOException {
        try (DatagramClient sync = DatagramClient.validated(server.udpPort(), "sync")) {
            sync.send("sync : /ping");
            sync.receive(); // refused too (the address is full), but answered
        }
    }

    // ---- the summary itself, on a clock the test moves ----

    @Test
    void anyStormMakesAtMostElevenLinesAPeriod() throws Exception {
        AtomicLong counted = new AtomicLong();
        AtomicLong now = new AtomicLong();
        RefusalLog summary = new RefusalLog(reason -> counted.incrementAndGet(), now::get);
        Random random = new Random(7);
        long total = 0;
        for (int period = 0; period < 6; period++) { // a minute of 10-second periods
            int addresses = 1 + random.nextInt(5000);
            for (int i = 0; i < 20_000; i++) {
                byte[] ip = {10, (byte) random.nextInt(256), (byte) random.nextInt(256), 0};
                ip[3] = (byte) (random.nextInt(addresses) % 256);
                summary.refused(InetAddress.getByAddress(ip), Refused.values()[random.nextInt(3)]);
                total++;
            }
            now.addAndGet(TimeUnit.SECONDS.toNanos(10));
            int before = lines().size();
            summary.flush();
            List<String> written = lines().subList(before, lines().size());
            assertThat(written).hasSizeLessThanOrEqualTo(RefusalLog.MAX_ADDRESS_LINES + 1)
                    .allMatch(l -> l.contains(" in the last 10 s: "));
            assertThat(written.stream().mapToLong(l -> Long.parseLong(l.split(" ")[1])).sum()).isEqualTo(20_000);
        }
        assertThat(counted.get()).as("every refusal counted for the metrics").isEqualTo(total);
        summary.refused(InetAddress.getByName("192.0.2.1"), Refused.PER_ADDRESS);
        summary.refused(InetAddress.getByName("192.0.2.1"), Refused.THROTTLED);
        summary.refused(InetAddress.getByName("192.0.2.1"), Refused.THROTTLED);
        summary.refused(InetAddress.getByName("2001:db8:1:2::7"), Refused.SERVER_FULL);
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        int mixed = lines().size();
        summary.flush();
        assertThat(lines().subList(mixed, lines().size())).containsExactly(
                "refused 3 connections from 192.0.2.1 in the last 10 s: 1 per-address cap, 2 connect rate",
                "refused 1 connection from 2001:db8:1:2::/64 in the last 10 s: server full");
        int before = lines().size();
        summary.flush();
        assertThat(lines().size()).as("a quiet period writes nothing").isEqualTo(before);
    }
}
