package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reconnecting and resuming, against a server played by the test that speaks the tags, history
 * and resume contract (docs/protocol.md) line by line: what the client sends back, in which order,
 * and that every message is shown once.
 */
@Timeout(60)
class ResumeTest {
    private static final String T = ";time=2026-11-27T09:15:02.345Z";
    /** What the client asks after the messages it missed: an answer that cannot be confused with a replay. */
    private static final String MARKER = "/history @alice before 1 1";
    private static final String[] MARKER_ANSWER = {
        "~hist;to=alice * history with alice: 0 messages", "~hist;to=alice * end of history"};

    private static ServerSocket listener() throws Exception {
        return new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    private static ScriptedClient client(ServerSocket listener, String... more) {
        List<String> args = new ArrayList<>(List.of("--name", "alice", "--port", "" + listener.getLocalPort(),
                "--reconnect", "--keepalive", "0"));
        args.addAll(List.of(more));
        return ScriptedClient.start(args.toArray(String[]::new));
    }

    /** The first connection: alice claims her name (token T1) and is put in the lobby. */
    private static LinePeer joined(ServerSocket listener) throws Exception {
        LinePeer peer = LinePeer.accept(listener);
        peer.claim("/nick alice", "~token=T1 * you are alice");
        peer.send("* you are in lobby with 1 other");
        return peer;
    }

    /** A resume into the lobby with token T1, asking history after {@code lastId}: nothing was said. */
    private static LinePeer resumedQuietly(ServerSocket listener, long lastId) throws Exception {
        LinePeer peer = LinePeer.accept(listener);
        peer.claim("/nick alice T1", "~token=T2 * you are alice");
        peer.send("* you are in lobby with 1 other");
        peer.expect("/history after " + lastId + " 1000");
        peer.expect(MARKER);
        peer.send("~hist;room=lobby * history of lobby: 0 messages", "~hist;room=lobby * end of history");
        peer.send(MARKER_ANSWER);
        return peer;
    }

    /** Alice's input ends: she quits, and the server says bye. */
    private static void leaves(ScriptedClient alice, LinePeer peer) throws Exception {
        alice.stdin.end();
        peer.expect("/quit");
        peer.send("* bye alice");
    }

    private static long count(List<String> lines, String fragment) {
        return lines.stream().filter(l -> l.contains(fragment)).count();
    }

    @Test
    void reclaimsTheNameReturnsToTheRoomAndShowsWhatWasMissedOnce() throws Exception {
        try (ServerSocket listener = listener()) {
            ScriptedClient alice = client(listener);
            try (LinePeer first = LinePeer.accept(listener)) {
                first.claim("/nick alice", "~token=T1 * you are alice");
                first.send("* you are in lobby with 1 other",
                        "~hist;room=lobby * history of lobby: 2 messages",
                        "~id=1" + T + ";room=lobby;hist bob : one",
                        "~id=2" + T + ";room=lobby;hist bob : two",
                        "~hist;room=lobby * end of history");
                alice.type("/join dev");
                first.expect("/join dev");
                first.send("* you are in dev with 1 other", "~id=10" + T + ";room=dev bob : ten");
                alice.awaitOut("bob : ten");
                alice.type("hello");
                first.expect("alice : hello");
                first.send("~id=11" + T + ";room=dev;ack alice : hello");
                alice.type("unconfirmed");
                first.expect("alice : unconfirmed"); // stored, but the drop comes before its ack
            }
            alice.awaitErr("lost the connection to 127.0.0.1:" + listener.getLocalPort());
            alice.type("typed while away");

            try (LinePeer second = LinePeer.accept(listener)) {
                second.claim("/nick alice T1", "~token=T2 * you are alice");
                // The server puts a reclaimed name in the default room, with that room's replay.
                second.send("* you are in lobby with 0 others",
                        "~hist;room=lobby * history of lobby: 2 messages",
                        "~id=1" + T + ";room=lobby;hist bob : one",
                        "~id=2" + T + ";room=lobby;hist bob : two",
                        "~hist;room=lobby * end of history");
                second.expect("/join dev");
                second.send("* you are in dev with 1 other",
                        "~hist;room=dev * history of dev: 2 messages",
                        "~id=10" + T + ";room=dev;hist bob : ten",
                        "~id=11" + T + ";room=dev;hist alice : hello",
                        "~hist;room=dev * end of history",
                        "~id=13" + T + ";room=dev bob : thirteen"); // live, before the answer below
                second.expect("/history after 11 1000");
                second.expect(MARKER); // its answer follows the one before: then everything missed has come
                second.send("~hist;room=dev * history of dev: 3 messages",
                        "~id=12" + T + ";room=dev;hist bob : twelve",
                        "~id=13" + T + ";room=dev;hist bob : thirteen",
                        "~id=14" + T + ";room=dev;hist alice : unconfirmed",
                        "~hist;room=dev * end of history");
                second.send(MARKER_ANSWER);
                // "unconfirmed" is in the history: stored, so not sent again. What was typed meanwhile goes now.
                second.expect("alice : typed while away");
                second.send("~id=15" + T + ";room=dev;ack alice : typed while away",
                        "~id=13" + T + ";room=dev bob : thirteen", // a late duplicate: not shown
                        "~id=16" + T + ";room=dev bob : sixteen");
                alice.awaitOut("bob : sixteen");
                leaves(alice, second);
            }
            assertThat(alice.exitCode()).isZero();
            List<String> out = alice.outLines();
            for (String said : List.of("bob : one", "bob : two", "bob : ten", "bob : twelve", "bob : thirteen",
                    "bob : sixteen")) {
                assertThat(count(out, said)).as(said).isEqualTo(1);
            }
            assertThat(out.indexOf("* [2026-11-27 09:15:02Z] bob : twelve"))
                    .isLessThan(out.indexOf("* [2026-11-27 09:15:02Z] bob : thirteen"))
                    .isLessThan(out.indexOf("bob : sixteen"));
            assertThat(out).noneMatch(l -> l.contains("unconfirmed") || l.contains("hello"));
            assertThat(alice.err()).contains("back in dev as alice; 2 messages while you were away")
                    .doesNotContain("sending again");
        }
    }

    @Test
    void aMessageTheServerNeverStoredIsSentAgainAfterTheResume() throws Exception {
        try (ServerSocket listener = listener()) {
            ScriptedClient alice = client(listener);
            try (LinePeer first = joined(listener)) {
                alice.type("first words");
                first.expect("alice : first words");
                first.send("~id=5" + T + ";room=lobby;ack alice : first words");
                alice.type("lost words");
                first.expect("alice : lost words"); // never stored: the server went away first
            }
            try (LinePeer second = resumedQuietly(listener, 5)) {
                second.expect("alice : lost words");
                leaves(alice, second);
            }
            assertThat(alice.exitCode()).isZero();
            assertThat(alice.err()).contains("back in lobby as alice; nothing was said meanwhile")
                    .contains("sending again 1 line the server had not confirmed");
        }
    }

    @Test
    void moreMissedThanOnePageIsFetchedPageByPage() throws Exception {
        try (ServerSocket listener = listener()) {
            ScriptedClient alice = client(listener);
            try (LinePeer first = LinePeer.accept(listener)) {
                first.claim("/nick alice", "~token=T1 * you are alice");
                first.send("* you are in lobby with 1 other", "~id=1" + T + ";room=lobby bob : start");
                alice.awaitOut("bob : start");
            }
            try (LinePeer second = LinePeer.accept(listener)) {
                second.claim("/nick alice T1", "~token=T2 * you are alice");
                second.send("* you are in lobby with 1 other");
                second.expect("/history after 1 1000");
                second.expect(MARKER);
                List<String> page = new ArrayList<>();
                page.add("~hist;room=lobby * history of lobby: 1000 messages");
                for (int id = 2; id <= 1001; id++) {
                    page.add("~id=" + id + T + ";room=lobby;hist bob : m" + id);
                }
                page.add("~hist;room=lobby * end of history");
                second.send(page.toArray(String[]::new));
                second.send(MARKER_ANSWER);
                second.expect("/history after 1001 1000"); // a full page: there may be more
                second.expect(MARKER);
                second.send("~hist;room=lobby * history of lobby: 2 messages",
                        "~id=1002" + T + ";room=lobby;hist bob : m1002",
                        "~id=1003" + T + ";room=lobby;hist bob : m1003",
                        "~hist;room=lobby * end of history");
                second.send(MARKER_ANSWER);
                alice.awaitErr("back in lobby as alice; 1002 messages while you were away");
                leaves(alice, second);
            }
            assertThat(alice.exitCode()).isZero();
            List<String> missed = alice.outLines().stream().filter(l -> l.contains("bob : m")).toList();
            assertThat(missed).hasSize(1002);
            for (int i = 0; i < missed.size(); i++) {
                assertThat(missed.get(i)).endsWith("bob : m" + (i + 2));
            }
        }
    }

    @Test
    void aNameStillHeldIsAskedForAgainUntilItIsFree() throws Exception {
        try (ServerSocket listener = listener()) {
            ScriptedClient alice = client(listener);
            try (LinePeer first = joined(listener)) {
                alice.awaitOut("* you are in lobby with 1 other");
            }
            try (LinePeer second = LinePeer.accept(listener)) {
                second.claim("/nick alice T1", "! name alice is taken");
                assertThat(second.closedByClient()).isTrue(); // it lets go and tries again later
            }
            try (LinePeer third = resumedQuietly(listener, 0)) {
                alice.awaitErr("back in lobby as alice");
                leaves(alice, third);
            }
            assertThat(alice.exitCode()).isZero();
            assertThat(alice.err()).contains("cannot take back the name alice: name alice is taken");
        }
    }

    @Test
    void aConnectionThatStopsAnsweringIsGivenUpAndResumed() throws Exception {
        try (ServerSocket listener = listener()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--port", "" + listener.getLocalPort(),
                    "--reconnect", "--keepalive", "1");
            try (LinePeer first = joined(listener)) {
                first.expect("/ping"); // and no pong: the server (or the way to it) hangs
                alice.awaitErr("lost the connection to 127.0.0.1:" + listener.getLocalPort() + " (no answer to /ping for 2 s)");
                try (LinePeer second = resumedQuietly(listener, 0)) {
                    alice.awaitErr("back in lobby as alice");
                    alice.stdin.end();
                    String line;
                    while ("/ping".equals(line = second.next())) {
                        second.send("* pong"); // this one answers
                    }
                    assertThat(line).isEqualTo("/quit");
                    second.send("* bye alice");
                }
            }
            assertThat(alice.exitCode()).isZero();
        }
    }

    @Test
    void aSessionResumedElsewhereIsNotFoughtFor() throws Exception {
        try (ServerSocket listener = listener()) {
            ScriptedClient alice = client(listener);
            try (LinePeer first = joined(listener)) {
                first.send("! your session was resumed from another connection");
            }
            assertThat(alice.exitCode()).isEqualTo(1);
            assertThat(alice.err()).contains("your session continues on another connection");
        }
    }

    @Test
    void withoutReconnectingTheClientEndsWithOne() throws Exception {
        try (ServerSocket listener = listener()) {
            ScriptedClient alice = ScriptedClient.start("--name", "alice", "--port", "" + listener.getLocalPort(),
                    "--keepalive", "0"); // a script's default: no reconnecting
            try (LinePeer first = joined(listener)) {
                alice.awaitOut("* you are in lobby with 1 other");
            }
            assertThat(alice.exitCode()).isEqualTo(1);
            assertThat(alice.err()).contains("the server closed the connection (127.0.0.1:" + listener.getLocalPort() + ")");
        }
    }

    @Test
    void leavingWhileDisconnectedEndsAtOnce() throws Exception {
        try (ServerSocket listener = listener()) {
            ScriptedClient alice = client(listener);
            try (LinePeer first = joined(listener)) {
                alice.awaitOut("* you are in lobby with 1 other");
            }
            listener.close(); // the server stays away
            alice.awaitErr("reconnecting in");
            alice.type("q");
            assertThat(alice.exitCode()).isZero();
            assertThat(alice.err()).contains("left while disconnected");
        }
    }
}
