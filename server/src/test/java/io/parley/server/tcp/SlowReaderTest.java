package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client that stops reading is cut off at its send-queue limit; the others are not delayed. */
@Timeout(90)
class SlowReaderTest {
    private static final String CUT_OFF = "* stuck left (send queue exceeded)";

    @Test
    void clientThatNeverReadsIsCutOffAndOthersGetEverything() throws Exception {
        try (RunningServer server = RunningServer.start("--send-queue", "65536", "--rate-limit", "0");
             LineClient sender = LineClient.named(server.port(), "sender");
             LineClient reader = LineClient.named(server.port(), "reader");
             LineClient stuck = LineClient.named(server.port(), "stuck", 4096)) {
            sender.readUntil(l -> l.equals("* stuck joined lobby"));
            reader.readUntil(l -> l.equals("* stuck joined lobby"));
            String payload = "y".repeat(3000);
            int messages = 2_500; // 7.5 MB: past what the kernel (4 MiB send buffer) and 64 KiB hold
            int window = 16; // the sender keeps at most this many messages ahead of the reader
            AtomicInteger received = new AtomicInteger();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < messages; i++) {
                        while (i - received.get() >= window) {
                            LockSupport.parkNanos(100_000);
                        }
                        sender.send(i + " " + payload);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            boolean cutOffSeen = false;
            // The leave notice may fall anywhere in the stream; every message arrives, in order.
            for (int i = 0; i < messages; ) {
                String line = reader.readLine();
                if (line.equals(CUT_OFF)) {
                    cutOffSeen = true;
                } else {
                    assertThat(line).isEqualTo("sender : " + i + " " + payload);
                    received.set(++i);
                }
            }
            writer.join();
            if (!cutOffSeen) {
                reader.expect(CUT_OFF);
            }
            assertThat(sender.readLine()).isEqualTo(CUT_OFF);
        }
    }
}
