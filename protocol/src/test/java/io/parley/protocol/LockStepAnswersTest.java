package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.CharsetUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The decoder, the answers and a stand-in for the chat that answers {@code /ping} with
 * {@code * pong} and stays silent otherwise, on one EmbeddedChannel.
 */
class LockStepAnswersTest {
    private static final long PAUSE = 300;
    private final EmbeddedChannel channel = new EmbeddedChannel(
            LineFraming.newFrameDecoder(4096, PAUSE), new LockStepAnswers(), ClientLineDecoder.INSTANCE,
            LineFraming.ENCODER, new Chat());

    /** Answers /ping, ignores everything else. */
    private static final class Chat extends SimpleChannelInboundHandler<ClientLine> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ClientLine line) {
            if (line instanceof ClientLine.Command c && c.verb().equals("ping")) {
                ctx.writeAndFlush("* pong");
            }
        }
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private void send(String s) {
        channel.writeInbound(Unpooled.copiedBuffer(s, CharsetUtil.UTF_8));
    }

    private void pause() {
        channel.advanceTimeBy(PAUSE, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    /** Lines pushed by the server (a room's chat), as a broadcast writes them: encoded, unflushed. */
    private void push(String line) {
        channel.pipeline().context(LineFraming.ENCODER).write(ServerLine.encode(channel.alloc(), line));
        channel.pipeline().context(LineFraming.ENCODER).flush();
    }

    /** Each flushed write, as text: one entry per write, so an answer of many lines is one entry. */
    private List<String> writes() {
        List<String> out = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            out.add(buf.toString(CharsetUtil.UTF_8));
            buf.release();
        }
        return out;
    }

    private String answer() {
        return String.join("", writes());
    }

    @Test
    void streamingConnectionsGetEverythingAtOnce() {
        push("bob : hi");
        send("/ping\n");
        push("bob : again");
        assertThat(writes()).containsExactly("bob : hi\n", "* pong\n", "bob : again\n");
    }

    @Test
    void aLockStepConnectionGetsOneAnswerPerLineWithEverythingSinceItsLast() {
        send("/ping");
        pause(); // the welcome, already waiting, was the answer to this first line
        push("bob : hi");
        push("bob : there");
        assertThat(writes()).isEmpty();

        send("/ping");
        pause();
        assertThat(answer()).isEqualTo("* pong\nbob : hi\nbob : there\n* pong\n");

        push("bob : more");
        send("/ping");
        pause();
        assertThat(answer()).isEqualTo("bob : more\n* pong\n");
    }

    @Test
    void aLineThatGetsNothingBackIsAnsweredAnyway() {
        send("hello");
        pause();
        send("anyone?");
        pause();
        assertThat(answer()).isEqualTo(LockStepAnswers.NOTHING_NEW + "\n");
    }

    @Test
    void anAnswerHoldsTheNewestLinesThatFitAndSaysHowManyWereSkipped() {
        send("x");
        pause();
        String pad = "p".repeat(90);
        for (int i = 0; i < 30; i++) {
            push("bob : " + i + pad);
        }
        send("/ping");
        pause();
        String answer = answer();
        assertThat(answer.getBytes(CharsetUtil.UTF_8).length).isLessThanOrEqualTo(LockStepAnswers.ANSWER_BYTES);
        List<String> lines = List.of(answer.split("\n"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("* pong");
        assertThat(lines.get(lines.size() - 2)).isEqualTo("bob : 29" + pad);
        int shown = lines.size() - 2;
        assertThat(lines.get(0)).isEqualTo("* skipped " + (30 - shown) + " earlier lines");
        assertThat(shown).isBetween(5, 10);
    }

    @Test
    void aLineEndMakesTheConnectionStreamingAndSendsWhatWasHeld() {
        send("x");
        pause();
        push("bob : held");
        send("/ping\n");
        assertThat(answer()).isEqualTo("bob : held\n* pong\n");
        push("bob : live");
        assertThat(answer()).isEqualTo("bob : live\n");
    }

    @Test
    void aCloseSendsWhatIsHeldFirst() {
        send("x");
        pause();
        push("* bye alice");
        channel.close();
        assertThat(answer()).isEqualTo("* bye alice\n");
    }
}
