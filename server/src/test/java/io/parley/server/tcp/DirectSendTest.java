package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.ChannelOutboundBuffer;
import io.parley.protocol.Transports;
import io.parley.server.admin.Prometheus;
import io.parley.server.chat.Member;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On epoll, a member's send buffer goes to its socket without the pipeline when the channel has
 * nothing queued (see TcpMember): every line arrives once and in order, also when the socket takes
 * only part of a flush and the rest waits in the channel, and the bytes are counted exactly once.
 */
@Timeout(60)
class DirectSendTest {
    private static final String SENT = "parley_sent_bytes_total{transport=\"tcp\"}";
    /** A line of a few hundred bytes, numbered. */
    private static final String FILL = "x".repeat(400);

    private static RunningServer start() throws InterruptedException {
        assumeTrue(Transports.EPOLL.unavailabilityCause() == null, "epoll does not load on this machine");
        // A send queue far above what the test leaves unread, so that nobody is cut off.
        return RunningServer.start("--transport", "epoll", "--rate-limit", "0", "--send-queue", "67108864");
    }

    private static double sentBytes(RunningServer server) {
        return Prometheus.value(server.server().metrics().prometheus().scrape(), SENT);
    }

    private static TcpMember member(RunningServer server, String name) {
        Member member = server.server().chat().hub().find(name);
        assertThat(member).isInstanceOf(TcpMember.class);
        return (TcpMember) member;
    }

    private static long lineBytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8).length + 1;
    }

    @Test
    void roomLinesReachTheSocketDirectlyAndAreCountedOnce() throws Exception {
        try (RunningServer server = start();
             LineClient alice = LineClient.named(server.port(), "alice");
             LineClient bob = LineClient.named(server.port(), "bob")) {
            alice.readUntil("* bob joined lobby"::equals);
            assertThat(member(server, "bob").sendsDirectly()).as("plain TCP on epoll sends directly").isTrue();
            double before = sentBytes(server);
            long received = 0;
            for (int i = 0; i < 500; i++) {
                alice.send(i + " " + FILL);
            }
            for (int i = 0; i < 500; i++) {
                String line = bob.readLine();
                assertThat(line).isEqualTo("alice : " + i + " " + FILL);
                received += lineBytes(line);
            }
            bob.send("/ping"); // a reply through the pipeline, after the room lines
            bob.expect("* pong");
            received += lineBytes("* pong");
            assertThat(sentBytes(server) - before).as("bytes counted").isEqualTo((double) received);
        }
    }

    @Test
    void whatTheSocketDoesNotTakeWaitsInTheChannelAndEveryLineArrivesInOrder() throws Exception {
        try (RunningServer server = start();
             LineClient alice = LineClient.named(server.port(), "alice");
             LineClient bob = LineClient.named(server.port(), "bob", 4096)) {
            alice.readUntil("* bob joined lobby"::equals);
            TcpMember member = member(server, "bob");
            assertThat(member.sendsDirectly()).isTrue();
            ChannelOutboundBuffer queue = member.channel.unsafe().outboundBuffer();
            double before = sentBytes(server);
            // Bob does not read: once the socket's buffers are full, a flush is sent in part and
            // the rest waits in the channel's outbound buffer. Lines sent meanwhile queue behind it.
            int sent = 0;
            long received = 0; // by both clients
            while (queue.totalPendingWriteBytes() == 0 && sent < 60_000) {
                for (int i = 0; i < 500; i++, sent++) {
                    alice.send(sent + " " + FILL);
                }
                alice.send("/ping"); // the lines before it have been delivered when the answer comes
                alice.expect("* pong");
                received += lineBytes("* pong");
            }
            assertThat(queue.totalPendingWriteBytes()).as("the channel holds what the socket did not take")
                    .isPositive();
            for (int i = 0; i < 500; i++, sent++) {
                alice.send(sent + " " + FILL);
            }
            for (int i = 0; i < sent; i++) {
                String line = bob.readLine();
                assertThat(line).isEqualTo("alice : " + i + " " + FILL);
                received += lineBytes(line);
            }
            // Drained: later lines go as before, still in order.
            for (int i = 0; i < 100; i++) {
                alice.send("after " + i);
            }
            for (int i = 0; i < 100; i++) {
                String line = bob.readLine();
                assertThat(line).isEqualTo("alice : after " + i);
                received += lineBytes(line);
            }
            bob.send("/ping");
            bob.expect("* pong");
            received += lineBytes("* pong");
            assertThat(sentBytes(server) - before).as("bytes counted").isEqualTo((double) received);
        }
    }
}
