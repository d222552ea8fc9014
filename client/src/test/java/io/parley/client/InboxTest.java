package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class InboxTest {

    @Test
    void readingPausesWhileTheSessionIsFarBehindAndResumesWhenItCatchesUp() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        Inbox inbox = new Inbox();
        for (int i = 0; i < Inbox.PAUSE_AT - 1; i++) {
            inbox.fromNetwork(channel, new SessionEvent.Received("line " + i));
        }
        assertThat(channel.config().isAutoRead()).isTrue();
        inbox.fromNetwork(channel, new SessionEvent.Received("one too many"));
        assertThat(channel.config().isAutoRead()).isFalse();

        int taken = 0;
        while (taken < Inbox.PAUSE_AT - Inbox.RESUME_AT - 1) {
            assertThat(inbox.poll(0)).isEqualTo(new SessionEvent.Received("line " + taken));
            taken++;
        }
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isFalse(); // still more than RESUME_AT waiting

        inbox.poll(0);
        channel.runPendingTasks(); // resuming runs on the channel's event loop
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void pollReturnsNullWhenNothingArrives() throws Exception {
        Inbox inbox = new Inbox();
        assertThat(inbox.poll(1_000_000)).isNull();
        inbox.add(new SessionEvent.InputEnded());
        assertThat(inbox.poll(Long.MAX_VALUE)).isEqualTo(new SessionEvent.InputEnded());
    }
}
