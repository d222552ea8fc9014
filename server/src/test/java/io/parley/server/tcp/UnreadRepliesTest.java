package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lines sent to one client alone (replies, private messages) obey its send queue too: a client
 * that never reads them is cut off instead of growing the server's memory.
 */
@Timeout(60)
class UnreadRepliesTest {

    @Test
    void privateMessagesToAClientThatNeverReadsCutItOff() throws Exception {
        try (RunningServer server = RunningServer.start("--send-queue", "65536", "--rate-limit", "0",
                "--name-hold", "0s"); // the name of a client cut off is then free at once
             LineClient sender = LineClient.named(server.port(), "sender");
             Socket deaf = new Socket()) {
            deaf.setReceiveBufferSize(4096);
            deaf.connect(new InetSocketAddress("127.0.0.1", server.port()));
            deaf.getOutputStream().write("/nick deaf\n".getBytes(StandardCharsets.UTF_8));
            sender.readUntil("* deaf joined lobby"::equals);
            String text = "z".repeat(4000);
            // 2,000 messages of 4 KB: 8 MB, past the kernel's buffers and the 64 KiB queue
            for (int i = 0; i < 2000 && server.server().connectionCount() == 2; i++) {
                sender.send("/msg deaf " + text);
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.server().connectionCount() == 1);
            sender.readUntil("* deaf left (send queue exceeded)"::equals);
            assertThat(server.server().chat().hub().find("deaf")).isNull();
        }
    }
}
