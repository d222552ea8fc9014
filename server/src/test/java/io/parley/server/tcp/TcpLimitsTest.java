package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.limits.FloodControl;
import org.junit.jupiter.api.Test;

/** Flood control, the name deadline and the idle timeout on a TCP session, on controlled clocks. */
class TcpLimitsTest {

    @Test
    void floodIsRefusedThenDisconnected() {
        try (EmbeddedChat chat = new EmbeddedChat("--rate-limit", "5", "--rate-burst", "10")) {
            EmbeddedChat.Conn bob = chat.named("bob");
            EmbeddedChat.Conn eve = chat.named("eve");
            bob.lines();
            for (int i = 0; i < 9; i++) { // the /nick took one token of the burst
                eve.send("m" + i);
            }
            eve.send("one too many");
            assertThat(eve.lines()).containsExactly(
                    "! slow down: at most 5 lines a second after a burst of 10; line discarded");
            assertThat(bob.lines()).hasSize(9).doesNotContain("eve : one too many");
            chat.nanos.addAndGet(200_000_000L);
            eve.send("after a pause");
            assertThat(bob.lines()).containsExactly("eve : after a pause");
            StringBuilder flood = new StringBuilder(); // in one packet: lines still in flight at the cut
            for (int i = 0; i < FloodControl.MAX_REFUSED_IN_A_ROW + 5; i++) {
                flood.append("flood ").append(i).append('\n');
            }
            eve.sendRaw(flood.toString());
            assertThat(eve.lines()).hasSize(FloodControl.MAX_REFUSED_IN_A_ROW + 1)
                    .endsWith("! flooding: disconnecting");
            assertThat(eve.channel.isActive()).isFalse();
            assertThat(bob.lines()).containsExactly("* eve left (flooding)");
        }
    }

    @Test
    void quitIsNeverRateLimited() {
        try (EmbeddedChat chat = new EmbeddedChat("--rate-limit", "1", "--rate-burst", "1")) {
            EmbeddedChat.Conn eve = chat.named("eve");
            eve.send("spent");
            eve.send("/quit");
            assertThat(eve.lines()).contains("* bye eve");
            assertThat(eve.channel.isActive()).isFalse();
        }
    }

    @Test
    void unnamedConnectionIsClosedAtTheNameDeadline() {
        try (EmbeddedChat chat = new EmbeddedChat("--name-timeout", "30s")) {
            EmbeddedChat.Conn unnamed = chat.connect();
            EmbeddedChat.Conn named = chat.named("bob");
            chat.advance(29_000);
            assertThat(unnamed.channel.isActive()).isTrue();
            chat.advance(1_000);
            assertThat(unnamed.lines()).containsExactly("! no name claimed within 30s; disconnecting");
            assertThat(unnamed.channel.isActive()).isFalse();
            assertThat(named.channel.isActive()).isTrue();
        }
    }

    @Test
    void silentConnectionIsClosedAtTheIdleTimeoutAndPingKeepsItOpen() {
        try (EmbeddedChat chat = new EmbeddedChat("--idle-timeout", "5m")) {
            EmbeddedChat.Conn bob = chat.named("bob");
            EmbeddedChat.Conn quiet = chat.named("quiet");
            EmbeddedChat.Conn pinger = chat.named("pinger");
            bob.lines();
            for (int minute = 0; minute < 6; minute++) {
                chat.advance(59_000);
                pinger.send("/ping");
                bob.send("/ping");
            }
            assertThat(pinger.channel.isActive()).isTrue();
            assertThat(quiet.lines()).endsWith("! idle too long; disconnecting");
            assertThat(quiet.channel.isActive()).isFalse();
            assertThat(bob.lines()).contains("* quiet left (idle)");
        }
    }
}
