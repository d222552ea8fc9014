package io.parley.client;

import static io.parley.client.VirtualTerminal.CTRL_C;
import static io.parley.client.VirtualTerminal.CTRL_D;
import static io.parley.client.VirtualTerminal.ENTER;
import static io.parley.client.VirtualTerminal.PASTE_END;
import static io.parley.client.VirtualTerminal.PASTE_START;
import static io.parley.client.VirtualTerminal.TAB;
import static io.parley.client.VirtualTerminal.UP;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client in a terminal (JLine's, of a given type, over pipes; the screen read back through a
 * VT100 emulator) against a real server, with carol on plain TCP in the room.
 */
@Timeout(60)
class TerminalClientTest {
    private static final String ESC = "\u001b";
    private static final String BELL = "\u0007";

    @TempDir
    Path state;
    private RunningServer server;
    private LineClient carol;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start();
        carol = LineClient.named(server.port(), "carol");
    }

    @AfterEach
    void stop() throws Exception {
        carol.close();
        server.close();
    }

    /** alice's environment: her login name, and a state directory of the test's. */
    private Map<String, String> env(String... more) {
        Map<String, String> env = new HashMap<>(Map.of("USER", "alice", "XDG_STATE_HOME", state.toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private ScriptedClient alice(VirtualTerminal vt, Map<String, String> env, String... more) {
        List<String> args = new ArrayList<>(List.of("--port", "" + server.port(), "--keepalive", "0"));
        args.addAll(List.of(more));
        return ScriptedClient.startIn(vt, env, args.toArray(String[]::new));
    }

    private static long occurrences(String text, String of) {
        return text.split(java.util.regex.Pattern.quote(of), -1).length - 1L;
    }

    @Test
    void welcomesWithItsOwnWordsShowsYourLinesAndFollowsNameAndRoom() throws Exception {
        try (VirtualTerminal vt = new VirtualTerminal("xterm-256color", 120, 30)) {
            ScriptedClient alice = alice(vt, env()); // no --name: $USER
            vt.awaitScreen("* in lobby (2): alice, carol");
            vt.awaitLastLine("[lobby] alice>");
            carol.expect("* alice joined lobby");
            String screen = vt.screen();
            assertThat(screen).contains("* Parley at 127.0.0.1:" + server.port() + ": you are alice, in lobby with 1 other")
                    .contains("/join ROOM to change room, /msg NAME TEXT to whisper, /quit to leave")
                    .contains("* in lobby (2): alice, carol")
                    .doesNotContain("Claim a name with /nick", "* you are alice");

            vt.type("hello carol" + ENTER);
            carol.expect("alice : hello carol");
            vt.awaitScreen(" alice : hello carol");
            assertThat(vt.screen()).doesNotContain("alice> hello carol");
            assertThat(vt.screen()).containsPattern("\\d\\d:\\d\\d alice : hello carol"); // a timestamp

            vt.type("/msg carol psst" + ENTER);
            carol.expect("@alice : psst");
            vt.awaitScreen("-> carol : psst");

            vt.type("/nick alicia" + ENTER);
            carol.expect("* alice is now alicia");
            vt.awaitLastLine("[lobby] alicia>");
            vt.type("/join dev" + ENTER);
            vt.awaitLastLine("[dev] alicia>");
            vt.type("q" + ENTER);
            assertThat(alice.exitCode()).isZero();
            carol.expect("* alicia left for dev");
        }
    }

    @Test
    void mentionsAndPrivateMessagesAreHighlightedAndRingTheBell() throws Exception {
        try (VirtualTerminal vt = new VirtualTerminal("xterm-256color", 120, 30)) {
            ScriptedClient alice = alice(vt, env());
            vt.awaitLastLine("[lobby] alice>");
            carol.send("carol : no mention here");
            vt.awaitScreen("carol : no mention here");
            assertThat(vt.output()).doesNotContain(BELL);

            carol.send("carol : look, Alice");
            vt.awaitScreen("carol : look, Alice");
            assertThat(vt.output()).contains(Colours.sgr("1;7") + "Alice" + Colours.RESET).contains(BELL);
            Thread.sleep(1100); // one bell a second at most
            carol.send("/msg alice psst");
            vt.awaitScreen("@carol : psst");
            assertThat(occurrences(vt.output(), BELL)).isEqualTo(2);
            vt.type(CTRL_D);
            assertThat(alice.exitCode()).isZero();
        }
        try (VirtualTerminal vt = new VirtualTerminal("xterm-256color", 120, 30)) {
            ScriptedClient alice = alice(vt, env(), "--no-bell");
            vt.awaitLastLine("[lobby] alice>");
            carol.send("/msg alice quiet");
            vt.awaitScreen("@carol : quiet");
            assertThat(vt.output()).doesNotContain(BELL);
            vt.type(CTRL_D);
            assertThat(alice.exitCode()).isZero();
        }
    }

    @Test
    void ctrlCClearsTheLineAndCtrlDOnAnEmptyLineLeaves() throws Exception {
        try (VirtualTerminal vt = new VirtualTerminal("xterm-256color", 120, 30)) {
            ScriptedClient alice = alice(vt, env());
            vt.awaitLastLine("[lobby] alice>");
            carol.expect("* alice joined lobby");
            vt.type("a secret draft");
            vt.awaitLastLine("[lobby] alice> a secret draft");
            vt.type(CTRL_C);
            vt.awaitLastLine("[lobby] alice>");
            vt.type("after all" + ENTER);
            carol.expect("alice : after all"); // the draft never went
            vt.type("x" + CTRL_D); // Ctrl-D on a line with text does not leave
            vt.type(ENTER);
            carol.expect("alice : x");
            vt.type(CTRL_D);
            assertThat(alice.exitCode()).isZero();
            carol.expect("* alice left (quit)");
        }
    }

    @Test
    void aPastedBlockIsSentWholeAtTheServersPace() throws Exception {
        try (VirtualTerminal vt = new VirtualTerminal("xterm-256color", 120, 30)) {
            ScriptedClient alice = alice(vt, env());
            vt.awaitLastLine("[lobby] alice>");
            carol.expect("* alice joined lobby");
            StringBuilder paste = new StringBuilder(PASTE_START);
            for (int i = 1; i <= 15; i++) {
                paste.append("pasted line ").append(i).append('\r');
            }
            vt.type(paste.append(PASTE_END).toString());
            vt.awaitScreen("pasted line 15"); // in the editor, for review
            vt.type(ENTER);
            for (int i = 1; i <= 15; i++) {
                carol.expect("alice : pasted line " + i);
            }
            vt.awaitScreen("alice : pasted line 15");
            assertThat(vt.screen()).containsPattern("sending 15 pasted lines over about \\d s \\(the server takes 5 lines a second")
                    .doesNotContain("slow down");
            vt.type(CTRL_D);
            assertThat(alice.exitCode()).isZero();
        }
    }

    @Test
    void ctrlCOnAnEmptyLineDropsWhatAPasteStillHasToSend() throws Exception {
        try (VirtualTerminal vt = new VirtualTerminal("xterm-256color", 120, 30)) {
            ScriptedClient alice = alice(vt, env());
            vt.awaitLastLine("[lobby] alice>");
            carol.expect("* alice joined lobby");
            StringBuilder paste = new StringBuilder(PASTE_START);
            for (int i = 1; i <= 40; i++) {
                paste.append("long paste ").append(i).append('\r');
            }
            vt.type(paste.append(PASTE_END).append(ENTER).toString());
            carol.expect("alice : long paste 1");
            vt.type(CTRL_C); // about 8 s of lines still waiting
            vt.awaitScreen("lines that were waiting to be sent");
            vt.type("after the paste" + ENTER);
            String line;
            int last = 1;
            while ((line = carol.readLine()).startsWith("alice : long paste ")) {
                assertThat(line).isEqualTo("alice : long paste " + ++last); // in order, none skipped
            }
            assertThat(line).isEqualTo("alice : after the paste");
            assertThat(last).isLessThan(40);
            vt.type(CTRL_D);
            assertThat(alice.exitCode()).isZero();
        }
    }

    @Test
    void tabCompletesNamesAndCommands() throws Exception {
        try (VirtualTerminal vt = new VirtualTerminal("xterm-256color", 120, 30)) {
            ScriptedClient alice = alice(vt, env());
            vt.awaitScreen("* in lobby (2): alice, carol");
            vt.type("ca" + TAB);
            vt.awaitLastLine("[lobby] alice> carol:");
            vt.type("hi" + ENTER);
            carol.expect("* alice joined lobby");
            carol.expect("alice : carol: hi");
            vt.type("thanks ca" + TAB + "!" + ENTER);
            carol.expect("alice : thanks carol !");
            vt.type("/wh" + TAB + ENTER);
            vt.awaitScreen("* in lobby (2): alice, carol\n"); // asked again
            vt.type("/ms" + TAB + "ca" + TAB + "psst" + ENTER);
            carol.expect("@alice : psst");
            vt.type(CTRL_D);
            assertThat(alice.exitCode()).isZero();
        }
    }

    @Test
    void inputHistoryIsKeptBetweenRuns() throws Exception {
        try (VirtualTerminal vt = new VirtualTerminal("xterm-256color", 120, 30)) {
            ScriptedClient alice = alice(vt, env());
            vt.awaitLastLine("[lobby] alice>");
            vt.type("remember me" + ENTER);
            vt.awaitScreen("alice : remember me");
            vt.type("/quit" + ENTER);
            assertThat(alice.exitCode()).isZero();
        }
        Path file = state.resolve("parley/history");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("remember me");
        try (VirtualTerminal vt = new VirtualTerminal("xterm-256color", 120, 30)) {
            ScriptedClient alice = alice(vt, env());
            vt.awaitLastLine("[lobby] alice>");
            vt.type(UP + UP);
            vt.awaitLastLine("[lobby] alice> remember me");
            vt.type(ENTER);
            carol.expect("* alice joined lobby");
            carol.expect("alice : remember me");
            vt.type(CTRL_D);
            assertThat(alice.exitCode()).isZero();
        }
    }

    @Test
    void coloursFollowTheTerminalsCapabilities() throws Exception {
        // 8 colours (xterm): basic colour codes only.
        String basic = chat("xterm", env());
        assertThat(basic).containsPattern(ESC + "\\[(?:3|9)[2-6]mcarol").doesNotContain("38;5;", "38;2;");
        // 256 colours.
        assertThat(chat("xterm-256color", env())).contains(ESC + "[1;38;5;").doesNotContain("38;2;");
        // 24-bit, announced by COLORTERM.
        assertThat(chat("xterm-256color", env("COLORTERM", "truecolor"))).contains(ESC + "[1;38;2;");
        // NO_COLOR: none.
        assertThat(chat("xterm-256color", env("NO_COLOR", "1"))).doesNotContain("38;5;", "38;2;", ESC + "[1;31m");
    }

    /** What the client writes when carol says something, in a terminal of {@code type}. */
    private String chat(String type, Map<String, String> env) throws Exception {
        try (VirtualTerminal vt = new VirtualTerminal(type, 120, 30)) {
            ScriptedClient alice = alice(vt, env);
            vt.awaitLastLine("[lobby] alice>");
            carol.send("carol : colours?");
            vt.awaitScreen("carol : colours?");
            vt.type(CTRL_D);
            assertThat(alice.exitCode()).isZero();
            carol.expect("* alice joined lobby");
            carol.expect("* alice left (quit)");
            String output = vt.output();
            return output.substring(output.lastIndexOf('\n', output.indexOf("colours?")));
        }
    }

    @Test
    void aDumbTerminalGetsPlainTextAndAPlainLineReader() throws Exception {
        try (VirtualTerminal vt = new VirtualTerminal("dumb", 80, 24)) {
            ScriptedClient alice = alice(vt, env());
            vt.awaitLastLine("[lobby] alice>");
            carol.expect("* alice joined lobby");
            carol.send("carol : hi alice");
            vt.awaitScreen("carol : hi alice");
            vt.type(CTRL_C); // does not end the client (what it clears is the terminal's business here)
            vt.type("kept" + ENTER);
            carol.expect("alice : kept");
            vt.type("/quit" + ENTER);
            assertThat(alice.exitCode()).isZero();
            String output = vt.output();
            assertThat(output).doesNotContain(ESC).contains("* Parley at 127.0.0.1:" + server.port() + ": you are alice")
                    .contains(BELL); // a mention still rings
            assertThat(vt.screen()).containsPattern("\\d\\d:\\d\\d carol : hi alice");
        }
    }

    @Test
    void aNameThatIsNotValidAsLoginNameNeedsName() throws Exception {
        try (VirtualTerminal vt = new VirtualTerminal("xterm-256color", 120, 30)) {
            ScriptedClient nobody = alice(vt, Map.of("USER", "no spaces allowed", "XDG_STATE_HOME", state.toString()));
            assertThat(nobody.exitCode()).isEqualTo(2);
            assertThat(nobody.err()).contains("--name").contains("your login name no spaces allowed is not a valid chat name");
        }
    }
}
