package io.parley.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.parley.server.chat.ChatHub;
import io.parley.server.chat.ChatService;
import io.parley.server.limits.FloodControl;
import io.parley.server.testing.DatagramClient;
import io.parley.server.testing.MutableClock;
import io.parley.server.testing.RunningServer;
import io.parley.server.time.TimeTeller;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every datagram from a member counts as activity for {@code --udp-idle}: refused ones too
 * ({@code /nick}, another name, an unknown command, an invalid or oversized datagram).
 */
@Timeout(60)
class UdpActivityTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 9090);
    private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 40001);
    private static final Duration IDLE = Duration.ofSeconds(2);

    /** Datagrams a member might send every second: none of them a chat line or /ping. */
    static List<byte[]> keepers() {
        List<byte[]> list = new ArrayList<>();
        for (String text : List.of("alice : /nick other", "alice : /NICK", "other : pretending", "alice : /bogus",
                "alice : ", "alice : /validate", "alice : /validate wrong", "alice : /join", "alice : /msg nobody hi",
                "no separator", "b/ad : name", "alice : /time " + "%A".repeat(200))) {
            list.add(text.getBytes(StandardCharsets.UTF_8));
        }
        list.add(new byte[] {'a', ' ', ':', ' ', (byte) 0xC3, (byte) 0x28}); // invalid UTF-8
        list.add(("alice : " + "x".repeat(1500)).getBytes(StandardCharsets.UTF_8)); // over --max-datagram
        list.add(new byte[0]);
        return list;
    }

    @ParameterizedTest
    @MethodSource("keepers")
    void anyDatagramKeepsAMemberIn(byte[] datagram) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T20:15:30Z"), ZoneId.of("UTC"));
        ChatService chat = new ChatService(new ChatHub(PooledByteBufAllocator.DEFAULT),
                new FloodControl(0, 1, System::nanoTime), new TimeTeller(clock), false);
        EmbeddedChannel udp = new EmbeddedChannel(new UdpChatInitializer(chat, clock, 1400, IDLE, 100));
        UdpChatHandler handler = udp.pipeline().get(UdpChatHandler.class);
        try {
            udp.writeInbound(new DatagramPacket(Unpooled.copiedBuffer("alice : hi", StandardCharsets.UTF_8), SERVER, ALICE));
            for (int second = 0; second < 10; second++) { // five idle times
                clock.advance(Duration.ofSeconds(1));
                udp.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(datagram), SERVER, ALICE));
                handler.expireIdle();
                assertThat(handler.memberCount()).as("after %d s", second + 1).isEqualTo(1);
            }
            clock.advance(IDLE);
            handler.expireIdle();
            assertThat(handler.memberCount()).as("silent for the idle time").isZero();
        } finally {
            udp.finishAndReleaseAll();
        }
    }

    @Test
    void aMemberSendingNickEverySecondIsNotDropped() throws Exception {
        try (RunningServer server = RunningServer.start("--udp-idle", "500ms");
             DatagramClient p2 = DatagramClient.validated(server.udpPort(), "p2")) {
            p2.send("p2 : hello");
            p2.expect("* you are p2");
            p2.receiveUntil(d -> d.startsWith("* you are in lobby"));
            for (int i = 0; i < 12; i++) { // three times the idle time
                Thread.sleep(150);
                p2.send("p2 : /nick other");
                p2.expect("! /nick is not available over UDP: the NAME in NAME : TEXT is your name");
            }
            p2.send("p2 : still here");
            assertThat(p2.silentFor(100)).isTrue(); // no bye: still a member, and no echo
            assertThat(server.server().chat().hub().find("p2")).isNotNull();
            p2.receiveUntil("* bye p2 (idle)"::equals); // once it goes quiet
        }
    }
}
