package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContextBuilder;
import io.parley.protocol.ClientLineDecoder;
import io.parley.protocol.LineFraming;
import io.parley.protocol.LockStepAnswers;
import io.parley.server.PipelineNames;
import io.parley.server.metrics.ConnectionMetricsHandler;
import io.parley.server.metrics.ServerMetrics;
import io.parley.protocol.Transports;
import io.parley.server.admin.Prometheus;
import io.parley.server.chat.Member;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On epoll, a member's send buffer goes to its socket without the pipeline when the channel has
 * nothing queued (see TcpMember): every line arrives once and in order, also when the socket takes
 * only part of a flush and the rest waits in the channel, and the bytes are counted exactly once.
 * A probe put between the socket and the line encoder after the member was made shows which bytes
 * passed the pipeline.
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

    /** Puts a probe of the pipeline's writes just above the byte counter of {@code member}'s channel. */
    private static Probe probe(TcpMember member) {
        Probe probe = new Probe();
        member.channel.pipeline().addAfter(PipelineNames.CONNECTION_METRICS, "probe", probe);
        return probe;
    }

    /** Records the writes that pass it. */
    private static final class Probe extends ChannelOutboundHandlerAdapter {
        final List<String> writes = new CopyOnWriteArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf buf) {
                writes.add(buf.toString(StandardCharsets.UTF_8));
            }
            ctx.write(msg, promise);
        }
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
            TcpMember member = member(server, "bob");
            assertThat(member.sendsDirectly()).as("plain TCP on epoll sends directly").isTrue();
            Probe probe = probe(member);
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
            assertThat(probe.writes).as("only the reply passed the pipeline").containsExactly("* pong\n");
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
            Probe probe = probe(member);
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
                alice.send("/ping"); // a pause, so that bob's loop can flush what it has
                alice.expect("* pong");
                received += lineBytes("* pong");
            }
            assertThat(queue.totalPendingWriteBytes()).as("the channel holds what the socket did not take")
                    .isPositive();
            assertThat(probe.writes).as("what the socket did not take went to the channel")
                    .anyMatch(w -> w.contains(FILL));
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

    @Test
    void aMemberSentLinesOftenKeepsItsBufferAndFreesItSoonAfterTheyStop() throws Exception {
        try (RunningServer server = start();
             LineClient alice = LineClient.named(server.port(), "alice");
             LineClient bob = LineClient.named(server.port(), "bob")) {
            alice.readUntil("* bob joined lobby"::equals);
            TcpMember member = member(server, "bob");
            // One line every 10 ms: each flush is one direct send, well within 100 ms of the last.
            // The same buffer must stay across the loop's checks (once a second) for 1.5 s; a pause
            // of the machine longer than 100 ms may free it, so a new one starts the count again.
            ByteBuf kept = null;
            long keptSince = 0;
            long longest = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            for (int i = 0; longest < TimeUnit.MILLISECONDS.toNanos(1500) && System.nanoTime() < deadline; i++) {
                alice.send("paced " + i);
                assertThat(bob.readLine()).isEqualTo("alice : paced " + i);
                ByteBuf now = onLoop(member, member::sendBuffer);
                if (now == null || now != kept) {
                    kept = now;
                    keptSince = System.nanoTime();
                } else {
                    longest = Math.max(longest, System.nanoTime() - keptSince);
                }
                Thread.sleep(10);
            }
            assertThat(longest).as("one buffer kept across the loop's checks while lines come often")
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1500));
            long freedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(4); // two checks and slack
            while (onLoop(member, member::sendBuffer) != null && System.nanoTime() < freedBy) {
                Thread.sleep(50);
            }
            assertThat(onLoop(member, member::sendBuffer)).as("freed once the lines stopped").isNull();
            alice.send("later");
            assertThat(bob.readLine()).isEqualTo("alice : later");
        }
    }

    private static <T> T onLoop(TcpMember member, Callable<T> task) throws Exception {
        return member.channel.eventLoop().submit(task).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLockStepClientStopsSendingDirectlyAndStillGetsItsLines() throws Exception {
        assumeTrue(Transports.EPOLL.unavailabilityCause() == null, "epoll does not load on this machine");
        try (RunningServer server = RunningServer.start("--transport", "epoll", "--rate-limit", "0",
                "--line-pause", "100ms");
             LineClient bob = LineClient.named(server.port(), "bob");
             LineClient carol = LineClient.connect(server.port())) {
            // No line end: lock-step. The welcome was the answer to this line; what it brings
            // waits for the next one.
            carol.sendRaw("/nick carol".getBytes(StandardCharsets.UTF_8));
            bob.readUntil("* carol joined lobby"::equals);
            assertThat(member(server, "carol").sendsDirectly()).as("its answers pass LockStepAnswers").isFalse();
            bob.send("hello carol");
            bob.send("/ping");
            bob.expect("* pong"); // bob's line has been delivered
            carol.sendRaw("/ping".getBytes(StandardCharsets.UTF_8));
            carol.expect("* you are carol");
            carol.readUntil(l -> l.startsWith("* you are in "));
            carol.expect("bob : hello carol");
            carol.expect("* pong");
        }
    }

    @Test
    void onlyAPipelineWithNothingButTheByteCounterBelowTheEncoderSendsDirectly() throws Exception {
        EmbeddedChannel plain = linePipeline();
        assertThat(TcpMember.onlyCountedBelowEncoder(plain.pipeline())).as("plain TCP").isTrue();

        EmbeddedChannel tls = linePipeline();
        tls.pipeline().addAfter(PipelineNames.CONNECTION_METRICS, PipelineNames.TLS,
                SslContextBuilder.forClient().build().newHandler(tls.alloc()));
        assertThat(TcpMember.onlyCountedBelowEncoder(tls.pipeline())).as("TLS").isFalse();

        EmbeddedChannel lockStep = linePipeline();
        lockStep.pipeline().addAfter(PipelineNames.FRAME_DECODER, LockStepAnswers.NAME, new LockStepAnswers());
        assertThat(TcpMember.onlyCountedBelowEncoder(lockStep.pipeline())).as("lock-step").isFalse();

        EmbeddedChannel other = linePipeline();
        other.pipeline().addFirst("other", new ChannelOutboundHandlerAdapter());
        assertThat(TcpMember.onlyCountedBelowEncoder(other.pipeline())).as("any other outbound stage").isFalse();

        EmbeddedChannel above = linePipeline();
        above.pipeline().addLast("above", new ChannelOutboundHandlerAdapter());
        assertThat(TcpMember.onlyCountedBelowEncoder(above.pipeline())).as("a stage above the encoder").isTrue();

        EmbeddedChannel noEncoder = new EmbeddedChannel();
        assertThat(TcpMember.onlyCountedBelowEncoder(noEncoder.pipeline())).as("not the line pipeline").isFalse();

        for (EmbeddedChannel c : List.of(plain, tls, lockStep, other, above, noEncoder)) {
            c.finishAndReleaseAll();
        }
    }

    /** The stages of TcpChatInitializer's plain TCP pipeline up to the line encoder. */
    private static EmbeddedChannel linePipeline() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline()
                .addLast(PipelineNames.CONNECTION_METRICS,
                        new ConnectionMetricsHandler(ServerMetrics.disabled().transport("tcp")))
                .addLast(PipelineNames.FRAME_DECODER, LineFraming.newFrameDecoder(1024, 0))
                .addLast(PipelineNames.LINE_DECODER, ClientLineDecoder.INSTANCE)
                .addLast(PipelineNames.LINE_ENCODER, LineFraming.ENCODER);
        return channel;
    }
}
