package io.parley.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reconnect churn: one address connecting, saying a line and quitting as fast as it can. The
 * connect throttle (a token bucket per address) admits a burst, then {@code --connect-rate} a
 * minute; the rest are refused before they reach the chat, so the room hears a bounded number of
 * joins and leaves however fast the churn, and the server sends back less than the churn costs.
 * Loopback is throttled like any address unless exempt by flag.
 */
@Timeout(90)
class ConnectChurnTest {
    private static final int BURST = 16;
    private static final double PER_MINUTE = 30;
    private static final String LISTENERS = "127.0.0.2";
    private static final String THROTTLED = "! too many new connections from your address; try again in \\d+ s";

    /** What one churning address achieved. */
    private record Churn(int attempts, int admitted, int refused, long bytesSent, long bytesReceived, double seconds,
                         List<String> refusals) {
    }

    /**
     * Connect, {@code xN : hi}, {@code q}, read to the close; {@code attempts} times from 127.0.0.1,
     * each under a name of its own (a name is free only once its last holder's close is seen).
     */
    private static Churn tcpChurn(int port, int attempts) throws IOException {
        int admitted = 0;
        int refused = 0;
        long sent = 0;
        long received = 0;
        List<String> refusals = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < attempts; i++) {
            byte[] cycle = ("x" + i + " : hi\nq\n").getBytes(StandardCharsets.UTF_8);
            try (Socket s = new Socket()) {
                s.setSoTimeout(LineClient.TIMEOUT_MILLIS);
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                s.connect(new InetSocketAddress("127.0.0.1", port));
                OutputStream out = s.getOutputStream();
                try {
                    out.write(cycle);
                    sent += cycle.length;
                } catch (IOException closedAlready) {
                    // refused and closed before the line went out
                }
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String first = null;
                try {
                    for (String line; (line = in.readLine()) != null; ) {
                        received += line.length() + 1;
                        first = first == null ? line : first;
                    }
                } catch (IOException reset) {
                    // a refused connection may be reset rather than closed
                }
                if (first != null && first.startsWith("* welcome")) {
                    admitted++;
                } else {
                    refused++;
                    if (first != null && !first.matches(THROTTLED)) {
                        refusals.add(first); // only what is not the throttle's refusal, so a failure stays readable
                    }
                }
            }
        }
        return new Churn(attempts, admitted, refused, sent, received, (System.nanoTime() - start) / 1e9, refusals);
    }

    /** Most a throttled address can be admitted in {@code seconds}: the burst, the refill, one for rounding. */
    private static double allowed(double seconds) {
        return BURST + PER_MINUTE / 60 * seconds + 1;
    }

    /** Lines a listener has received about names starting {@code prefix} and a number, up to a /ping answer. */
    private static List<String> heardAbout(LineClient listener, String prefix) throws IOException {
        List<String> about = new ArrayList<>();
        listener.send("/ping");
        for (String line = listener.readLine(); !line.equals("* pong"); line = listener.readLine()) {
            if (line.matches("(\\* )?" + prefix + "\\d+ .*")) {
                about.add(line);
            }
        }
        return about;
    }

    @Test
    void tcpChurnFromOneAddressIsThrottledAndTheRoomHearsLittleOfIt() throws Exception {
        try (RunningServer server = RunningServer.start("--connect-exempt", "none")) {
            List<LineClient> listeners = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    listeners.add(LineClient.namedFrom(LISTENERS, server.port(), "listener" + i));
                }
                for (LineClient l : listeners) {
                    heardAbout(l, "x"); // everything before the churn
                }
                Churn churn = tcpChurn(server.port(), 300);
                assertThat(churn.admitted()).as("admitted in %.1f s", churn.seconds())
                        .isPositive().isLessThanOrEqualTo((int) allowed(churn.seconds()));
                assertThat(churn.refused()).isEqualTo(churn.attempts() - churn.admitted()).isPositive();
                assertThat(churn.refusals()).as("refusals other than the throttle's").isEmpty();
                long toListeners = 0;
                for (LineClient l : listeners) {
                    List<String> heard = heardAbout(l, "x");
                    // a join, a line and a leave for each admitted cycle, and nothing for the refused ones
                    assertThat(heard).hasSize(3 * churn.admitted());
                    assertThat(heard.size() / churn.seconds()).as("lines a second from the churning address")
                            .isLessThanOrEqualTo(3 * allowed(churn.seconds()) / churn.seconds());
                    toListeners += heard.stream().mapToLong(h -> h.getBytes(StandardCharsets.UTF_8).length + 1).sum();
                }
                // Everything the churn made the server send (to the room and to the churner itself)
                // against the churner's own bytes: a refused attempt costs the server one short line.
                long serverSent = toListeners + churn.bytesReceived();
                assertThat(serverSent).as("server's bytes for the churner's %d", churn.bytesSent())
                        .isLessThan(10L * churn.bytesSent());
            } finally {
                for (LineClient l : listeners) {
                    l.close();
                }
            }
        }
    }

    @Test
    void udpChurnDrawsOnTheSameBucketAsTcp() throws Exception {
        try (RunningServer server = RunningServer.start("--connect-exempt", "none", "--connect-burst", "4");
             LineClient listener = LineClient.namedFrom(LISTENERS, server.port(), "listener")) {
            Churn tcp = tcpChurn(server.port(), 20); // uses up the burst of 127.0.0.1
            assertThat(tcp.admitted()).isBetween(1, 6);
            int joined = 0;
            List<String> refusals = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                // each a new port: a new member if admitted
                try (DatagramClient c = DatagramClient.validated(server.udpPort(), "u" + i)) {
                    c.send("u" + i + " : hello from a fresh port");
                    String answer = c.receive();
                    if (answer.startsWith("* you are u")) {
                        joined++;
                        c.receiveUntil(d -> d.startsWith("* you are in lobby"));
                        c.send("u" + i + " : q");
                        c.receiveUntil(d -> d.startsWith("* bye "));
                    } else {
                        refusals.add(answer);
                    }
                }
            }
            assertThat(joined).isLessThanOrEqualTo(2);
            assertThat(refusals).hasSizeGreaterThanOrEqualTo(58)
                    .allMatch(r -> r.matches(THROTTLED));
            assertThat(heardAbout(listener, "u")).hasSize(3 * joined);
        }
    }

    @Test
    void nameChangesAreThrottledToo() throws Exception {
        try (RunningServer server = RunningServer.start("--connect-exempt", "none", "--rate-limit", "0");
             LineClient renamer = LineClient.named(server.port(), "r0");
             LineClient listener = LineClient.namedFrom(LISTENERS, server.port(), "listener")) {
            int renamed = 0;
            String refusal = null;
            for (int i = 1; i <= 100; i++) {
                renamer.send("/nick r" + i);
                String answer = renamer.readUntil(l -> l.startsWith("* you are r") || l.startsWith("! "));
                if (answer.equals("* you are r" + i)) {
                    renamed++;
                } else {
                    refusal = answer;
                    break;
                }
            }
            assertThat(renamed).as("its connection took one token; its first claim none").isEqualTo(BURST - 1);
            assertThat(refusal).matches("! too many name changes from your address; try again in \\d+ s");
            listener.send("/who");
            assertThat(listener.readUntil(l -> l.startsWith("* in lobby"))).contains("r" + renamed);
        }
    }

    @Test
    void anExemptAddressChurnsFreely() throws Exception {
        // as every other test, and the benchmarks, exempt loopback
        try (RunningServer server = RunningServer.start("--connect-exempt", "127.0.0.0/8")) {
            Churn churn = tcpChurn(server.port(), 100);
            assertThat(churn.admitted()).isEqualTo(100);
        }
        try (RunningServer server = RunningServer.start("--connect-exempt", "none", "--connect-rate", "0")) {
            assertThat(tcpChurn(server.port(), 60).admitted()).as("--connect-rate 0: no throttle").isEqualTo(60);
        }
    }

    // ---- the bucket itself, on a clock the test moves ----

    @Test
    void theBucketRefillsAtTheRateAndKeepsEachSlash64Apart() throws Exception {
        AtomicLong now = new AtomicLong();
        ConnectThrottle throttle = new ConnectThrottle(PER_MINUTE, BURST, AddressBlocks.parse("198.51.100.0/24"), now::get);
        Random random = new Random(5);
        for (int run = 0; run < 50; run++) {
            byte[] network = new byte[16];
            random.nextBytes(network);
            InetAddress first = InetAddress.getByAddress(network);
            for (int i = 0; i < BURST; i++) {
                byte[] host = network.clone();
                host[15] = (byte) i; // another host of the same /64
                assertThat(throttle.take(InetAddress.getByAddress(host))).isZero();
            }
            assertThat(throttle.take(first)).as("the /64's burst is spent").isEqualTo(2);
            byte[] neighbour = network.clone();
            neighbour[7] ^= 1;
            assertThat(throttle.take(InetAddress.getByAddress(neighbour))).as("the next /64").isZero();
        }
        InetAddress v4 = InetAddress.getByName("203.0.113.7");
        for (int i = 0; i < BURST; i++) {
            throttle.take(v4);
        }
        assertThat(throttle.take(v4)).isEqualTo(2);
        now.addAndGet(TimeUnit.SECONDS.toNanos(2)); // one token a 2 s at 30 a minute
        assertThat(throttle.take(v4)).isZero();
        assertThat(throttle.take(v4)).isEqualTo(2);
        for (int i = 0; i < 1000; i++) {
            assertThat(throttle.take(InetAddress.getByName("198.51.100.9"))).as("exempt").isZero();
        }
    }
}
