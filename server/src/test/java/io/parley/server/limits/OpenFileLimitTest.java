package io.parley.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connection cap fits under the process's open-file limit: a server started with
 * {@code ulimit -n 256} lowers its cap, says so in the log, refuses connections past it with
 * {@code ! server full} as usual (none hangs without a word), and {@code /health} answers
 * throughout. The server runs as a child JVM, since the limit is the process's.
 */
@Timeout(120)
class OpenFileLimitTest {
    private static final int LIMIT = 256;
    private static final Pattern CAP = Pattern.compile(
            "open-file limit " + LIMIT + " allows (\\d+) connections, not --max-connections 50000: .*");
    private static final Pattern TCP = Pattern.compile("Parley listening for TCP chat on /127\\.0\\.0\\.1:(\\d+) .*");
    private static final Pattern ADMIN = Pattern.compile("Parley admin endpoints on http://127\\.0\\.0\\.1:(\\d+)/health.*");

    @Test
    void theCapIsTheConfiguredOneLoweredToFitTheLimit() {
        assertThat(OpenFiles.connectionCap(50_000, 1024, 40)).isEqualTo(1024 - 40 - OpenFiles.HEADROOM);
        assertThat(OpenFiles.connectionCap(500, 65_536, 40)).isEqualTo(500);
        assertThat(OpenFiles.connectionCap(50_000, 100, 40)).as("never below one").isEqualTo(1);
        assertThat(OpenFiles.connectionCap(50_000, -1, -1)).as("an unknown limit").isEqualTo(50_000);
        for (long limit = 200; limit < 100_000; limit = limit * 3 / 2) {
            for (long open = 10; open < 150; open += 35) {
                int cap = OpenFiles.connectionCap(50_000, limit, open);
                assertThat(cap + open + OpenFiles.HEADROOM).as("limit %d, %d open", limit, open)
                        .isLessThanOrEqualTo(Math.max(limit, 1 + open + OpenFiles.HEADROOM));
            }
        }
        assertThat(OpenFiles.limit()).as("this JVM's limit is known on Linux").isPositive();
    }

    @Test
    void aServerUnderALowOpenFileLimitRefusesPastItsCapAndHealthAnswers() throws Exception {
        Path bash = Path.of("/bin/bash");
        Assumptions.assumeTrue(Files.isExecutable(bash), "needs bash to set ulimit -n for the child server");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "ulimit -n " + LIMIT + " && exec \"$0\" -Xmx160m -XX:TieredStopAtLevel=1 -cp \"$1\" "
                + "io.parley.server.ServerMain --host 127.0.0.1 --port 0 --udp-port 0 --time-port 0 "
                + "--admin-port 0 --web-port -1 --history memory --connect-exempt 127.0.0.0/8"; // no fixed port, no data directory
        Process child = new ProcessBuilder(bash.toString(), "-c", command, java, System.getProperty("java.class.path"))
                .redirectErrorStream(true).start();
        BlockingQueue<String> output = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // the child ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<Socket> clients = new ArrayList<>();
        try {
            int cap = -1;
            int port = -1;
            int adminPort = -1;
            List<String> log = new ArrayList<>();
            for (;;) {
                String line = output.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("the child's log so far: %s", log).isNotNull();
                log.add(line);
                String message = line.replaceFirst("^\\S+ \\S+\\s+\\S+ - ", "");
                Matcher m;
                if ((m = CAP.matcher(message)).matches()) {
                    cap = Integer.parseInt(m.group(1));
                } else if ((m = TCP.matcher(message)).matches()) {
                    port = Integer.parseInt(m.group(1));
                } else if ((m = ADMIN.matcher(message)).matches()) {
                    adminPort = Integer.parseInt(m.group(1));
                } else if (message.startsWith("Parley started")) {
                    break;
                }
            }
            assertThat(cap).as("the lowered cap, in the log: %s", log).isBetween(20, LIMIT - OpenFiles.HEADROOM);

            int welcomed = 0;
            int full = 0;
            for (int i = 0; i < cap + 40; i++) {
                Socket s = new Socket();
                clients.add(s);
                s.setSoTimeout(20_000);
                s.connect(new InetSocketAddress("127.0.0.1", port), 20_000);
                String first = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                if (first != null && first.startsWith("* welcome")) {
                    welcomed++;
                } else {
                    assertThat(first).as("connection %d", i).isEqualTo("! server full (" + cap + " connections); try again later");
                    full++;
                    s.close();
                }
                if (i == cap + 20) {
                    assertThat(health(adminPort)).as("/health while full").contains("\"connections\":" + cap);
                }
            }
            System.out.printf("ulimit -n %d: cap %d connections; %d more refused as full%n", LIMIT, cap, full);
            assertThat(welcomed).isEqualTo(cap);
            assertThat(full).isEqualTo(40);
            for (int i = 0; i < 5; i++) {
                assertThat(health(adminPort)).startsWith("{\"status\":\"up\"");
            }
            clients.get(0).getOutputStream().write("zed : still talking\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader first = new BufferedReader(new InputStreamReader(clients.get(0).getInputStream(), StandardCharsets.UTF_8));
            assertThat(first.readLine()).isEqualTo("* you are zed");
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            child.destroy(); // SIGTERM: the server stops cleanly
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        assertThat(child.exitValue()).isZero();
    }

    private static String health(int adminPort) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
