package io.parley.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * UDP chat on real loopback sockets, with TCP clients in the same rooms, for validated addresses;
 * unvalidated ones are in {@link UdpAmplificationTest} and {@link LockStepUdpTest}.
 */
@Timeout(60)
class UdpChatEndToEndTest {
    private RunningServer server;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(String... flags) throws InterruptedException {
        server = RunningServer.start(flags);
    }

    /** A client whose address is validated (as Parley's own client's is): lines come as they happen. */
    private DatagramClient udp() throws IOException {
        DatagramClient c = DatagramClient.validated(server.udpPort(), "v");
        clients.add(c);
        return c;
    }

    /** A UDP member that has claimed {@code name} and read the replies. */
    private DatagramClient udpNamed(String name, String firstText) throws IOException {
        DatagramClient c = udp();
        c.send(name + " : " + firstText);
        c.expect("* you are " + name);
        c.receiveUntil(d -> d.startsWith("* you are in lobby with "));
        return c;
    }

    private LineClient tcp(String name) throws IOException {
        LineClient c = LineClient.named(server.port(), name);
        clients.add(c);
        return c;
    }

    @Test
    void udpPortFollowsTcpPortZeroAndBothAreBound() throws Exception {
        start();
        assertThat(server.udpPort()).isPositive();
        assertThat(server.timePort()).isPositive().isNotEqualTo(server.udpPort());
    }

    @Test
    void udpToTcpAndTcpToUdp() throws Exception {
        start();
        LineClient bob = tcp("bob");
        DatagramClient alice = udp();
        alice.send("alice : hello from udp\n");
        alice.expect("* you are alice");
        alice.expect("* you are in lobby with 1 other");
        bob.expect("* alice joined lobby");
        bob.expect("alice : hello from udp");
        bob.send("hello from tcp : with a colon");
        alice.expect("bob : hello from tcp : with a colon");
        DatagramClient carol = udpNamed("carol", "hi");
        alice.expect("* carol joined lobby");
        alice.expect("carol : hi");
        bob.expect("* carol joined lobby");
        bob.expect("carol : hi");
        carol.send("carol : 太白 ok\r\n");
        alice.expect("carol : 太白 ok");
        bob.expect("carol : 太白 ok");
        assertThat(carol.silentFor(200)).isTrue(); // no echo to the sender
    }

    @Test
    void namesAreOneNamespaceAcrossTransports() throws Exception {
        start();
        LineClient alice = tcp("alice");
        DatagramClient impostor = udp();
        impostor.send("alice : it is me");
        impostor.expect("! name alice is taken");
        assertThat(alice.silentFor(200)).isTrue();

        DatagramClient carol = udpNamed("carol", "here");
        alice.expect("* carol joined lobby");
        alice.expect("carol : here");
        LineClient other = LineClient.connect(server.port());
        clients.add(other);
        other.send("/nick CAROL");
        other.expect("! name CAROL is taken");
        other.send("carol : it is me");
        other.expect("! name carol is taken");
        DatagramClient second = udp();
        second.send("carol : me too");
        second.expect("! name carol is taken");
        assertThat(alice.silentFor(200)).isTrue();
        assertThat(carol.silentFor(100)).isTrue();
    }

    @Test
    void qLeavesAtOnce() throws Exception {
        start();
        LineClient bob = tcp("bob");
        DatagramClient alice = udpNamed("alice", "hi");
        bob.expect("* alice joined lobby");
        bob.expect("alice : hi");
        alice.send("alice : q");
        alice.expect("* bye alice");
        bob.expect("* alice left (quit)");
        bob.send("/nick alice"); // the name is free at once
        bob.expect("* you are alice");
    }

    @Test
    void silentMemberIsDroppedAfterTheIdleTime() throws Exception {
        start("--udp-idle", "300ms");
        LineClient bob = tcp("bob");
        DatagramClient alice = udpNamed("alice", "hi");
        bob.expect("* alice joined lobby");
        bob.expect("alice : hi");
        bob.expect("* alice left (idle)");
        alice.expect("* bye alice (idle)");
        alice.send("alice : back"); // the next datagram makes it a member again
        alice.expect("* you are alice");
        bob.expect("* alice joined lobby");
        bob.expect("alice : back");
    }

    @Test
    void malformedDatagramsGetOneErrorEach() throws Exception {
        start("--max-datagram", "100");
        LineClient bob = tcp("bob");
        DatagramClient c = udp();
        c.send("no separator");
        c.expect("! expected NAME : TEXT");
        c.send("bad/name : hi");
        c.expect("! invalid name: 1 to 32 letters, digits, _ - or .");
        c.sendRaw(new byte[] {'x', ' ', ':', ' ', (byte) 0xE2, (byte) 0x82});
        c.expect("! invalid UTF-8, datagram discarded");
        c.send("x : " + "y".repeat(97)); // 101 bytes
        c.expect("! datagram too long (over 100 bytes), discarded");
        c.send("x : " + "y".repeat(3000));
        c.expect("! datagram too long (over 100 bytes), discarded");
        c.send("x : " + "y".repeat(96)); // exactly 100 bytes: fine
        c.expect("* you are x");
        c.expect("* you are in lobby with 1 other");
        bob.expect("* x joined lobby");
        bob.expect("x : " + "y".repeat(96));
        assertThat(c.silentFor(200)).isTrue();
    }

    @Test
    void commandsAndTimeOverUdp() throws Exception {
        start();
        tcp("bob");
        DatagramClient alice = udp();
        alice.send("alice : /who");
        alice.expect("* you are alice");
        alice.expect("* you are in lobby with 1 other");
        alice.expect("* in lobby (2): alice, bob");
        alice.send("alice : /nick zed");
        alice.expect("! /nick is not available over UDP: the NAME in NAME : TEXT is your name");
        alice.send("alice : /time %Y");
        assertThat(alice.receive()).matches("\\* \\d{4}");
    }

    @Test
    void udpMembersAreToldWhenTheServerStops() throws Exception {
        start();
        DatagramClient alice = udpNamed("alice", "hi");
        server.close();
        alice.expect("* server shutting down");
    }

    @Test
    void everyDatagramIsOneLineWithoutLineEnd() throws Exception {
        start();
        DatagramClient alice = udp();
        alice.send("alice : /help");
        List<String> got = new ArrayList<>();
        do {
            got.add(alice.receive());
        } while (!got.get(got.size() - 1).contains("/quit or q")); // the last line of /help
        assertThat(got).allSatisfy(d -> assertThat(d).doesNotContain("\n").doesNotContain("\r"));
        assertThat(got).contains("* you are alice", "* commands:");
    }
}
