package io.parley.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.CharsetUtil;
import io.parley.server.admin.Prometheus;
import io.parley.server.chat.ChatHub;
import io.parley.server.chat.ChatService;
import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.MutableClock;
import io.parley.server.testing.RunningServer;
import io.parley.server.time.TimeTeller;
import io.parley.server.udp.UdpChatInitializer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * UDP members count against the same per-address cap as TCP connections, in one accounting, and
 * an IPv6 address counts as its /64.
 */
@Timeout(60)
class UdpPerAddressCapTest {
    private static final String REFUSED = "! too many connections from your address (at most 4)";

    @Test
    void oneAddressHoldsNoMoreUdpMembersThanTheCapWhateverItsPorts() throws Exception {
        try (RunningServer server = RunningServer.start("--max-per-ip", "4", "--ip-exempt", "none")) {
            List<DatagramClient> sockets = new ArrayList<>();
            List<String> answers = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    DatagramClient c = DatagramClient.validated(server.udpPort(), "u" + i);
                    sockets.add(c);
                    c.send("u" + i + " : hello there, everyone in the room");
                    answers.add(c.receive()); // validated: every refusal is answered
                }
                assertThat(answers.subList(0, 4)).containsExactly("* you are u0", "* you are u1", "* you are u2", "* you are u3");
                assertThat(answers.subList(4, 300)).containsOnly(REFUSED);
                assertThat(server.server().chat().hub().nameCount()).isEqualTo(4);
                String metrics = server.server().metrics().prometheus().scrape();
                assertThat(Prometheus.value(metrics, "parley_connections_refused_total{reason=\"per_address\"}")).isEqualTo(296);
                assertThat(Prometheus.value(metrics, "parley_connections{transport=\"udp\"}")).isEqualTo(4);
            } finally {
                sockets.forEach(DatagramClient::close);
            }
        }
    }

    @Test
    void unvalidatedSendersAreCappedTooAndTheirRefusalsAmplifyNothing() throws Exception {
        try (RunningServer server = RunningServer.start("--max-per-ip", "4", "--ip-exempt", "none")) {
            List<DatagramClient> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    DatagramClient c = new DatagramClient(server.udpPort());
                    sockets.add(c);
                    c.send("u" + i + " : hello there, everyone in the room");
                }
                try (DatagramClient sync = DatagramClient.validated(server.udpPort(), "sync")) {
                    sync.send("sync : /ping"); // refused too, but answered: all earlier datagrams are handled
                    assertThat(sync.receive()).isEqualTo(REFUSED);
                }
                assertThat(server.server().chat().hub().nameCount()).isEqualTo(4);
            } finally {
                sockets.forEach(DatagramClient::close);
            }
        }
    }

    @Test
    void tcpConnectionsAndUdpMembersShareOneCount() throws Exception {
        try (RunningServer server = RunningServer.start("--max-per-ip", "4", "--ip-exempt", "none");
             LineClient t1 = LineClient.connect(server.port());
             LineClient t2 = LineClient.named(server.port(), "t2");
             DatagramClient u1 = DatagramClient.validated(server.udpPort(), "u1");
             DatagramClient u2 = DatagramClient.validated(server.udpPort(), "u2");
             DatagramClient u3 = DatagramClient.validated(server.udpPort(), "u3")) {
            u1.send("u1 : hi");
            u1.expect("* you are u1");
            u2.send("u2 : hi");
            u2.expect("* you are u2");
            u3.send("u3 : hi");
            u3.expect(REFUSED); // two TCP and two UDP: full
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(LineClient.TIMEOUT_MILLIS);
                String first = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                        CharsetUtil.UTF_8)).readLine();
                assertThat(first).isEqualTo(REFUSED);
            }
            u1.send("u1 : q"); // a UDP member leaving frees a place, for UDP or TCP
            u1.receiveUntil("* bye u1"::equals);
            u3.send("u3 : hi");
            u3.expect("* you are u3");
            t1.close();
            String line = null;
            for (int i = 0; i < 100 && !"* pong".equals(line); i++) {
                try (LineClient again = LineClient.connect(server.port())) { // the place t1 held, once its close is seen
                    again.send("/ping");
                    line = again.readLine();
                } catch (java.io.IOException refusedYet) {
                    Thread.sleep(20);
                }
            }
            assertThat(line).isEqualTo("* pong");
        }
    }

    @Test
    void loopbackIsExemptByDefault() throws Exception {
        try (RunningServer server = RunningServer.start("--max-per-ip", "2")) {
            List<DatagramClient> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    DatagramClient c = DatagramClient.validated(server.udpPort(), "e" + i);
                    sockets.add(c);
                    c.send("e" + i + " : hi");
                    c.expect("* you are e" + i);
                }
            } finally {
                sockets.forEach(DatagramClient::close);
            }
        }
    }

    // ---- IPv6: one /64 is one address ----

    private static InetSocketAddress v6(String address, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }

    @Test
    void anIpv6Slash64IsOneAddressForUdpMembers() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T20:15:30Z"), ZoneId.of("UTC"));
        ChatService chat = new ChatService(new ChatHub(PooledByteBufAllocator.DEFAULT));
        ConnectionLimiter limiter = new ConnectionLimiter(2, 100, AddressBlocks.parse("none"), reason -> { });
        EmbeddedChannel udp = new EmbeddedChannel(new UdpChatInitializer(chat, clock, 1400, Duration.ofMinutes(5), 1000,
                limiter));
        try {
            InetSocketAddress server = new InetSocketAddress("::1", 9090);
            String[] sameSlash64 = {"2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2:abcd::9"};
            for (int i = 0; i < sameSlash64.length; i++) {
                udp.writeInbound(new DatagramPacket(Unpooled.copiedBuffer("v" + i + " : hello there, everyone",
                        CharsetUtil.UTF_8), server, v6(sameSlash64[i], 5000 + i)));
            }
            udp.runPendingTasks();
            assertThat(chat.hub().find("v0")).isNotNull();
            assertThat(chat.hub().find("v1")).isNotNull();
            assertThat(chat.hub().find("v2")).as("a third address of the same /64").isNull();
            udp.writeInbound(new DatagramPacket(Unpooled.copiedBuffer("w : hello there, everyone", CharsetUtil.UTF_8),
                    server, v6("2001:db8:1:3::1", 5000)));
            udp.runPendingTasks();
            assertThat(chat.hub().find("w")).as("the next /64 is another address").isNotNull();
        } finally {
            udp.finishAndReleaseAll();
        }
    }

    /** Generated addresses: the same first 64 bits share a group, any other bit does not. */
    @Test
    void addressGroupsAreSlash64ForIpv6AndWholeAddressesForIpv4() throws Exception {
        Random random = new Random(64);
        for (int run = 0; run < 1000; run++) {
            byte[] a = new byte[16];
            random.nextBytes(a);
            byte[] sameNetwork = a.clone();
            for (int i = 8; i < 16; i++) {
                sameNetwork[i] = (byte) random.nextInt();
            }
            byte[] otherNetwork = a.clone();
            int bit = random.nextInt(64);
            otherNetwork[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            InetAddress base = InetAddress.getByAddress(a);
            assertThat(AddressGroup.key(InetAddress.getByAddress(sameNetwork))).isEqualTo(AddressGroup.key(base));
            assertThat(AddressGroup.key(InetAddress.getByAddress(otherNetwork))).isNotEqualTo(AddressGroup.key(base));
            assertThat(AddressGroup.describe(base)).endsWith("/64");
            byte[] v4 = new byte[4];
            random.nextBytes(v4);
            byte[] v4other = v4.clone();
            v4other[3] ^= 1;
            assertThat(AddressGroup.key(InetAddress.getByAddress(v4)))
                    .isNotEqualTo(AddressGroup.key(InetAddress.getByAddress(v4other)));
        }
        assertThat(AddressGroup.describe(InetAddress.getByName("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1:2::/64");
        assertThat(AddressGroup.describe(InetAddress.getByName("203.0.113.9"))).isEqualTo("203.0.113.9");
    }

    @Test
    void theSharedLimiterCountsMembersOfEveryTransportAlike() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(3, 100, AddressBlocks.parse("none"), reason -> { });
        List<ConnectionLimiter.Admission> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ConnectionLimiter.Admission a = limiter.admitMember(v6("2001:db8::" + (i + 1), 4000 + i));
            assertThat(a.admitted()).isTrue();
            held.add(a);
        }
        assertThat(limiter.admitMember(v6("2001:db8::99", 1)).refusal())
                .isEqualTo("too many connections from your address (at most 3)");
        limiter.release(held.remove(0));
        assertThat(limiter.admitMember(v6("2001:db8::99", 1)).admitted()).isTrue();
        assertThat(limiter.connections()).as("members are not stream connections").isZero();
    }
}
