package io.parley.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Throws junk at the TCP port: random bytes of random lengths, connections reset mid-line, a storm
 * of connections that open and reset at once, and silent half-open ones. Afterwards the server is
 * up, a normal conversation works, and (through the leak extension) no buffer leaked.
 */
@Timeout(120)
class GarbageInputTest {
    private static final int RESET_STORM = 1500;

    @Test
    void junkCostsNobodyAnything() throws Exception {
        try (RunningServer server = RunningServer.start("--rate-limit", "0");
             LineClient alice = LineClient.named(server.port(), "alice")) {
            int port = server.port();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Socket> halfOpen = new ArrayList<>();
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < 40; t++) {
                    long seed = t;
                    work.add(pool.submit(() -> randomBytes(port, new Random(seed))));
                }
                for (int t = 0; t < RESET_STORM; t++) {
                    work.add(pool.submit(() -> openAndReset(port)));
                }
                for (int i = 0; i < 50; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    halfOpen.add(s); // connected, never speaks
                }
                for (Future<?> f : work) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            try (LineClient bob = LineClient.named(server.port(), "bob")) {
                alice.readUntil(l -> l.equals("* bob joined lobby"));
                bob.send("still works");
                alice.readUntil(l -> l.equals("bob : still works"));
                alice.send("/who");
                assertThat(alice.readUntil(l -> l.startsWith("* in lobby"))).isEqualTo("* in lobby (2): alice, bob");
            }
            for (Socket s : halfOpen) {
                s.close();
            }
        }
    }

    private static Void randomBytes(int port, Random random) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoTimeout(LineClient.TIMEOUT_MILLIS);
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 20; i++) {
                byte[] junk = new byte[random.nextInt(i % 5 == 0 ? 20_000 : 300)];
                random.nextBytes(junk);
                out.write(junk);
            }
            out.write(new byte[] {0, 0, '\n', (byte) 0xC0, (byte) 0x80, '\n', '/', 'n', 'i', 'c', 'k', ' ', 0, '\n'});
            out.flush();
            if (random.nextBoolean()) {
                s.setSoLinger(true, 0); // leave with a reset, mid-stream
            }
        } catch (IOException e) {
            // the server may close on us (flooding, reset races): that is its right
        }
        return null;
    }

    private static Void openAndReset(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            // a full backlog may refuse some: fine
        }
        return null;
    }
}
