package io.parley.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionCapsTest {

    /** Connects from {@code source} and returns the first line the server sends. */
    private static String firstLine(int port, String source) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(LineClient.TIMEOUT_MILLIS);
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line != null && line.startsWith("! ")) {
                assertThat(in.readLine()).as("closed after the refusal").isNull();
            }
            return line;
        }
    }

    @Test
    void perAddressCapWithoutExemptions() throws Exception {
        try (RunningServer server = RunningServer.start("--max-per-ip", "2", "--ip-exempt", "none");
             LineClient a = LineClient.connect(server.port());
             LineClient b = LineClient.connect(server.port())) {
            assertThat(firstLine(server.port(), "127.0.0.1"))
                    .isEqualTo("! too many connections from your address (at most 2)");
            // another source address is another group
            assertThat(firstLine(server.port(), "127.0.0.2")).startsWith("* welcome");
            b.close();
            assertThat(b.socket().isClosed()).isTrue();
            // the freed place is given again once the server has seen the close
            String line = null;
            for (int i = 0; i < 50 && (line == null || line.startsWith("! ")); i++) {
                line = firstLine(server.port(), "127.0.0.1");
                if (line.startsWith("! ")) {
                    Thread.sleep(20);
                }
            }
            assertThat(line).startsWith("* welcome");
            a.send("/ping");
            a.expect("* pong");
        }
    }

    @Test
    void loopbackIsExemptByDefault() throws Exception {
        try (RunningServer server = RunningServer.start("--max-per-ip", "1");
             LineClient a = LineClient.connect(server.port());
             LineClient b = LineClient.connect(server.port())) {
            b.send("/ping");
            b.expect("* pong");
        }
    }

    @Test
    void totalCap() throws Exception {
        try (RunningServer server = RunningServer.start("--max-connections", "2");
             LineClient a = LineClient.connect(server.port());
             LineClient b = LineClient.connect(server.port())) {
            assertThat(firstLine(server.port(), "127.0.0.3"))
                    .isEqualTo("! server full (2 connections); try again later");
            a.send("/ping");
            a.expect("* pong");
        }
    }
}
