package io.parley.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.ControlCharacters;
import io.parley.protocol.Names;
import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.testing.LookAlikes;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Look-alike names on a real server over real sockets: a sample of every kind of look-alike of a
 * held name is refused over TCP and over UDP, with the error a client sees; a look-alike room is
 * the room it looks like; two connections claiming look-alike names at once get one winner.
 */
@Timeout(120)
class LookAlikeNamesEndToEndTest {
    private RunningServer server;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start("--rate-limit", "0");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        server.close();
    }

    private <T extends AutoCloseable> T keep(T client) {
        clients.add(client);
        return client;
    }

    /** A few of each kind: compatibility forms, capitals, confusables of other scripts and of ASCII, invisibles. */
    private static List<String> sample(String name) {
        Set<String> sample = new LinkedHashSet<>();
        List<String> variants = new ArrayList<>(LookAlikes.variants(name));
        for (int i = 0; i < variants.size(); i += Math.max(1, variants.size() / 25)) {
            sample.add(variants.get(i));
        }
        List<String> invisibles = LookAlikes.invisibles();
        for (int i = 0; i < invisibles.size(); i += invisibles.size() / 10) {
            sample.add(name + invisibles.get(i));
        }
        sample.addAll(List.of(name + "\u3164", "\u3164" + name, "\uFFA0", "\u115F" + name, name + "\u1160",
                "\u01C3" + name));
        return new ArrayList<>(sample);
    }

    /**
     * The server's answer to a claim of {@code variant} while {@code held} is held is a refusal.
     * Invisible characters are removed from every line before the name is read (so {@code alice}
     * with a Hangul filler is a claim of {@code alice}), and a claim of nothing is a usage error.
     */
    private static boolean isRefusal(String line, String variant, String held) {
        String sent = ControlCharacters.strip(variant);
        String shown = Names.enforce(sent);
        return line.startsWith("! invalid name")
                || sent.isEmpty() && line.equals("! usage: /nick NAME [TOKEN]")
                || line.equals("! name " + shown + " is taken")
                || line.equals("! name " + shown + " is taken (it looks like " + held + ")");
    }

    @Test
    void lookAlikesOfAHeldNameAreRefusedOverTcp() throws Exception {
        int tried = 0;
        for (String held : List.of("alice", "太白", "ασ", "lobby")) {
            keep(LineClient.named(server.port(), held));
            LineClient other = keep(LineClient.connect(server.port()));
            for (String variant : sample(held)) {
                other.send("/nick " + variant);
                String reply = other.readLine();
                assertThat(isRefusal(reply, variant, held)).as("%s -> %s", variant, reply).isTrue();
                tried++;
            }
            // The same as the first line of a session: NAME : TEXT claims, and is refused alike.
            LineClient third = keep(LineClient.connect(server.port()));
            third.send(LookAlikes.variants(held).iterator().next() + " : hi");
            assertThat(third.readLine()).startsWith("! ");
        }
        assertThat(tried).isGreaterThan(100);
    }

    @Test
    void theErrorSaysWhichNameItLooksLike() throws Exception {
        keep(LineClient.named(server.port(), "alice"));
        LineClient other = keep(LineClient.connect(server.port()));
        other.send("/nick aIice");
        other.expect("! name aIice is taken (it looks like alice)");
        other.send("/nick ａｌｉｃｅ");
        other.expect("! name alice is taken");
        other.send("/nick аlice");
        other.expect("! invalid name \"аlice\": letters of scripts that are not used together; a name is in one script, "
                + "or Latin with Han and Kana, Bopomofo or Hangul");
        other.send("/nick \u01C3alice");
        other.expect("! invalid name \"\u01C3alice\": 1 to 32 letters, digits, _ - or . (U+01C3 is none of these)");
        other.send("/nick alice\u3164"); // the Hangul filler is removed with the other invisibles
        other.expect("! name alice is taken");
        other.send("/nick ΑΣ");
        other.expect("* you are ΑΣ");
        other.readUntil(l -> l.startsWith("* you are in"));
        LineClient greek = keep(LineClient.connect(server.port()));
        greek.send("/nick ας");
        greek.expect("! name ας is taken");
    }

    @Test
    void lookAlikesOfAHeldNameAreRefusedOverUdp() throws Exception {
        keep(LineClient.named(server.port(), "alice"));
        DatagramClient udpHolder = keep(DatagramClient.validated(server.udpPort(), "bob"));
        udpHolder.send("bob : hi");
        udpHolder.expect("* you are bob");
        int tried = 0;
        for (String held : List.of("alice", "bob")) {
            for (String variant : sample(held)) {
                // A fresh address each time: its first datagram claims the name. Each from its
                // own 127.0.x.y, since answers to addresses that are not members are rate limited.
                tried++;
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(
                        InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + tried / 200), (byte) (1 + tried % 200)}), 0))) {
                    udp.setSoTimeout(DatagramClient.TIMEOUT_MILLIS);
                    // Text enough that an address not yet shown to receive may get the whole error.
                    byte[] datagram = (variant + " : hi " + "x".repeat(100)).getBytes(StandardCharsets.UTF_8);
                    udp.send(new DatagramPacket(datagram, datagram.length,
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort())));
                    DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
                    try {
                        udp.receive(answer);
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("no answer to " + codePoints(variant), e);
                    }
                    String reply = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
                    assertThat(reply.startsWith("! invalid name") || isRefusal(reply, variant, held))
                            .as("%s -> %s", variant, reply).isTrue();
                }
            }
        }
        assertThat(tried).isGreaterThan(50);
        // And a TCP client cannot take a look-alike of the UDP member's name.
        LineClient tcp = keep(LineClient.connect(server.port()));
        tcp.send("/nick b0b");
        tcp.expect("! name b0b is taken (it looks like bob)");
    }

    @Test
    void aLookAlikeRoomIsTheRoomItLooksLike() throws Exception {
        LineClient alice = keep(LineClient.named(server.port(), "alice"));
        LineClient bob = keep(LineClient.named(server.port(), "bob"));
        alice.readUntil(l -> l.equals("* bob joined lobby"));
        bob.send("/join ｌｏｂｂｙ");
        bob.expect("* you are already in lobby");
        bob.send("/join dev");
        bob.expect("* you are in dev with 0 others");
        alice.expect("* bob left for dev");
        alice.send("/join ｄｅｖ");
        alice.expect("* you are in dev with 1 other");
        alice.send("/join #lobby");
        alice.expect("* you are in lobby with 0 others");
        alice.send("/join DEV");
        alice.expect("* you are in dev with 1 other");
        alice.send("/join lobby");
        alice.readUntil(l -> l.startsWith("* you are in lobby"));
        alice.send("/join dеv"); // Cyrillic е
        assertThat(alice.readLine()).startsWith("! invalid room name");
        alice.send("/join Iobby"); // capital i: looks like lobby, and is it
        alice.expect("* you are already in lobby");
        alice.send("/join \u01C3lobby");
        assertThat(alice.readLine()).startsWith("! invalid room name \"\u01C3lobby\"");
        alice.send("/join de\u200Bv"); // the invisible is removed with the others: this is dev
        alice.expect("* you are in dev with 1 other");
    }

    @Test
    void twoConnectionsClaimingLookAlikesAtOnceGetOneWinner() throws Exception {
        for (int round = 0; round < 20; round++) {
            String[] pair = {"bill" + round, "biII" + round};
            LineClient first = LineClient.connect(server.port());
            LineClient second = LineClient.connect(server.port());
            try {
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> claim(first, pair[0], go));
                CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> claim(second, pair[1], go));
                go.countDown();
                String replyA = a.get(10, TimeUnit.SECONDS);
                String replyB = b.get(10, TimeUnit.SECONDS);
                boolean aWon = replyA.equals("* you are " + pair[0]);
                boolean bWon = replyB.equals("* you are " + pair[1]);
                assertThat(aWon ^ bWon).as("round %d: %s / %s", round, replyA, replyB).isTrue();
                assertThat(aWon ? replyB : replyA).startsWith("! name " + (aWon ? pair[1] : pair[0]) + " is taken");
            } finally {
                first.close();
                second.close();
            }
        }
    }

    private static String codePoints(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> b.append(String.format("U+%04X ", cp)));
        return b.toString().trim();
    }

    private static String claim(LineClient client, String name, CountDownLatch go) {
        try {
            go.await();
            client.send("/nick " + name);
            return client.readLine();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
