package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's --name follows the server's name rules: folded the same, refused the same. */
@Timeout(60)
class ClientNamesTest {
    private RunningServer server;
    private LineClient carol;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start();
        carol = LineClient.named(server.port(), "carol");
    }

    @AfterEach
    void stop() throws IOException {
        carol.close();
        server.close();
    }

    @Test
    void aFullwidthNameIsTheNameItFoldsTo() throws Exception {
        ScriptedClient dave = ScriptedClient.run(List.of("hi", "q"), "--name", "ｄａｖｅ", "--port", "" + server.port());
        assertThat(dave.exitCode()).isZero();
        carol.expect("* dave joined lobby");
        carol.expect("dave : hi");
        assertThat(dave.outLines()).contains("* you are dave");
    }

    @Test
    void namesTheServerWouldRefuseAreRefusedOnTheCommandLine() throws Exception {
        for (String name : List.of("аlice", "alice\u3164", "\u01C3bob", "Ωmega")) {
            ScriptedClient bad = ScriptedClient.run(List.of(), "--name", name, "--port", "" + server.port());
            assertThat(bad.exitCode()).as(name).isEqualTo(2);
            assertThat(bad.err()).contains("invalid name");
        }
    }

    @Test
    void aLookAlikeOfAHeldNameIsRefusedBySayingWhichItLooksLike() throws Exception {
        ScriptedClient impostor = ScriptedClient.run(List.of("hi"), "--name", "caroI", "--port", "" + server.port());
        assertThat(impostor.exitCode()).isEqualTo(2);
        assertThat(impostor.err()).contains("refused the name caroI: name caroI is taken (it looks like carol)");
        assertThat(carol.silentFor(300)).isTrue();
    }
}
