package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.CharsetUtil;
import io.parley.protocol.LineFraming;
import io.parley.protocol.ServerLine;
import io.parley.server.PipelineNames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The TCP member's send buffer: room lines are appended to one buffer per member and reach the
 * channel as one write per flush, in order, behind nothing and ahead of later replies; the send
 * queue limit counts them; nothing leaks when the connection goes first.
 */
class TcpMemberSendBufferTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final TcpMember member;

    TcpMemberSendBufferTest() {
        channel.pipeline().addLast(PipelineNames.LINE_ENCODER, LineFraming.ENCODER);
        member = new TcpMember(channel);
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** Writes a line as a room does: a shared buffer the caller keeps and releases. */
    private void roomLine(String line) {
        ByteBuf shared = ServerLine.encode(PooledByteBufAllocator.DEFAULT, line);
        try {
            member.write(shared);
            assertThat(shared.refCnt()).as("the member keeps no reference to the shared line").isEqualTo(1);
        } finally {
            shared.release();
        }
    }

    /** What the channel was given: one string per write. */
    private List<String> writes() {
        List<String> out = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            out.add(buf.toString(CharsetUtil.UTF_8));
            buf.release();
        }
        return out;
    }

    @Test
    void linesOfOneIterationLeaveAsOneWriteInOrder() {
        for (int i = 0; i < 100; i++) {
            roomLine("alice : line " + i);
        }
        assertThat(writes()).as("nothing goes out before the flush").isEmpty();
        member.flush();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            expected.append("alice : line ").append(i).append('\n');
        }
        assertThat(writes()).containsExactly(expected.toString());
        member.flush();
        assertThat(writes()).as("a second flush with nothing new writes nothing").isEmpty();
    }

    @Test
    void replyFollowsTheRoomLinesQueuedBeforeIt() {
        roomLine("alice : first");
        roomLine("* bob joined lobby");
        member.send(ServerLine.notice("pong"));
        roomLine("alice : after the reply");
        member.flush();
        assertThat(String.join("", writes()))
                .isEqualTo("alice : first\n* bob joined lobby\n* pong\nalice : after the reply\n");
    }

    @Test
    void closeSendsWhatWasQueuedFirst() {
        roomLine("alice : last words");
        member.close();
        assertThat(String.join("", writes())).isEqualTo("alice : last words\n");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void readerPastTheSendQueueIsCutOffAfterTheLinesThatFit() {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1024, 2048));
        String pad = "x".repeat(90); // lines of 100 bytes
        for (int i = 0; i < 50; i++) {
            roomLine(String.format("m : %03d %s", i, pad));
        }
        List<String> lines = List.of(String.join("", writes()).split("\n"));
        assertThat(lines.get(lines.size() - 1)).startsWith("! send queue exceeded");
        List<String> delivered = lines.subList(0, lines.size() - 1);
        assertThat(delivered).hasSizeBetween(20, 21); // 2048 bytes of 100-byte lines, the limit reached
        for (int i = 0; i < delivered.size(); i++) {
            assertThat(delivered.get(i)).startsWith(String.format("m : %03d ", i));
        }
        assertThat(channel.isActive()).as("closed once the notice is out").isFalse();
        roomLine("m : after the cut-off");
        member.flush();
        assertThat(writes()).isEmpty();
    }

    @Test
    void readerWhoseChannelIsAlreadyFullIsCutOffAtTheNextLine() {
        roomLine("alice : fits");
        member.flush();
        member.writabilityChanged(false); // as the pipeline reports a queue past its high water mark
        roomLine("alice : does not fit");
        member.flush();
        assertThat(String.join("", writes())).startsWith("alice : fits\n! send queue exceeded");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void queuedLinesAreFreedWhenTheConnectionGoesFirst() {
        roomLine("alice : never sent");
        channel.close();
        member.flush(); // the flusher runs after the close: it frees the buffer (the leak check proves it)
        assertThat(writes()).isEmpty();
        roomLine("alice : after the close");
        member.closed();
    }
}
