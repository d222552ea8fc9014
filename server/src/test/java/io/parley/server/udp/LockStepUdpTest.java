package io.parley.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a lock-step UDP client (send a line, read one datagram, as the tutorial's does) gets from
 * an address that is not validated: one answer per datagram, never more and never none, holding
 * the newest lines since its last answer after a note of how many were skipped; its quit answered
 * by {@code * bye NAME} alone.
 */
@Timeout(60)
class LockStepUdpTest {
    private static final Pattern LINE_NUMBER = Pattern.compile("bob : line (\\d+)");

    private RunningServer server;
    private LineClient bob;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start("--rate-limit", "0");
        bob = LineClient.named(server.port(), "bob");
    }

    @AfterEach
    void stop() throws Exception {
        bob.close();
        server.close();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void oneAnswerPerDatagramHoldingTheNewestLines() throws Exception {
        try (DatagramClient alice = new DatagramClient(server.udpPort())) {
            String first = "alice : hello everyone, I am new here";
            alice.send(first);
            assertThat(alice.receive()).isEqualTo("* you are alice\n* you are in lobby with 1 other");
            bob.expect("* alice joined lobby");
            bob.expect("alice : hello everyone, I am new here");
            for (int i = 1; i <= 30; i++) {
                bob.send("line " + i);
            }
            bob.send("/ping");
            bob.expect("* pong"); // all 30 relayed by now
            assertThat(alice.silentFor(300)).as("nothing unasked").isTrue();

            String ask = "alice : anything new for me, please?";
            alice.send(ask);
            String answer = alice.receive();
            List<String> lines = List.of(answer.split("\n"));
            assertThat(lines.get(lines.size() - 1)).isEqualTo("bob : line 30");
            int shown = lines.size() - 1;
            assertThat(lines.get(0)).isEqualTo("* skipped " + (30 - shown) + " earlier lines");
            for (int i = 1; i < lines.size(); i++) {
                assertThat(lines.get(i)).isEqualTo("bob : line " + (30 - shown + i));
            }
            assertThat(bytes(answer)).isLessThanOrEqualTo(3 * (bytes(first) + bytes(ask)) - bytes(
                    "* you are alice\n* you are in lobby with 1 other"));
            assertThat(alice.silentFor(200)).as("exactly one answer").isTrue();

            alice.send("alice : and now?");
            assertThat(alice.receive()).isEqualTo("* nothing new");
        }
    }

    @Test
    void quitIsAnsweredByByeAloneWhateverIsWaiting() throws Exception {
        try (DatagramClient taibai = new DatagramClient(server.udpPort())) {
            taibai.send("太白 : hello from the tutorial");
            taibai.receive();
            for (int i = 1; i <= 5; i++) {
                bob.send("line " + i);
            }
            bob.send("/ping");
            bob.readUntil("* pong"::equals);
            taibai.send("太白 : q");
            assertThat(taibai.receive()).isEqualTo("* bye 太白");
            bob.readUntil("* 太白 left (quit)"::equals);
            assertThat(taibai.silentFor(300)).isTrue();
        }
    }

    @Test
    void aFirstDatagramThatQuitsIsAnsweredByBye() throws Exception {
        try (DatagramClient taibai = new DatagramClient(server.udpPort())) {
            taibai.send("太白 : q");
            assertThat(taibai.receive()).isEqualTo("* bye 太白");
            assertThat(taibai.silentFor(200)).isTrue();
        }
    }

    @Test
    void aLockStepClientInABusyRoomNeverWaitsAndNeverFallsBehind() throws Exception {
        AtomicBoolean chatting = new AtomicBoolean(true);
        AtomicInteger lastSent = new AtomicInteger();
        Thread chatter = new Thread(() -> {
            try {
                for (int i = 1; chatting.get(); i++) {
                    bob.send("line " + i);
                    lastSent.set(i);
                    Thread.sleep(3);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (DatagramClient alice = new DatagramClient(server.udpPort())) {
            alice.send("alice : joining the busy room now");
            alice.receive();
            chatter.start();
            int newestSeen = 0;
            int answersWithChat = 0;
            for (int round = 0; round < 40; round++) {
                int sentBefore = lastSent.get();
                alice.send("alice : my line number " + round);
                String answer = alice.receive(); // one datagram per line sent: never blocks for good
                int newest = 0;
                for (Matcher m = LINE_NUMBER.matcher(answer); m.find(); ) {
                    newest = Math.max(newest, Integer.parseInt(m.group(1)));
                }
                if (newest > 0) {
                    answersWithChat++;
                    assertThat(newest).as("newer than anything shown before").isGreaterThan(newestSeen);
                    // not behind: at least as new as what bob had sent before alice asked, less what
                    // may still have been in flight to the server
                    assertThat(newest).as("answer %s", answer).isGreaterThanOrEqualTo(sentBefore - 50);
                    newestSeen = newest;
                }
                Thread.sleep(20);
            }
            assertThat(answersWithChat).isGreaterThan(20);
        } finally {
            chatting.set(false);
            chatter.join();
        }
    }

    @Test
    void afterValidationLinesComeAsTheyHappen() throws Exception {
        try (DatagramClient alice = new DatagramClient(server.udpPort())) {
            alice.send("alice : hi there everybody");
            alice.receive();
            bob.send("waiting for alice");
            bob.send("/ping");
            bob.readUntil("* pong"::equals);
            alice.validate("alice"); // the token comes in the lock-step answer, the rest as it happens
            bob.send("pushed to alice");
            alice.receiveUntil("bob : pushed to alice"::equals);
            bob.send("and again");
            assertThat(alice.receive()).isEqualTo("bob : and again");
        }
    }

    /** The exchange docs/protocol.md shows, to the byte. */
    @Test
    void theDocumentedExchangeHoldsExactly() throws Exception {
        try (DatagramClient taibai = new DatagramClient(server.udpPort())) {
            taibai.send("太白 : hello everyone, I am new");
            assertThat(taibai.receive()).isEqualTo("* you are 太白\n* you are in lobby with 1 other");
            for (int i = 1; i <= 40; i++) {
                bob.send("line " + i);
            }
            bob.send("/ping");
            bob.readUntil("* pong"::equals);
            taibai.send("太白 : what did I miss?");
            StringBuilder expected = new StringBuilder("* skipped 33 earlier lines");
            for (int i = 34; i <= 40; i++) {
                expected.append("\nbob : line ").append(i);
            }
            String answer = taibai.receive();
            assertThat(answer).isEqualTo(expected.toString());
            assertThat(bytes(answer)).isEqualTo(124);
            taibai.send("太白 : anyone there?");
            assertThat(taibai.receive()).isEqualTo("* nothing new");
            taibai.send("太白 : q");
            assertThat(taibai.receive()).isEqualTo("* bye 太白");
        }
    }
}
