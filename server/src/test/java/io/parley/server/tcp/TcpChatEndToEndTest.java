package io.parley.server.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TcpChatEndToEndTest {
    private RunningServer server;
    private final List<LineClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start("--rate-limit", "0"); // flood control has tests of its own
    }

    @AfterEach
    void stop() throws IOException {
        for (LineClient c : clients) {
            c.close();
        }
        server.close();
    }

    private LineClient named(String name) throws IOException {
        LineClient c = LineClient.named(server.port(), name);
        clients.add(c);
        return c;
    }

    private LineClient connect() throws IOException {
        LineClient c = LineClient.connect(server.port());
        clients.add(c);
        return c;
    }

    @Test
    void threeClientsChat() throws IOException {
        LineClient alice = named("alice");
        LineClient bob = named("bob");
        alice.expect("* bob joined lobby");
        LineClient carol = connect();
        carol.send("carol : hi all"); // nc-style: the first line claims the name
        carol.expect("* you are carol");
        carol.expect("* you are in lobby with 2 others");
        alice.expect("* carol joined lobby");
        alice.expect("carol : hi all");
        bob.expect("* carol joined lobby");
        bob.expect("carol : hi all");
        bob.send("bob : 太白 says hello : again");
        alice.expect("bob : 太白 says hello : again");
        carol.expect("bob : 太白 says hello : again");
        assertThat(bob.silentFor(200)).isTrue(); // no echo to the sender
    }

    @Test
    void nameConflictAndImpersonationAreRefused() throws IOException {
        LineClient alice = named("alice");
        LineClient other = connect();
        other.send("/nick alice");
        other.expect("! name alice is taken");
        other.send("alice : pretending");
        other.expect("! name alice is taken");
        LineClient mallory = named("mallory");
        alice.expect("* mallory joined lobby");
        mallory.send("alice : pretending");
        assertThat(mallory.readLine()).startsWith("! you are mallory");
        assertThat(alice.silentFor(200)).isTrue();
    }

    @Test
    void qEndsTheSessionAndTheRoomIsTold() throws IOException {
        LineClient alice = named("alice");
        LineClient bob = named("bob");
        alice.expect("* bob joined lobby");
        bob.send("q");
        bob.expect("* bye bob");
        assertThat(bob.closedByServer()).isTrue();
        alice.expect("* bob left (quit)");
        named("bob"); // the name is free again
    }

    @Test
    void roomsIsolateMessages() throws IOException {
        LineClient a = named("a");
        LineClient b = named("b");
        a.expect("* b joined lobby");
        b.send("/join dev");
        b.expect("* you are in dev with 0 others");
        a.expect("* b left for dev");
        a.send("lobby only");
        b.send("dev only");
        assertThat(a.silentFor(300)).isTrue();
        assertThat(b.silentFor(300)).isTrue();
    }

    @Test
    void twoHundredConcurrentClientsAllReceiveOneBroadcast() throws Exception {
        int n = 200;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<LineClient>> joining = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "user" + i;
                joining.add(pool.submit(() -> LineClient.named(server.port(), name)));
            }
            for (Future<LineClient> f : joining) {
                clients.add(f.get());
            }
            LineClient sender = named("sender");
            sender.send("hello, everyone");
            List<Future<String>> received = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                LineClient c = clients.get(i);
                received.add(pool.submit(() -> c.readUntil(l -> !l.startsWith("* "))));
            }
            for (Future<String> f : received) {
                assertThat(f.get()).isEqualTo("sender : hello, everyone");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void randomLineLengthsAndMixedLineEndsArriveIntact() throws IOException {
        LineClient alice = named("alice");
        LineClient bob = named("bob");
        alice.expect("* bob joined lobby");
        Random random = new Random(42);
        List<String> sent = new ArrayList<>();
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            String text = i + ":" + "x".repeat(random.nextInt(3000));
            sent.add(text);
            wire.append(text).append(random.nextBoolean() ? "\n" : "\r\n");
        }
        byte[] bytes = wire.toString().getBytes(StandardCharsets.UTF_8);
        // dribble the bytes out in random pieces
        for (int off = 0; off < bytes.length; ) {
            int len = Math.min(bytes.length - off, 1 + random.nextInt(5000));
            byte[] piece = new byte[len];
            System.arraycopy(bytes, off, piece, 0, len);
            bob.sendRaw(piece);
            off += len;
        }
        for (String text : sent) {
            alice.expect("bob : " + text);
        }
    }

    @Test
    void shutdownTellsClientsAndClosesThem() throws IOException {
        LineClient alice = named("alice");
        LineClient unnamed = connect();
        server.close();
        alice.expect("* server shutting down");
        assertThat(alice.closedByServer()).isTrue();
        unnamed.expect("* server shutting down");
        assertThat(unnamed.closedByServer()).isTrue();
    }
}
