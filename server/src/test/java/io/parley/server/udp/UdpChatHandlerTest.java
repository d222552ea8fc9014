package io.parley.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.parley.server.ServerConfig;
import io.parley.server.chat.ChatHub;
import io.parley.server.limits.AddressBlocks;
import io.parley.server.limits.ConnectionLimiter;
import io.parley.server.limits.FloodControl;
import io.parley.server.chat.ChatService;
import io.parley.server.tcp.TcpChatInitializer;
import io.parley.server.testing.MutableClock;
import io.parley.server.time.TimeTeller;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.parley.server.testing.DatagramClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The UDP chat stage on an EmbeddedChannel, sharing one chat with TCP connections; both addresses validated. */
class UdpChatHandlerTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 9090);
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 40001);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 40002);
    private static final Duration IDLE = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T20:15:30Z"), ZoneId.of("UTC"));
    private final ChatService chat = new ChatService(new ChatHub(PooledByteBufAllocator.DEFAULT),
            new FloodControl(0, 1, System::nanoTime), new TimeTeller(clock), false);
    private final ServerConfig tcpConfig = ServerConfig.parse();
    private final EmbeddedChannel udp = new EmbeddedChannel(new UdpChatInitializer(chat, clock, 1400, IDLE, 1000));
    private final UdpChatHandler handler = udp.pipeline().get(UdpChatHandler.class);
    private final Map<InetSocketAddress, List<String>> received = new HashMap<>();
    private final List<EmbeddedChannel> tcp = new ArrayList<>();

    /** Both addresses echo their tokens first, as Parley's client does: lines then come as they happen. */
    @BeforeEach
    void validateBothAddresses() {
        validate(A);
        validate(B);
    }

    private void validate(InetSocketAddress from) {
        send(from, DatagramClient.padded("v : /validate"));
        String token = datagrams(from).get(0).substring("* validate ".length());
        send(from, "v : /validate " + token);
        assertThat(datagrams(from)).containsExactly("* validated");
    }

    @AfterEach
    void close() {
        udp.finishAndReleaseAll();
        tcp.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    /** Runs every queued delivery and flush, on all channels. */
    private void settle() {
        for (int round = 0; round < 3; round++) {
            udp.runPendingTasks();
            tcp.forEach(EmbeddedChannel::runPendingTasks);
        }
    }

    private void send(InetSocketAddress from, String text) {
        sendRaw(from, text.getBytes(CharsetUtil.UTF_8));
    }

    private void sendRaw(InetSocketAddress from, byte[] bytes) {
        udp.writeInbound(new DatagramPacket(Unpooled.copiedBuffer(bytes), SERVER, from));
        settle();
    }

    /** The datagrams sent to {@code to} since the last call. Each must be one line, no line end. */
    private List<String> datagrams(InetSocketAddress to) {
        settle();
        for (DatagramPacket p; (p = udp.readOutbound()) != null; ) {
            String text = p.content().toString(CharsetUtil.UTF_8);
            p.release();
            assertThat(text).doesNotContain("\n");
            received.computeIfAbsent(p.recipient(), k -> new ArrayList<>()).add(text);
        }
        List<String> list = received.remove(to);
        return list == null ? List.of() : list;
    }

    private EmbeddedChannel tcpNamed(String name) {
        EmbeddedChannel c = new EmbeddedChannel(new TcpChatInitializer(chat,
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), tcpConfig,
                new ConnectionLimiter(0, 100, AddressBlocks.parse("none"), reason -> { })));
        tcp.add(c);
        tcpSend(c, "/nick " + name);
        lines(c);
        return c;
    }

    private void tcpSend(EmbeddedChannel c, String line) {
        c.writeInbound(Unpooled.copiedBuffer(line + "\n", CharsetUtil.UTF_8));
        settle();
    }

    private List<String> lines(EmbeddedChannel c) {
        settle();
        StringBuilder all = new StringBuilder();
        for (ByteBuf b; (b = c.readOutbound()) != null; ) {
            all.append(b.toString(CharsetUtil.UTF_8));
            b.release();
        }
        List<String> out = new ArrayList<>();
        for (String l : all.toString().split("\n")) {
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    @Test
    void firstDatagramClaimsTheNameJoinsTheLobbyAndIsRelayed() {
        EmbeddedChannel bob = tcpNamed("bob");
        send(A, "alice : hello : world\n");
        assertThat(datagrams(A)).containsExactly("* you are alice", "* you are in lobby with 1 other");
        assertThat(lines(bob)).containsExactly("* alice joined lobby", "alice : hello : world");
        assertThat(chat.hub().find("alice")).isNotNull();
    }

    @Test
    void tcpMessagesAndNoticesReachUdpMembers() {
        EmbeddedChannel bob = tcpNamed("bob");
        send(A, "alice : hi");
        datagrams(A);
        tcpSend(bob, "hello alice");
        EmbeddedChannel carol = tcpNamed("carol");
        assertThat(datagrams(A)).containsExactly("bob : hello alice", "* carol joined lobby");
        send(B, "dave : hi all");
        assertThat(datagrams(A)).containsExactly("* dave joined lobby", "dave : hi all");
        assertThat(lines(carol)).containsExactly("* dave joined lobby", "dave : hi all");
        assertThat(datagrams(B)).containsExactly("* you are dave", "* you are in lobby with 3 others");
    }

    @Test
    void laterDatagramsMustCarryTheSameName() {
        EmbeddedChannel bob = tcpNamed("bob");
        send(A, "alice : hi");
        datagrams(A);
        lines(bob);
        send(A, "ALICE : any case will do");
        send(A, "mallory : not me");
        assertThat(datagrams(A)).containsExactly("! you are alice; lines may not carry another name");
        assertThat(lines(bob)).containsExactly("alice : any case will do");
    }

    @Test
    void aNameHeldOverTcpCannotBeUsedFromUdp() {
        EmbeddedChannel alice = tcpNamed("alice");
        send(A, "Alice : pretending");
        assertThat(datagrams(A)).containsExactly("! name Alice is taken");
        assertThat(lines(alice)).isEmpty();
        assertThat(handler.memberCount()).isZero();
    }

    @Test
    void aNameHeldOverUdpCannotBeUsedFromTcpOrAnotherAddress() {
        send(A, "alice : hi");
        datagrams(A);
        EmbeddedChannel other = tcpNamed("zed");
        tcpSend(other, "/nick alice");
        assertThat(lines(other)).containsExactly("! name alice is taken");
        send(B, "alice : me too");
        assertThat(datagrams(B)).containsExactly("! name alice is taken");
        assertThat(datagrams(A)).containsExactly("* zed joined lobby"); // and not "me too"
        assertThat(lines(other)).isEmpty();
        assertThat(handler.memberCount()).isEqualTo(1);
    }

    @Test
    void qLeavesAtOnceAndFreesTheName() {
        EmbeddedChannel bob = tcpNamed("bob");
        send(A, "alice : hi");
        datagrams(A);
        lines(bob);
        send(A, "alice : q");
        assertThat(datagrams(A)).containsExactly("* bye alice");
        assertThat(lines(bob)).containsExactly("* alice left (quit)");
        assertThat(handler.memberCount()).isZero();
        assertThat(chat.hub().find("alice")).isNull();
        send(B, "alice : back from another address");
        assertThat(datagrams(B)).containsExactly("* you are alice", "* you are in lobby with 1 other");
    }

    @Test
    void slashQuitAsTheFirstDatagramJoinsAndLeaves() {
        EmbeddedChannel bob = tcpNamed("bob");
        send(A, "alice : /quit");
        assertThat(datagrams(A)).containsExactly("* you are alice", "* you are in lobby with 1 other", "* bye alice");
        assertThat(lines(bob)).containsExactly("* alice joined lobby", "* alice left (quit)");
        assertThat(handler.memberCount()).isZero();
    }

    @Test
    void commandsWorkAsOverTcp() {
        EmbeddedChannel bob = tcpNamed("bob");
        send(A, "alice : /who");
        assertThat(datagrams(A)).containsExactly("* you are alice", "* you are in lobby with 1 other",
                "* in lobby (2): alice, bob");
        lines(bob);
        send(A, "alice : /msg bob psst");
        assertThat(lines(bob)).containsExactly("@alice : psst");
        send(A, "alice : /ping");
        send(A, "alice : /time %H:%M %Z");
        send(A, "alice : /rooms");
        assertThat(datagrams(A)).containsExactly("* pong", "* 20:15 UTC", "* rooms: lobby (2)");
        send(A, "alice : /join dev");
        assertThat(datagrams(A)).containsExactly("* you are in dev with 0 others");
        assertThat(lines(bob)).containsExactly("* alice left for dev");
        tcpSend(bob, "/msg alice welcome to dev");
        assertThat(datagrams(A)).containsExactly("@bob : welcome to dev");
        send(A, "alice : /bogus");
        assertThat(datagrams(A)).containsExactly("! unknown command /bogus; /help lists commands");
    }

    @Test
    void nickIsRefusedBecauseThePrefixIsTheName() {
        send(A, "alice : /nick bob");
        assertThat(datagrams(A)).containsExactly(
                "! /nick is not available over UDP: the NAME in NAME : TEXT is your name");
        assertThat(handler.memberCount()).isZero();
        send(A, "alice : hi");
        send(A, "alice : /NICK bob");
        assertThat(datagrams(A)).containsExactly("* you are alice", "* you are in lobby with 0 others",
                "! /nick is not available over UDP: the NAME in NAME : TEXT is your name");
        assertThat(chat.hub().find("alice")).isNotNull();
        assertThat(chat.hub().find("bob")).isNull();
    }

    @Test
    void eachMalformedDatagramGetsOneErrorAndNothingElseHappens() {
        EmbeddedChannel bob = tcpNamed("bob");
        send(A, "no separator here");
        send(A, "b/ad : name");
        sendRaw(A, new byte[] {'a', ' ', ':', ' ', (byte) 0xC3, (byte) 0x28});
        sendRaw(A, ("alice : " + "x".repeat(1400)).getBytes(CharsetUtil.UTF_8));
        assertThat(datagrams(A)).containsExactly(
                "! expected NAME : TEXT",
                "! invalid name: 1 to 32 letters, digits, _ - or .",
                "! invalid UTF-8, datagram discarded",
                "! datagram too long (over 1400 bytes), discarded");
        assertThat(lines(bob)).isEmpty();
        assertThat(handler.memberCount()).isZero();
    }

    @Test
    void aMemberSilentForTheIdleTimeIsDropped() {
        EmbeddedChannel bob = tcpNamed("bob");
        send(A, "alice : hi");
        datagrams(A);
        lines(bob);
        clock.advance(Duration.ofMinutes(4));
        send(A, "alice : /ping"); // any datagram counts as activity
        datagrams(A);
        clock.advance(IDLE.minusMillis(1));
        handler.expireIdle();
        assertThat(handler.memberCount()).isEqualTo(1);
        assertThat(lines(bob)).isEmpty();
        clock.advance(Duration.ofMillis(1));
        handler.expireIdle();
        assertThat(handler.memberCount()).isZero();
        assertThat(datagrams(A)).containsExactly("* bye alice (idle)");
        assertThat(lines(bob)).containsExactly("* alice left (idle)");
        assertThat(chat.hub().find("alice")).isNull();
    }

    @Test
    void theIdleSweepRunsPeriodicallyOnTheEventLoop() {
        send(A, "alice : hi");
        datagrams(A);
        clock.advance(IDLE);
        udp.advanceTimeBy(1, TimeUnit.SECONDS); // the sweep period for a 5m idle time
        udp.runScheduledPendingTasks();
        assertThat(datagrams(A)).containsExactly("* bye alice (idle)");
        assertThat(handler.memberCount()).isZero();
    }

    @Test
    void aBroadcastIsDroppedAndCountedWhenTheChannelCannotTakeIt() {
        EmbeddedChannel bob = tcpNamed("bob");
        send(A, "alice : hi");
        datagrams(A);
        udp.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        tcpSend(bob, "into the void");
        assertThat(handler.droppedDatagrams()).isEqualTo(1);
        udp.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        tcpSend(bob, "heard");
        assertThat(datagrams(A)).containsExactly("bob : heard");
    }

    @Test
    void closingTheChannelEndsEveryMembership() {
        EmbeddedChannel bob = tcpNamed("bob");
        send(A, "alice : hi");
        lines(bob);
        udp.close();
        settle();
        assertThat(lines(bob)).containsExactly("* alice left (server shutting down)");
        assertThat(chat.hub().find("alice")).isNull();
    }
}
