package io.parley.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.limits.ReplyLimiter;
import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** No reflection amplification, and junk datagrams cost nobody anything. */
@Timeout(60)
class UdpAbuseTest {
    private static final int FLOOD = 400;

    /** Sends FLOOD datagrams from one socket; returns {bytes sent, bytes received, datagrams received}. */
    private static long[] flood(int port, byte[] datagram) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            long sent = 0;
            for (int i = 0; i < FLOOD; i++) {
                socket.send(new DatagramPacket(datagram, datagram.length, to));
                sent += datagram.length;
            }
            long received = 0;
            long count = 0;
            socket.setSoTimeout(500);
            byte[] buf = new byte[65_536];
            try {
                for (;;) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    received += p.getLength();
                    count++;
                }
            } catch (SocketTimeoutException quiet) {
                return new long[] {sent, received, count};
            }
        }
    }

    @Test
    void strangersFloodingTheChatPortGetFewerBytesThanTheySend() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            // each earns "! expected NAME : TEXT", twice as long, but only a few are answered
            long[] r = flood(server.udpPort(), "hello there".getBytes(StandardCharsets.UTF_8));
            assertThat(r[2]).isPositive().isLessThan(FLOOD / 10);
            assertThat(r[1]).as("bytes back").isLessThan(r[0]);
            // a datagram too short for its error to be under three times its size gets none at all
            long[] tiny = flood(server.udpPort(), "hi".getBytes(StandardCharsets.UTF_8));
            assertThat(tiny[2]).isZero();
            // a real member is unaffected
            try (DatagramClient bob = DatagramClient.validated(server.udpPort(), "bob")) {
                bob.send("bob : hello");
                bob.expect("* you are bob");
            }
        }
    }

    @Test
    void timeRequestFloodIsAnsweredAFewTimesOnly() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            long[] r = flood(server.timePort(), "%A %B".getBytes(StandardCharsets.UTF_8));
            assertThat(r[2]).isBetween(1L, (long) ReplyLimiter.PER_ADDRESS_BURST + 2);
            assertThat(r[1]).as("bytes back").isLessThan(r[0]);
        }
    }

    @Test
    void junkDatagramsOnBothPortsThenChatStillWorks() throws Exception {
        try (RunningServer server = RunningServer.start();
             LineClient alice = LineClient.named(server.port(), "alice");
             DatagramSocket junk = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Random random = new Random(7);
            for (int i = 0; i < 300; i++) {
                byte[] bytes = new byte[random.nextInt(i % 10 == 0 ? 3000 : 200)];
                random.nextBytes(bytes);
                int port = i % 2 == 0 ? server.udpPort() : server.timePort();
                junk.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            }
            try (DatagramClient carol = DatagramClient.validated(server.udpPort(), "carol")) {
                carol.send("carol : still here");
                carol.expect("* you are carol");
                alice.readUntil("carol : still here"::equals);
                alice.send("hello carol");
                carol.receiveUntil("alice : hello carol"::equals);
            }
        }
    }
}
