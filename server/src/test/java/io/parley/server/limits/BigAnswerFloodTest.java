package io.parley.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Commands with big answers cost flood control by the size of the answer: however many clients
 * spam {@code /who} in a big room, {@code /rooms} with many rooms or {@code /help}, none is sent
 * more than about {@code --rate-limit} x {@value FloodControl#ANSWER_BYTES_PER_TOKEN} bytes a
 * second, and an honest client keeps getting its answers. Measured in bytes per client, not time.
 */
@Timeout(120)
class BigAnswerFloodTest {
    private static final int RATE = 5;
    private static final int BURST = 10;
    private static final int LOBBY = 100;
    private static final double WINDOW_SECONDS = 3;

    private static RunningServer server;
    private static final List<LineClient> crowd = new ArrayList<>();

    /** 31-character names and room names, so that lists are long. */
    private static String longName(String prefix, int i) {
        String name = prefix + i + "_";
        return name + "x".repeat(31 - name.length());
    }

    @BeforeAll
    static void bigRoomAndManyRooms() throws Exception {
        server = RunningServer.start("--rate-limit", "" + RATE, "--rate-burst", "" + BURST);
        for (int i = 0; i < LOBBY; i++) {
            crowd.add(LineClient.named(server.port(), longName("m", i)));
        }
        for (int i = 0; i < 100; i++) {
            LineClient c = LineClient.named(server.port(), longName("r", i));
            c.send("/join " + longName("room", i));
            crowd.add(c);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (LineClient c : crowd) {
            c.close();
        }
        server.close();
    }

    /** A client that sends one command at a fixed pace and counts the bytes it is sent meanwhile. */
    private static final class Client {
        final String command;
        final LineClient connection;
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong answers = new AtomicLong();
        final Thread reader;

        Client(String command, String name) throws Exception {
            this.command = command;
            this.connection = LineClient.named(server.port(), name);
            this.reader = new Thread(() -> {
                try {
                    for (;;) {
                        String line = connection.readLine();
                        bytes.addAndGet(line.getBytes(StandardCharsets.UTF_8).length + 1);
                        if (line.equals("* pong")) {
                            answers.incrementAndGet();
                        }
                    }
                } catch (Exception closed) {
                    // the test closed the connection
                }
            });
        }
    }

    /** The most bytes one client can be sent in {@code seconds} of asking for answers of {@code answerBytes}. */
    private static double bound(double seconds, long answerBytes) {
        double tokens = BURST + RATE * seconds;
        return tokens * FloodControl.ANSWER_BYTES_PER_TOKEN // what the tokens pay for
                + answerBytes // the last answer may be given on credit
                + RATE * seconds * 100 // a "slow down" error for each line refused
                + 2000; // the room's own notices meanwhile
    }

    private static final AtomicLong probes = new AtomicLong();

    private static long answerBytes(String command) throws Exception {
        try (LineClient probe = LineClient.named(server.port(), "probe" + probes.incrementAndGet())) {
            probe.send(command);
            probe.send("/ping");
            long bytes = 0;
            for (String line = probe.readLine(); !line.equals("* pong"); line = probe.readLine()) {
                bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
            }
            return bytes;
        }
    }

    @Test
    void spammingBigAnswersGetsNoClientMoreThanItsShareAndHonestClientsAreAnswered() throws Exception {
        List<String> commands = List.of("/who", "/rooms", "/help", "/WHO", "/rooms please", "/who lobby");
        List<Long> sizes = new ArrayList<>();
        for (String command : commands) {
            sizes.add(answerBytes(command));
        }
        assertThat(sizes.get(0)).as("/who of the lobby").isGreaterThan(3000);
        assertThat(sizes.get(1)).as("/rooms").isGreaterThan(3000);

        List<Client> spammers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            spammers.add(new Client(commands.get(i % commands.size()), "spam" + i));
        }
        Client honest = new Client("/ping", "honest");
        List<Client> everyone = new ArrayList<>(spammers);
        everyone.add(honest);
        everyone.forEach(c -> c.reader.start());
        long start = System.nanoTime();
        // Each spammer asks as fast as flood control lets lines through; the honest client pings 5 times a second.
        for (int tick = 0; tick < WINDOW_SECONDS * RATE; tick++) {
            for (Client c : everyone) {
                c.connection.send(c.command);
            }
            Thread.sleep(1000 / RATE);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // the honest client's pings were all answered, behind everything the spammers asked for
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (honest.answers.get() < WINDOW_SECONDS * RATE && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        everyone.forEach(c -> {
            try {
                c.connection.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        });
        assertThat(honest.answers.get()).as("the honest client's pongs").isEqualTo((long) (WINDOW_SECONDS * RATE));
        SoftAssertions soft = new SoftAssertions();
        long total = 0;
        for (int i = 0; i < spammers.size(); i++) {
            Client c = spammers.get(i);
            long size = sizes.get(i % commands.size());
            double allowed = bound(seconds, size);
            soft.assertThat((double) c.bytes.get()).as("%s spamming %s (answers of %d bytes) for %.1f s",
                    "spam" + i, c.command, size, seconds).isLessThanOrEqualTo(allowed);
            total += c.bytes.get();
            if (size > 2 * FloodControl.ANSWER_BYTES_PER_TOKEN) {
                // without the cost, every line would have been answered in full
                soft.assertThat((double) c.bytes.get()).as("spam%d got less than unlimited", i)
                        .isLessThan(WINDOW_SECONDS * RATE * size);
            }
        }
        soft.assertAll();
        System.out.printf("30 spammers: %.0f bytes a second each on average in %.1f s; honest client %d bytes%n",
                total / 30.0 / seconds, seconds, honest.bytes.get());
        assertThat(honest.bytes.get()).as("the honest client's bytes: its pongs and the room's notices")
                .isLessThan(3000);
    }

    @Test
    void aValidatedUdpMemberPaysTheSameWay() throws Exception {
        try (DatagramClient udp = DatagramClient.validated(server.udpPort(), "u")) {
            udp.send("u : hello");
            udp.receiveUntil(d -> d.startsWith("* you are in lobby"));
            long bytes = 0;
            int refused = 0;
            for (int i = 0; i < 15; i++) {
                udp.send("u : /who");
                Thread.sleep(1000 / RATE);
                for (String d : udp.drain(20)) {
                    bytes += d.getBytes(StandardCharsets.UTF_8).length;
                    refused += d.startsWith("! slow down") ? 1 : 0;
                }
            }
            assertThat(refused).as("lines refused while the answers are paid off").isPositive();
            assertThat((double) bytes).isLessThanOrEqualTo(bound(15.0 / RATE + 1, answerBytes("/who")));
            udp.send("u : q");
        }
    }
}
