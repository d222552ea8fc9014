package io.parley.server.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.protocol.Tags;
import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import io.parley.server.chat.history.SqliteHistoryStore;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.TaggedClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A history store that cannot work: a clear error at start; at run time an error, a metric and /health, and chat goes on. */
@Timeout(120)
class FailingStoreTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    @Test
    void aDataDirectoryThatCannotBeMadeStopsTheStartWithItsReason() throws Exception {
        Path notADir = Files.writeString(dir.resolve("data"), "a file where the directory should be");
        ParleyServer server = new ParleyServer(ServerConfig.parse("--host", "127.0.0.1", "--port", "0",
                "--time-port", "0", "--admin-port", "-1", "--data-dir", notADir.toString()));
        try {
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot keep the history: cannot create the data directory "
                            + notADir.toAbsolutePath())
                    .hasMessageContaining("--history memory");
        } finally {
            server.stop(1000);
        }
    }

    private String get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aStoreFailingAtRunTimeIsLoggedCountedAndShownWhileChatGoesOn() throws Exception {
        Logger storeLog = (Logger) LoggerFactory.getLogger(SqliteHistoryStore.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        storeLog.addAppender(logged);
        Path data = dir.resolve("data");
        try (RunningServer server = RunningServer.start("--history", "sqlite", "--data-dir", data.toString(),
                "--admin-port", "0");
             TaggedClient alice = TaggedClient.named(server.port(), "alice");
             LineClient bob = LineClient.named(server.port(), "bob")) {
            alice.lines().readUntil("* bob joined lobby"::equals);
            assertThat(get(server.adminPort(), "/health")).contains("\"history\":{\"store\":\"sqlite\",\"state\":\"ok\"}");
            try (Connection operator = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteHistoryStore.FILE));
                 Statement s = operator.createStatement()) {
                s.execute("BEGIN IMMEDIATE"); // an sqlite3 shell holding the write lock: every write fails
                alice.send("while the disk is stuck");
                bob.expect("alice : while the disk is stuck"); // the live fan-out does not wait for the store
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(server.adminPort(), "/health"))
                        .contains("\"history\":{\"store\":\"sqlite\",\"state\":\"failing\",\"error\":\"[SQLITE_BUSY]"));
                alice.send("and again");
                bob.expect("alice : and again");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(server.adminPort(), "/metrics"))
                        .contains("parley_history_dropped_total 2.0", "parley_history_failing 1.0"));
                String metrics = get(server.adminPort(), "/metrics");
                assertThat(metrics).contains("parley_history_errors_total{op=\"write\"} 6.0");
                s.execute("ROLLBACK");
            }
            List<ILoggingEvent> errors = logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
            assertThat(errors).as("six failed writes, one error logged: at most one every ten seconds").hasSize(1);
            assertThat(errors.get(0).getFormattedMessage()).contains("cannot write 1 messages to", "SQLITE_BUSY");

            alice.send("and now it works");
            bob.expect("alice : and now it works");
            Tags.Tagged ack = alice.read();
            assertThat(ack.has(Tags.ACK)).as("the only ack: the messages not kept got none").isTrue();
            assertThat(ack.rest()).isEqualTo("alice : and now it works");
            assertThat(get(server.adminPort(), "/health")).contains("\"history\":{\"store\":\"sqlite\",\"state\":\"ok\"}");
            assertThat(alice.history("", t -> { })).extracting(Tags.Tagged::rest).containsExactly("alice : and now it works");
        } finally {
            storeLog.detachAppender(logged);
        }
    }
}
