package io.parley.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.parley.protocol.AddressedLine;
import io.parley.protocol.ClientLine;
import io.parley.protocol.ClientLineDecoder;
import io.parley.protocol.ControlCharacters;
import io.parley.protocol.DatagramLineDecoder;
import io.parley.protocol.LineFraming;
import io.parley.protocol.LockStepAnswers;
import io.parley.protocol.Names;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Feeds arbitrary bytes, in arbitrary pieces, through the TCP inbound stages. Whatever comes in,
 * the decoders never throw, every frame is released, and no control character survives into a
 * name or text. In a normal test run this replays the stored inputs (a short run); with
 * {@code JAZZER_FUZZ=1} it fuzzes (see docs/operations.md).
 */
class DecoderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void tcpLineStagesSurviveAnyBytes(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(LineFraming.newFrameDecoder(64, 300), new LockStepAnswers(),
                ClientLineDecoder.INSTANCE);
        int offset = 0;
        int piece = 1;
        while (offset < input.length) {
            int len = Math.min(input.length - offset, piece);
            channel.writeInbound(Unpooled.copiedBuffer(input, offset, len));
            offset += len;
            piece = piece * 3 % 17 + 1; // vary where packets split lines
            if (piece % 5 == 0) {
                // and sometimes pause, so that the pause ends lines too (lock-step)
                channel.advanceTimeBy(300, TimeUnit.MILLISECONDS);
                channel.runScheduledPendingTasks();
            }
        }
        for (Object out; (out = channel.readInbound()) != null; ) {
            assertThat(out).isInstanceOf(ClientLine.class);
            checkClean((ClientLine) out);
        }
        assertThat(channel.isActive()).isTrue();
        channel.finishAndReleaseAll();
    }

    @FuzzTest(maxDuration = "30s")
    void datagramDecoderSurvivesAnyDatagram(byte[] input) {
        InetSocketAddress sender = new InetSocketAddress("127.0.0.1", 40000);
        EmbeddedChannel channel = new EmbeddedChannel(new DatagramLineDecoder(64));
        channel.writeInbound(new DatagramPacket(Unpooled.copiedBuffer(input),
                new InetSocketAddress("127.0.0.1", 9090), sender));
        AddressedLine out = channel.readInbound();
        assertThat(out.sender()).isEqualTo(sender);
        checkClean(out.line());
        if (!(out.line() instanceof ClientLine.Invalid)) {
            assertThat(Names.isValid(out.name())).as("name %s", out.name()).isTrue();
        }
        assertThat((Object) channel.readInbound()).isNull();
        channel.finishAndReleaseAll();
    }

    private static void checkClean(ClientLine line) {
        if (line instanceof ClientLine.Said said) {
            noControls(said.text());
            if (said.name() != null) {
                noControls(said.name());
                assertThat(said.name()).doesNotContain(" ");
            }
        } else if (line instanceof ClientLine.Command command) {
            noControls(command.verb());
            noControls(command.args());
        }
    }

    private static void noControls(String s) {
        assertThat(s.chars().noneMatch(ControlCharacters::isStripped)).as("control character in %s", s).isTrue();
    }
}
