package io.parley.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member joining a room nobody has spoken in yet (a new room object) and speaking at once must
 * not get its own lines back in its join replay: the store may already hold them when the replay
 * is read. The next member to join gets them in its replay.
 */
@Timeout(120)
class ReplayOwnLinesTest {
    @TempDir
    Path dir;

    @Test
    void linesSentRightAfterJoiningAFreshRoomAreNotReplayedToTheSender() throws Exception {
        try (RunningServer server = RunningServer.start("--rate-limit", "0", "--replay", "20",
                     "--history", "sqlite", "--data-dir", dir.toString());
             LineClient speaker = LineClient.named(server.port(), "speaker");
             LineClient witness = LineClient.named(server.port(), "witness");
             LineClient reader = LineClient.named(server.port(), "reader")) {
            // Keep the store's reader busy, so that replays wait behind other reads while the
            // lines sent right after a join are already stored.
            reader.send("/join big");
            for (int i = 0; i < 1000; i++) {
                reader.send("filler " + i);
            }
            reader.send("/ping");
            reader.readUntil(l -> l.equals("* pong"));
            AtomicBoolean done = new AtomicBoolean();
            Thread busy = new Thread(() -> {
                try {
                    while (!done.get()) {
                        for (int i = 0; i < 20; i++) {
                            reader.send("/history 1000");
                        }
                        reader.send("/ping");
                        reader.readUntil(l -> l.equals("* pong"));
                    }
                } catch (Exception e) {
                    // the test is over
                }
            }, "history-reads");
            busy.start();
            for (int i = 0; i < 40; i++) {
                int round = i;
                String room = "fresh" + round;
                // Join and speak in one write, so the lines reach the server together; then ask for
                // the (empty) private history with the witness: history answers go out in the order
                // their reads were asked, so a replay, if any, arrives before it.
                speaker.sendRaw(("/join " + room + "\nfirst " + round + "\nsecond " + round
                        + "\n/history @witness 1\n").getBytes(StandardCharsets.UTF_8));
                List<String> seen = new ArrayList<>();
                for (String line; !(line = speaker.readLine()).startsWith("* history with witness"); ) {
                    seen.add(line);
                }
                speaker.readUntil(l -> l.equals("* end of history"));
                assertThat(seen).as("round %d", round).noneMatch(l -> l.contains(" : first ") || l.contains(" : second "));
                assertThat(seen).as("round %d", round).noneMatch(l -> l.startsWith("* history of"));

                witness.send("/join " + room);
                List<String> replay = new ArrayList<>();
                for (String line; !(line = witness.readLine()).equals("* end of history"); ) {
                    replay.add(line);
                }
                assertThat(replay).as("round %d", round).anyMatch(l -> l.endsWith("speaker : first " + round))
                        .anyMatch(l -> l.endsWith("speaker : second " + round));
                witness.send("/join lobby");
                speaker.send("/join lobby");
                witness.readUntil(l -> l.startsWith("* you are in lobby"));
                speaker.readUntil(l -> l.startsWith("* you are in lobby"));
            }
            done.set(true);
            busy.join(30_000);
        }
    }
}
