package io.parley.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.MutableClock;
import io.parley.server.testing.RunningServer;
import io.parley.server.time.TimeServiceHandler;
import io.parley.server.time.TimeTeller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 9000 section 8.1 on the UDP chat port and the time service, black-box on real sockets: an
 * address that has not shown it receives is never sent more than three times the bytes it sent,
 * counting everything (replies, notices, relayed chat), whatever it sends, in a busy room with a
 * big {@code /who}. Each probe is its own socket (its own address and port); its datagrams are
 * generated from a list of kinds and sizes.
 */
@Timeout(90)
class UdpAmplificationTest {
    private static final int FACTOR = 3;
    private static final int ROOM = 40;
    private static final MutableClock CLOCK =
            new MutableClock(Instant.parse("2026-11-25T20:15:30Z"), ZoneId.of("UTC")); // a Wednesday

    private static RunningServer server;
    private static final List<LineClient> room = new ArrayList<>();

    @BeforeAll
    static void bigBusyRoom() throws Exception {
        // Flood control off: the anti-amplification budget alone must hold.
        server = RunningServer.start(CLOCK, "--rate-limit", "0");
        for (int i = 0; i < ROOM; i++) {
            LineClient c = LineClient.named(server.port(), memberName(i));
            room.add(c);
            if (i % 3 == 0) {
                c.send("/join room-" + i); // many rooms: /rooms answers about 500 bytes
            }
        }
    }

    /** Long names (up to 31 characters), so that /who in the lobby answers over 1 KB. */
    private static String memberName(int i) {
        return "member_" + i + "_" + "x".repeat(20);
    }

    @AfterAll
    static void stop() throws IOException {
        for (LineClient c : room) {
            c.close();
        }
        server.close();
    }

    /**
     * One socket of the attacker's (or of a forged victim's), counting what it sends and gets.
     * Non-blocking: it is polled, never waited on.
     */
    private static final class Probe implements AutoCloseable {
        final String label;
        final DatagramChannel channel;
        final ByteBuffer buffer = ByteBuffer.allocate(65_536);
        long sentBytes;
        long sentDatagrams;
        long receivedBytes;
        long receivedDatagrams;
        int largest;
        final List<String> received = new ArrayList<>();

        Probe(String label, String bindAddress) throws IOException {
            this.label = label;
            this.channel = DatagramChannel.open().bind(new InetSocketAddress(bindAddress, 0));
            channel.configureBlocking(false);
        }

        void send(byte[] payload, int port) throws IOException {
            channel.send(ByteBuffer.wrap(payload), new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            sentBytes += payload.length;
            sentDatagrams++;
        }

        /** Takes what has arrived; true if anything had. */
        boolean poll() throws IOException {
            boolean any = false;
            for (;;) {
                buffer.clear();
                if (channel.receive(buffer) == null) {
                    return any;
                }
                buffer.flip();
                int length = buffer.remaining();
                receivedBytes += length;
                receivedDatagrams++;
                largest = Math.max(largest, length);
                received.add(StandardCharsets.UTF_8.decode(buffer).toString());
                any = true;
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Waits until the chat port has handled every datagram sent so far, then collects what the
     * probes got. The server reads its one UDP socket in order and answers on the same event loop,
     * so once a later {@code /ping} is answered, every answer to an earlier datagram has been sent.
     */
    private static void settle(List<Probe> probes) throws Exception {
        try (DatagramClient sync = DatagramClient.validated(server.udpPort(), "sync")) {
            sync.send("sync : /ping");
            sync.receiveUntil("* pong"::equals);
            sync.send("sync : q");
        }
        collect(probes);
    }

    /** Polls every probe until none has got anything for a moment. */
    private static void collect(List<Probe> probes) throws Exception {
        for (int quiet = 0; quiet < 5; ) {
            boolean any = false;
            for (Probe p : probes) {
                any |= p.poll();
            }
            quiet = any ? 0 : quiet + 1;
            Thread.sleep(10);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A kind of datagram, sent {@code times} times from one probe. */
    private record Kind(String label, byte[] datagram, int times, boolean makesMember) {
    }

    /** Everything an attacker might send: chat of many sizes, every command, junk. */
    private static List<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>();
        int n = 0;
        for (int length : new int[] {1, 2, 5, 10, 30, 100, 300, 1000, 1380}) {
            kinds.add(new Kind("chat of " + length, utf8("c" + n++ + " : " + "y".repeat(length)), 5, true));
        }
        for (String command : List.of("/help", "/who", "/rooms", "/ping", "/time %A%A%A%A%A%A%A%A%A%A", "/time",
                "/msg " + memberName(0) + " hi", "/join dev", "/bogus", "/quit", "q", "/HELP", "/who x")) {
            kinds.add(new Kind(command, utf8("k" + n++ + " : " + command), 5, true));
        }
        kinds.add(new Kind("a taken name", utf8(memberName(1) + " : hi"), 5, false));
        kinds.add(new Kind("/nick", utf8("k" + n++ + " : /nick other"), 5, false));
        kinds.add(new Kind("/validate unpadded", utf8("k" + n++ + " : /validate"), 5, false));
        kinds.add(new Kind("/validate padded", utf8(DatagramClient.padded("k" + n++ + " : /validate")), 5, false));
        kinds.add(new Kind("/validate bad token", utf8("k" + n++ + " : /validate AAAAAAAAAAAAAAAA"), 5, false));
        for (String junk : List.of("hi", "hello there", "no separator here at all", "bad/name : x", "",
                "\n", " : x", "x :", "/help", "q")) {
            kinds.add(new Kind("junk '" + junk.replace("\n", "\\n") + "'", utf8(junk), 5, false));
        }
        kinds.add(new Kind("invalid UTF-8", new byte[] {'u', ' ', ':', ' ', (byte) 0xC3, (byte) 0x28}, 5, false));
        byte[] tooLong = new byte[1401];
        Arrays.fill(tooLong, (byte) 'z');
        kinds.add(new Kind("too long", tooLong, 5, false));
        return kinds;
    }

    @Test
    void noUnvalidatedAddressGetsMoreThanThreeTimesWhatItSentWhateverItSends() throws Exception {
        List<Kind> kinds = kinds();
        List<Probe> probes = new ArrayList<>();
        AtomicBoolean chatting = new AtomicBoolean(true);
        Thread chatter = busyRoom(chatting);
        try {
            for (Kind kind : kinds) {
                probes.add(new Probe(kind.label(), "127.0.0.1"));
            }
            int maxTimes = kinds.stream().mapToInt(Kind::times).max().orElseThrow();
            for (int round = 0; round < maxTimes; round++) {
                for (int i = 0; i < kinds.size(); i++) {
                    if (round < kinds.get(i).times()) {
                        probes.get(i).send(kinds.get(i).datagram(), server.udpPort());
                    }
                }
                settle(probes); // the room chats on between a probe's datagrams
            }
            settle(probes);
        } finally {
            chatting.set(false);
            chatter.join();
        }
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < kinds.size(); i++) {
            Probe p = probes.get(i);
            soft.assertThat(p.receivedBytes).as("%s: bytes back for %d sent", p.label, p.sentBytes)
                    .isLessThanOrEqualTo(FACTOR * p.sentBytes);
            soft.assertThat(p.receivedDatagrams).as("%s: datagrams back", p.label).isLessThanOrEqualTo(p.sentDatagrams);
            soft.assertThat(p.largest).as("%s: largest datagram", p.label).isLessThanOrEqualTo(LockStepDigest.MAX_BYTES);
            if (kinds.get(i).makesMember()) {
                // lock-step: one answer for every datagram, so a client that reads one never waits
                soft.assertThat(p.receivedDatagrams).as("%s: one answer per datagram %s", p.label, p.received)
                        .isEqualTo(p.sentDatagrams);
            }
            p.close();
        }
        soft.assertAll();
    }

    @Test
    void aForgedVictimGetsAtMostThreeTimesWhatWasSentInItsName() throws Exception {
        // Five "victim : /help" datagrams forged with the victim's address: here the victim's own socket.
        try (Probe victim = new Probe("victim", "127.0.0.1")) {
            for (int i = 0; i < 5; i++) {
                victim.send(utf8("victim : /help"), server.udpPort());
            }
            settle(List.of(victim));
            assertThat(victim.receivedBytes).isLessThanOrEqualTo(FACTOR * victim.sentBytes);
            assertThat(victim.received).hasSize(5); // one answer each: the newest lines that fit, after a note
            victim.send(utf8("victim : q"), server.udpPort());
            settle(List.of(victim));
            assertThat(victim.received).last().isEqualTo("* bye victim");
        }
    }

    @Test
    void manyOneDatagramJoinsFromOneAddressAmplifyNothing() throws Exception {
        // Each join is announced to every earlier member; none of them gets more than 3x what it sent.
        List<Probe> joiners = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Probe p = new Probe("joiner " + i, "127.0.0.1");
                joiners.add(p);
                p.send(utf8("j" + i + " : hi"), server.udpPort());
                if (i % 25 == 24) {
                    settle(joiners); // paced, so that the server's receive buffer never overflows
                }
            }
            settle(joiners);
            long sent = 0;
            long received = 0;
            for (Probe p : joiners) {
                assertThat(p.receivedBytes).as(p.label).isLessThanOrEqualTo(FACTOR * p.sentBytes);
                assertThat(p.receivedDatagrams).as(p.label).isLessThanOrEqualTo(1);
                sent += p.sentBytes;
                received += p.receivedBytes;
            }
            assertThat(received).isLessThanOrEqualTo(FACTOR * sent);
            // and the joins did happen: they are in the room
            try (LineClient listener = LineClient.named(server.port(), "listener")) {
                listener.send("/who");
                assertThat(listener.readUntil(l -> l.startsWith("* in lobby (") && l.contains("j299"))).isNotNull();
            }
        } finally {
            for (int i = 0; i < joiners.size(); i++) {
                joiners.get(i).send(utf8("j" + i + " : q"), server.udpPort());
                if (i % 25 == 24) {
                    settle(List.of());
                }
            }
            joiners.forEach(Probe::close);
        }
    }

    @Test
    void aValidatedAddressGetsTheRoomsTrafficInFull() throws Exception {
        try (DatagramClient member = DatagramClient.validated(server.udpPort(), "pushed")) {
            member.send("pushed : hello");
            member.expect("* you are pushed");
            member.receiveUntil(d -> d.startsWith("* you are in lobby with "));
            member.send("pushed : /who");
            List<String> who = new ArrayList<>();
            for (String d = member.receiveUntil(l -> l.startsWith("* in lobby (")); ; d = member.receive()) {
                who.add(d);
                if (!d.startsWith("* in lobby (") || String.join(", ", who).contains("pushed")) {
                    break;
                }
            }
            long bytes = who.stream().mapToLong(d -> utf8(d).length).sum();
            assertThat(bytes).as("a big /who, far more than 3x the request").isGreaterThan(FACTOR * 14L * 10);
            room.get(2).send("marker for pushed");
            member.receiveUntil(d -> d.endsWith(" : marker for pushed")); // pushed as it happens, unasked
            member.send("pushed : q");
        }
    }

    /** A TCP member chatting in the lobby while the probes work. */
    private static Thread busyRoom(AtomicBoolean chatting) {
        Thread t = new Thread(() -> {
            try (LineClient chatter = LineClient.named(server.port(), "chatter")) {
                for (int i = 0; chatting.get(); i++) {
                    chatter.send("chatter line " + i + " " + "w".repeat(i % 40));
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "chatter");
        t.start();
        return t;
    }

    // ---- the time service: an answer is at most max(64 bytes, 3 x the request) ----

    @Test
    void timeAnswersAreAtMostThreeTimesTheRequestOrSixtyFourBytes() throws Exception {
        TimeTeller teller = new TimeTeller(CLOCK);
        List<String> formats = new ArrayList<>();
        for (int k = 0; k <= 24; k++) {
            formats.add("%A".repeat(k));                  // 2 bytes -> "Wednesday", 9
            formats.add("%B %j ".repeat(k));              // 6 bytes -> "November 329 ", 13
            formats.add("x".repeat(k) + "%c%A%B");        // unknown directives come back as written
        }
        List<Probe> probes = new ArrayList<>();
        try {
            for (int i = 0; i < formats.size(); i++) {
                // one source address each: the per-address answer limit is another matter
                Probe p = new Probe(formats.get(i), "127.0.0." + (2 + i));
                probes.add(p);
                p.send(utf8(formats.get(i)), server.timePort());
            }
            // the time service, too, answers in order: once a later request is answered, all were
            try (Probe sync = new Probe("sync", "127.0.0.200")) {
                sync.send(utf8("%Y"), server.timePort());
                for (long end = System.nanoTime() + 20_000_000_000L; sync.receivedDatagrams == 0 && System.nanoTime() < end; ) {
                    sync.poll();
                    Thread.sleep(5);
                }
                assertThat(sync.received).containsExactly("2026");
            }
            collect(probes);
            SoftAssertions soft = new SoftAssertions();
            for (int i = 0; i < formats.size(); i++) {
                Probe p = probes.get(i);
                String expected = teller.tell(formats.get(i));
                int request = utf8(formats.get(i)).length;
                boolean fits = utf8(expected).length <= Math.max(64, FACTOR * request);
                soft.assertThat(utf8(expected).length <= TimeServiceHandler.maxAnswerBytes(request)).isEqualTo(fits);
                if (fits) {
                    soft.assertThat(p.received).as("'%s'", p.label).containsExactly(expected);
                } else {
                    soft.assertThat(p.received).as("'%s' (answer of %d bytes)", p.label, utf8(expected).length).isEmpty();
                }
                soft.assertThat(p.receivedBytes).as("'%s'", p.label).isLessThanOrEqualTo(Math.max(64, FACTOR * p.sentBytes));
            }
            soft.assertAll();
            assertThat(probes.stream().filter(p -> p.receivedDatagrams == 0).count()).as("some were too long").isPositive();
        } finally {
            probes.forEach(Probe::close);
        }
    }
}
