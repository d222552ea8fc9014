package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.CharsetUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Framing by line end and by pause, with the channel's clock moved by hand. */
class LineFrameDecoderTest {
    private static final long PAUSE_MILLIS = 300;
    /** What reached the next stage: lines as text, user events, too-long reports, in order. */
    private final List<Object> seen = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            LineFraming.newFrameDecoder(16, PAUSE_MILLIS), new Recorder());

    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            seen.add(frame.toString(CharsetUtil.UTF_8));
            frame.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            seen.add(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            seen.add(cause instanceof TooLongFrameException ? "TOO LONG" : cause);
        }
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private void write(String s) {
        channel.writeInbound(Unpooled.copiedBuffer(s, CharsetUtil.UTF_8));
    }

    private void advance(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void linesEndingInNewlineAreFramedAtOnceWithoutTheirEnd() {
        write("a : 1\nb : 2\r\nc");
        assertThat(seen).containsExactly("a : 1", "b : 2");
        write(" : 3\n");
        assertThat(seen).containsExactly("a : 1", "b : 2", "c : 3");
    }

    @Test
    void theLockStepAnswersStageIsAddedBehindTheDecoderOnlyWhenTheConnectionTurnsLockStep() {
        write("alice : hi\n");
        write("alice : again\n");
        advance(PAUSE_MILLIS * 2);
        assertThat(channel.pipeline().get(LockStepAnswers.class)).isNull();
        write("bob : no end");
        advance(PAUSE_MILLIS);
        assertThat(channel.pipeline().names()).startsWith(channel.pipeline().firstContext().name(), LockStepAnswers.NAME);
        assertThat(seen).containsExactly("alice : hi", "alice : again", LineMode.LOCK_STEP, "bob : no end");
        write("line ends\n");
        write("and again");
        advance(PAUSE_MILLIS);
        assertThat(channel.pipeline().toMap().values().stream().filter(LockStepAnswers.class::isInstance)).hasSize(1);
    }

    @Test
    void aDecoderThatDoesNotAddTheStageLeavesThePipelineAlone() {
        EmbeddedChannel bare = new EmbeddedChannel(new LineFrameDecoder(16, TimeUnit.MILLISECONDS.toNanos(PAUSE_MILLIS), false));
        bare.writeInbound(Unpooled.copiedBuffer("no line end", CharsetUtil.UTF_8));
        bare.advanceTimeBy(PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        bare.runScheduledPendingTasks();
        assertThat(((LineFrameDecoder) bare.pipeline().first()).mode()).isEqualTo(LineMode.LOCK_STEP);
        assertThat(bare.pipeline().get(LockStepAnswers.class)).isNull();
        bare.finishAndReleaseAll();
    }

    @Test
    void anUnterminatedLineIsCompleteAfterThePauseAndTheConnectionTurnsLockStep() {
        write("alice : hi");
        advance(PAUSE_MILLIS - 1);
        assertThat(seen).isEmpty();
        advance(1);
        assertThat(seen).containsExactly(LineMode.LOCK_STEP, "alice : hi");
        write("how are you");
        advance(PAUSE_MILLIS);
        assertThat(seen).containsExactly(LineMode.LOCK_STEP, "alice : hi", "how are you");
        assertThat(((LineFrameDecoder) channel.pipeline().first()).mode()).isEqualTo(LineMode.LOCK_STEP);
    }

    @Test
    void eachArrivalStartsThePauseAgain() {
        write("q");
        advance(200);
        write("ui");
        advance(200);
        write("t");
        advance(PAUSE_MILLIS - 1);
        assertThat(seen).isEmpty();
        advance(1);
        assertThat(seen).containsExactly(LineMode.LOCK_STEP, "quit");
    }

    @Test
    void aLoneQWithoutLineEndIsALine() {
        write("q");
        advance(PAUSE_MILLIS);
        assertThat(seen).containsExactly(LineMode.LOCK_STEP, "q");
    }

    @Test
    void aCarriageReturnBeforeThePauseIsDropped() {
        write("hello\r");
        advance(PAUSE_MILLIS);
        assertThat(seen).containsExactly(LineMode.LOCK_STEP, "hello");
    }

    @Test
    void aLineEndAfterLockStepMakesTheConnectionStreamingAgain() {
        write("one");
        advance(PAUSE_MILLIS);
        write("two\nthree\n");
        assertThat(seen).containsExactly(LineMode.LOCK_STEP, "one", LineMode.STREAMING, "two", "three");
    }

    @Test
    void nothingIsCompletedByThePauseWhenNothingIsWaiting() {
        write("whole\n");
        advance(10 * PAUSE_MILLIS);
        assertThat(seen).containsExactly("whole");
    }

    @Test
    void anOverlongUnterminatedLineIsReportedOnceAndEndsWithThePause() {
        write("x".repeat(10));
        write("y".repeat(10));
        assertThat(seen).containsExactly("TOO LONG");
        write("z".repeat(30));
        advance(PAUSE_MILLIS);
        write("short");
        advance(PAUSE_MILLIS);
        assertThat(seen).containsExactly("TOO LONG", LineMode.LOCK_STEP, "short");
    }

    @Test
    void anOverlongTerminatedLineIsReportedInItsPlace() {
        write("ok\n" + "x".repeat(20) + "\nafter\n");
        assertThat(seen).containsExactly("ok", "TOO LONG", "after");
    }

    @Test
    void aLineArrivingByteByByteIsFramedWhole() {
        EmbeddedChannel wide = new EmbeddedChannel(LineFraming.newFrameDecoder(1 << 20, 0));
        String line = "x".repeat(5000) + "\r\n" + "tail";
        for (int i = 0; i < line.length(); i++) {
            wide.writeInbound(Unpooled.copiedBuffer(line.substring(i, i + 1), CharsetUtil.UTF_8));
        }
        ByteBuf frame = wide.readInbound();
        assertThat(frame.toString(CharsetUtil.UTF_8)).isEqualTo("x".repeat(5000));
        frame.release();
        wide.writeInbound(Unpooled.copiedBuffer("!\n", CharsetUtil.UTF_8));
        frame = wide.readInbound();
        assertThat(frame.toString(CharsetUtil.UTF_8)).isEqualTo("tail!");
        frame.release();
        wide.finishAndReleaseAll();
    }

    @Test
    void withoutAPauseOnlyALineEndEndsALine() {
        EmbeddedChannel plain = new EmbeddedChannel(LineFraming.newFrameDecoder(16, 0));
        plain.writeInbound(Unpooled.copiedBuffer("no end", CharsetUtil.UTF_8));
        plain.advanceTimeBy(1, TimeUnit.HOURS);
        plain.runScheduledPendingTasks();
        assertThat((Object) plain.readInbound()).isNull();
        plain.finishAndReleaseAll();
    }

    @Test
    void closingCancelsThePause() {
        write("half a line");
        channel.close();
        advance(PAUSE_MILLIS);
        assertThat(seen).isEmpty();
    }
}
