package io.parley.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** Chat text reaches the log only with --log-messages. */
@Timeout(60)
class MessageLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.parley.server.chat.messages");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void attach() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    private void chat(String... flags) throws Exception {
        try (RunningServer server = RunningServer.start(flags);
             LineClient alice = LineClient.named(server.port(), "alice");
             LineClient bob = LineClient.named(server.port(), "bob")) {
            alice.readUntil(l -> l.equals("* bob joined lobby"));
            bob.send("/join dev");
            bob.expect("* you are in dev with 0 others");
            bob.send("secret plans");
            bob.send("/ping");
            bob.expect("* pong"); // the chat line before it has been handled
        }
    }

    @Test
    void textIsNotLoggedByDefault() throws Exception {
        chat();
        assertThat(appender.list).isEmpty();
    }

    @Test
    void logMessagesLogsRoomNameAndText() throws Exception {
        chat("--log-messages");
        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).containsExactly("dev bob : secret plans");
        assertThat(appender.list.get(0).getLevel().toString()).isEqualTo("INFO");
    }
}
