package io.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.parley.protocol.Tags;
import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.TaggedClient;
import io.parley.server.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three servers in this JVM on one real Redis, clients on each over TCP, TLS and UDP: one chat.
 * Each test uses its own names and rooms, so they share the servers.
 */
@Timeout(120)
class ClusterChatTest {
    @TempDir
    static Path dir;
    static TestRedis redis;
    static X509Bundle certificate;
    static RunningServer a;
    static RunningServer b;
    static RunningServer c;

    @BeforeAll
    static void start() throws Exception {
        redis = TestRedis.start(dir.resolve("redis"));
        certificate = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1").ecp256()
                .setIsCertificateAuthority(true).buildSelfSigned();
        Path cert = Files.writeString(dir.resolve("cert.pem"), certificate.getCertificatePEM());
        Path key = Files.writeString(dir.resolve("key.pem"), certificate.getPrivateKeyPEM());
        a = RunningServer.start("--redis", redis.url(), "--rate-limit", "0",
                "--tls-port", "0", "--tls-cert", cert.toString(), "--tls-key", key.toString());
        b = RunningServer.start("--redis", redis.url(), "--rate-limit", "0");
        c = RunningServer.start("--redis", redis.url(), "--rate-limit", "0");
    }

    @AfterAll
    static void stop() throws Exception {
        for (RunningServer s : new RunningServer[] {a, b, c}) {
            if (s != null) {
                s.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static LineClient tls(RunningServer server) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, certificate.toTrustManagerFactory().getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.tlsPort());
        socket.startHandshake();
        return LineClient.over(socket);
    }

    /** Joins {@code room} and reads up to the confirmation (and the replay's end, if one comes). */
    private static void join(LineClient client, String room) throws Exception {
        client.send("/join " + room);
        client.readUntil(l -> l.startsWith("* you are in " + room));
    }

    @Test
    void membersOnEveryServerAndEveryTransportAreOneRoom() throws Exception {
        try (LineClient alice = LineClient.named(a.port(), "alice");
             LineClient bob = tls(a).claim("bob");
             LineClient dave = LineClient.named(b.port(), "dave");
             DatagramClient carol = DatagramClient.validated(c.udpPort(), "carol")) {
            join(alice, "crossing");
            join(bob, "crossing");
            join(dave, "crossing");
            carol.send("carol : /join crossing");
            carol.receiveUntil(l -> l.startsWith("* you are in crossing"));
            alice.readUntil("* carol joined crossing"::equals);
            dave.readUntil("* carol joined crossing"::equals);

            alice.send("hello from TCP on A");
            bob.readUntil("alice : hello from TCP on A"::equals);
            dave.readUntil("alice : hello from TCP on A"::equals);
            carol.receiveUntil("alice : hello from TCP on A"::equals);
            carol.send("carol : hello from UDP on C");
            for (LineClient other : List.of(alice, bob, dave)) {
                other.readUntil("carol : hello from UDP on C"::equals);
            }
            bob.send("hello from TLS on A");
            dave.readUntil("bob : hello from TLS on A"::equals);
            carol.receiveUntil("bob : hello from TLS on A"::equals);

            carol.send("carol : /who");
            assertThat(carol.receiveUntil(l -> l.startsWith("* in crossing")))
                    .isEqualTo("* in crossing (4): alice, bob, carol, dave");
            dave.send("/who");
            assertThat(dave.readUntil(l -> l.startsWith("* in crossing"))).isEqualTo("* in crossing (4): alice, bob, carol, dave");
            dave.send("/rooms");
            assertThat(dave.readUntil(l -> l.startsWith("* rooms: "))).contains("crossing (4)");

            carol.send("carol : /msg bob from UDP on C to TLS on A");
            bob.readUntil("@carol : from UDP on C to TLS on A"::equals);
            dave.send("/msg CAROL from B to C");
            carol.receiveUntil("@dave : from B to C"::equals);
            dave.send("/msg nobody-here hello?");
            assertThat(dave.readUntil(l -> l.startsWith("! "))).isEqualTo("! no one here is called nobody-here");

            carol.send("carol : q");
            carol.receiveUntil("* bye carol"::equals);
            dave.readUntil("* carol left (quit)"::equals);
        }
    }

    @Test
    void aNameHeldOnOneServerCannotBeClaimedOnAnotherInAnyCaseOrLook() throws Exception {
        try (LineClient owner = LineClient.named(a.port(), "mallory");
             LineClient other = LineClient.connect(b.port());
             DatagramClient udp = new DatagramClient(c.udpPort())) {
            other.send("/nick MALLORY");
            assertThat(other.readLine()).isEqualTo("! name MALLORY is taken");
            other.send("/nick rnallory");
            assertThat(other.readLine()).isEqualTo("! name rnallory is taken (it looks like mallory)");
            other.send("/nick ｍａｌｌｏｒｙ");
            assertThat(other.readLine()).isEqualTo("! name mallory is taken");
            udp.send("Mallory : hi");
            assertThat(udp.receive()).isEqualTo("! name Mallory is taken");
            owner.send("/quit");
            owner.readUntil(l -> l.startsWith("* bye"));
            assertThat(owner.closedByServer()).isTrue();
            // Free again, on every server, once its holder's quit reached Redis (a moment after its bye).
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                other.send("/nick mallory");
                return other.readLine().equals("* you are mallory");
            });
        }
    }

    /**
     * Two datagrams from one address, back to back: the first claims a name held on another
     * server, so its refusal comes from Redis a moment later, while the second already waits
     * behind it. The second is then the first datagram of a new member, a member like any other:
     * its q ends it, and its name is free again.
     */
    @Test
    void aDatagramWaitingBehindARefusedUdpClaimMakesARealMember() throws Exception {
        try (LineClient owner = LineClient.named(a.port(), "heldname");
             LineClient watcher = LineClient.named(b.port(), "watcher");
             DatagramClient udp = DatagramClient.validated(c.udpPort(), "nextname")) {
            udp.send("heldname : hi");
            udp.send("nextname : hi");
            udp.receiveUntil("! name heldname is taken"::equals);
            udp.receiveUntil(l -> l.startsWith("* you are in lobby"));
            watcher.readUntil("nextname : hi"::equals);
            udp.send("nextname : q");
            udp.receiveUntil("* bye nextname"::equals);
            watcher.readUntil(l -> l.startsWith("* nextname left"));
            // Its name is free again on every server once the quit reached Redis (a moment after the
            // bye): the member that held it is gone, not left behind unlisted and holding it.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                watcher.send("/nick nextname");
                return watcher.readUntil(l -> l.startsWith("* you are") || l.startsWith("! ")).equals("* you are nextname");
            });
        }
    }

    @Test
    void ofTwoServersClaimingOneNameAtOnceExactlyOneWins() throws Exception {
        String[][] pairs = {{"race%d", "RACE%d"}, {"rnace%d", "mace%d"}, {"lace%d", "Iace%d"}, {"o0%d", "oo%d"}};
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 40; round++) {
                String[] pair = pairs[round % pairs.length];
                String first = pair[0].formatted(round);
                String second = pair[1].formatted(round);
                try (LineClient onA = LineClient.connect(a.port()); LineClient onB = LineClient.connect(b.port())) {
                    CyclicBarrier together = new CyclicBarrier(2);
                    Future<String> fa = pool.submit(() -> {
                        together.await();
                        onA.send("/nick " + first);
                        return onA.readLine();
                    });
                    Future<String> fb = pool.submit(() -> {
                        together.await();
                        onB.send("/nick " + second);
                        return onB.readLine();
                    });
                    String ra = fa.get(20, TimeUnit.SECONDS);
                    String rb = fb.get(20, TimeUnit.SECONDS);
                    int winners = (ra.startsWith("* you are ") ? 1 : 0) + (rb.startsWith("* you are ") ? 1 : 0);
                    assertThat(winners).as("round %d: %s / %s", round, ra, rb).isEqualTo(1);
                    assertThat(ra.startsWith("! name " + first + " is taken") || rb.startsWith("! name " + second + " is taken"))
                            .as("the loser is told the name is taken: %s / %s", ra, rb).isTrue();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyMemberOnEveryServerSeesTheRoomInOneOrderWithOneSetOfIds() throws Exception {
        int perSender = 150;
        List<TaggedClient> readers = new ArrayList<>();
        List<TaggedClient> senders = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            RunningServer[] servers = {a, b, c};
            for (int i = 0; i < 6; i++) {
                TaggedClient reader = TaggedClient.named(servers[i % 3].port(), "reader" + i);
                reader.send("/join order");
                reader.lines().readUntil(l -> l.contains("* you are in order"));
                readers.add(reader);
            }
            for (int i = 0; i < 3; i++) {
                TaggedClient sender = TaggedClient.named(servers[i].port(), "sender" + i);
                sender.send("/join order");
                sender.lines().readUntil(l -> l.contains("* you are in order"));
                senders.add(sender);
            }
            readers.get(0).lines().readUntil(l -> l.endsWith("* sender2 joined order"));
            List<Future<?>> sending = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                TaggedClient sender = senders.get(s);
                int index = s;
                sending.add(pool.submit(() -> {
                    for (int i = 0; i < perSender; i++) {
                        sender.send("s" + index + " m" + i);
                    }
                    return null;
                }));
            }
            List<Future<List<String>>> reading = new ArrayList<>();
            for (TaggedClient reader : readers) {
                reading.add(pool.submit(() -> {
                    List<String> seen = new ArrayList<>();
                    while (seen.size() < 3 * perSender) {
                        Tags.Tagged t = reader.readLive();
                        seen.add(t.id() + " " + t.rest());
                    }
                    return seen;
                }));
            }
            for (Future<?> f : sending) {
                f.get(60, TimeUnit.SECONDS);
            }
            List<String> first = reading.get(0).get(60, TimeUnit.SECONDS);
            for (int r = 1; r < readers.size(); r++) {
                assertThat(reading.get(r).get(60, TimeUnit.SECONDS)).as("reader%d against reader0", r).isEqualTo(first);
            }
            // Ids are one more each time; each sender's lines are in the order it sent them.
            long previous = -1;
            int[] next = new int[3];
            for (String line : first) {
                long id = Long.parseLong(line.substring(0, line.indexOf(' ')));
                assertThat(previous < 0 || id == previous + 1).as("ids in a row: %d after %d", id, previous).isTrue();
                previous = id;
                String text = line.substring(line.indexOf(" : ") + 3);
                int s = text.charAt(1) - '0';
                assertThat(text).isEqualTo("s" + s + " m" + next[s]++);
            }
        } finally {
            pool.shutdownNow();
            for (TaggedClient client : readers) {
                client.close();
            }
            for (TaggedClient client : senders) {
                client.close();
            }
        }
    }

    @Test
    void aClientCutOffOnOneServerResumesOnAnotherWithoutGapOrDuplicate() throws Exception {
        int total = 300;
        try (TaggedClient writer = TaggedClient.named(a.port(), "writer")) {
            writer.send("/join resuming");
            TaggedClient reader = TaggedClient.named(b.port(), "reader");
            reader.send("/join resuming");
            reader.lines().readUntil(l -> l.contains("* you are in resuming"));
            writer.lines().readUntil(l -> l.endsWith("* reader joined resuming"));
            String token = reader.token();
            TreeMap<Long, String> seen = new TreeMap<>();
            for (int i = 0; i < total; i++) {
                writer.send("m" + i);
                if (i < 100) {
                    Tags.Tagged t = reader.readLive();
                    seen.put(t.id(), t.rest());
                } else if (i == 100) {
                    reader.close(); // the connection to B drops
                }
            }
            try (LineClient thief = LineClient.connect(c.port())) {
                thief.send("/nick reader");
                assertThat(thief.readLine()).as("held for its token, on every server").isEqualTo("! name reader is taken");
            }
            // Back, on C this time, with its token; then what it missed, page by page.
            long from = seen.lastKey(); // everything up to here was seen, in order
            try (TaggedClient back = TaggedClient.connect(c.port()).claim("reader", token)) {
                back.send("/join resuming");
                // Past the lobby (entered on the claim, with its own replay if the lobby has history)
                back.lines().readUntil(l -> l.contains("* you are in resuming"));
                java.util.function.Consumer<Tags.Tagged> live = t -> { // live lines between the answers
                    if (t.id() > 0 && !t.has(Tags.ACK)) {
                        seen.putIfAbsent(t.id(), t.rest());
                    }
                };
                for (Tags.Tagged t : back.readBatch(live)) { // the replay on joining
                    seen.putIfAbsent(t.id(), t.rest());
                }
                for (;;) {
                    List<Tags.Tagged> page = back.history("after " + from + " 100", live);
                    for (Tags.Tagged t : page) {
                        seen.putIfAbsent(t.id(), t.rest());
                    }
                    if (page.size() < 100) {
                        break;
                    }
                    from = page.get(page.size() - 1).id();
                }
                while (seen.size() < total) { // what the writer's server had not yet handed on comes live
                    Tags.Tagged t;
                    try {
                        t = back.readLive();
                    } catch (java.net.SocketTimeoutException e) {
                        throw new AssertionError("missing after " + seen.size() + ": ids " + seen.firstKey() + ".."
                                + seen.lastKey() + ", seen " + seen.keySet(), e);
                    }
                    seen.putIfAbsent(t.id(), t.rest());
                }
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < total; i++) {
                    expected.add("writer : m" + i);
                }
                assertThat(new ArrayList<>(seen.values())).isEqualTo(expected);
                assertThat(seen.lastKey() - seen.firstKey()).as("ids of the room in a row").isEqualTo(total - 1);
            }
        }
    }

    @Test
    void roomsThatLookAlikeAreOneRoomOnEveryServer() throws Exception {
        try (LineClient x = LineClient.named(a.port(), "xavier");
             LineClient y = LineClient.named(b.port(), "yolanda");
             LineClient z = LineClient.named(c.port(), "zoe")) {
            join(x, "dev0");
            y.send("/join DEV0");
            assertThat(y.readUntil(l -> l.startsWith("* you are in "))).isEqualTo("* you are in dev0 with 1 other");
            z.send("/join devO");
            assertThat(z.readUntil(l -> l.startsWith("* you are in "))).isEqualTo("* you are in dev0 with 2 others");
            z.send("in the one room");
            x.readUntil("zoe : in the one room"::equals);
            y.readUntil("zoe : in the one room"::equals);
        }
    }
}
