package io.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.LineClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@code bin/parley-server} as an operator would, against the packaged
 * {@code target/chat-server.jar} (so it runs in the integration-test phase, after package).
 */
@Timeout(180)
class ParleyLauncherIT {
    static final Path LAUNCHER = Path.of("..", "bin", "parley-server").toAbsolutePath().normalize();
    static final Path JAR = Path.of("target", "chat-server.jar").toAbsolutePath();

    @TempDir
    Path dir;
    private Path pidFile;
    private Path logDir;
    private Path dataDir;
    private String config;
    /** The JVM the launcher runs the server on. */
    private String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** A newer JDK the machines have beside the default one; tested too where it is installed. */
    static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    record Run(int status, String output) {
    }

    @BeforeEach
    void paths() {
        pidFile = dir.resolve("run/parley.pid");
        logDir = dir.resolve("logs");
        dataDir = dir.resolve("data");
        config = Path.of("..", "config", "parley.properties").toAbsolutePath().normalize().toString();
    }

    /** Ends a server a failed test left running: by its own pid, nothing else. */
    @AfterEach
    void cleanUp() throws IOException {
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    private Run launcher(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PARLEY_JAR", JAR.toString());
        env.put("PARLEY_PID_FILE", pidFile.toString());
        env.put("PARLEY_LOG_DIR", logDir.toString());
        env.put("PARLEY_DATA_DIR", dataDir.toString());
        env.put("PARLEY_CONFIG", config);
        env.put("JAVA", java);
        env.put("PARLEY_JAVA_OPTS", "-Xmx256m");
        env.remove("PARLEY_LOGBACK");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        return new Run(process.exitValue(), output);
    }

    /** A port free right now on 127.0.0.1 (bound and released). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * True once the process is gone or a zombie: the server ran as the launcher's child, so after
     * it exits it waits, dead, until the system reaps it.
     */
    private static boolean exited(long pid) throws IOException {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Path stat = Path.of("/proc", "" + pid, "stat");
            if (!Files.exists(stat)) {
                return true;
            }
            String text = Files.readString(stat);
            return text.substring(text.lastIndexOf(')') + 2).startsWith("Z");
        }
        return true;
    }

    @Test
    void startStatusChatStopStatus() throws Exception {
        assertThat(JAR).as("run after package").exists();
        int port = freePort();
        int admin = freePort();
        int web = freePort();
        Run start = launcher("start", "--host", "127.0.0.1", "--port", "" + port, "--admin-port", "" + admin,
                "--web-port", "" + web, "--udp-port", "0", "--time-port", "0"); // never a fixed port in a test
        assertThat(start.status()).as(start.output()).isZero();
        assertThat(start.output()).contains("started (pid ", "listening for browsers on http://127.0.0.1:" + web + "/");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(pid)).isPresent();

        Run status = launcher("status");
        assertThat(status.status()).isZero();
        assertThat(status.output()).contains("running (pid " + pid + ")");

        Run again = launcher("start", "--port", "" + port);
        assertThat(again.status()).isNotZero();
        assertThat(again.output()).contains("already running (pid " + pid + ")");

        try (LineClient alice = LineClient.named(port, "alice"); LineClient bob = LineClient.named(port, "bob")) {
            alice.expect("* bob joined lobby");
            bob.send("hello from the daemon");
            alice.expect("bob : hello from the daemon");

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/health"))
                            .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"connections\":2");

            // the chat page comes out of the packaged jar
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/"))
                            .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Parley</title>", "app.js");

            Run stop = launcher("stop");
            assertThat(stop.status()).as(stop.output()).isZero();
            assertThat(stop.output()).contains("stopped (pid " + pid + ")");
            alice.expect("* server shutting down");
            assertThat(alice.closedByServer()).isTrue();
        }
        assertThat(pidFile).doesNotExist();
        assertThat(exited(pid)).as("pid " + pid + " has exited").isTrue();

        Run stopped = launcher("status");
        assertThat(stopped.status()).isEqualTo(3);
        assertThat(stopped.output()).contains("not running");

        String log = Files.readString(logDir.resolve("parley.log"));
        assertThat(log).contains("Parley started (pid " + pid + ")", "claimed name bob", "Parley stopped")
                .doesNotContain("hello from the daemon"); // chat text stays out of the log by default

        // the history went to PARLEY_DATA_DIR, and the next start finds it there
        assertThat(dataDir.resolve("parley.db")).exists();
        Run restart = launcher("start", "--host", "127.0.0.1", "--port", "" + port, "--admin-port", "-1",
                "--udp-port", "0", "--time-port", "0");
        assertThat(restart.status()).as(restart.output()).isZero();
        try (LineClient carol = LineClient.named(port, "carol")) {
            carol.expect("* history of lobby: 1 messages");
            assertThat(carol.readLine()).endsWith("] bob : hello from the daemon");
            carol.expect("* end of history");
        }
        assertThat(launcher("stop").status()).isZero();
    }

    /**
     * The JVM prints nothing of its own while the server starts, chats and stops: in particular no
     * restricted-method warning on JDK 22 and later (the jar's manifest declares native access).
     */
    @Test
    void noJvmWarningsOnTheDefaultJdkNorOnJdk25() throws Exception {
        List<String> javas = new ArrayList<>(List.of(java));
        if (Files.isExecutable(JDK_25)) {
            javas.add(JDK_25.toString());
        }
        for (String jvm : javas) {
            java = jvm;
            int port = freePort();
            Run start = launcher("start", "--host", "127.0.0.1", "--port", "" + port, "--admin-port", "-1",
                    "--web-port", "-1", "--udp-port", "0", "--time-port", "0"); // never a fixed port in a test
            assertThat(start.status()).as(jvm + ": " + start.output()).isZero();
            assertThat(start.output()).as("the launcher lists every service").contains(
                    "listening for TCP chat", "listening for UDP chat", "answering UDP time requests");
            try (LineClient alice = LineClient.named(port, "alice")) {
                alice.send("/time %c");
                assertThat(alice.readLine()).startsWith("* ");
            }
            assertThat(launcher("stop").status()).isZero();
            assertThat(Files.readString(logDir.resolve("parley.out"))).as(jvm + " printed").doesNotContain("WARNING");
        }
    }

    @Test
    void serverThatDiesAtOnceIsReported() throws Exception {
        Run start = launcher("start", "--port", "not-a-port");
        assertThat(start.status()).isNotZero();
        assertThat(start.output()).contains("failed to start", "status 2", "--port", "'not-a-port'");
        assertThat(pidFile).doesNotExist();
        assertThat(launcher("status").status()).isEqualTo(3);
    }

    @Test
    void configFileFromTheEnvironmentAndFlagsOverIt() throws Exception {
        int port = freePort();
        Path ownData = dir.resolve("data-from-the-file");
        Path file = Files.write(dir.resolve("parley.properties"), List.of(
                "host=127.0.0.1", "port=" + port, "max-line=100", "admin-port=-1", "web-port=-1", "log-messages=true",
                "udp-port=0", "time-port=0", "data-dir = " + ownData));
        config = file.toString();
        Run start = launcher("start", "--max-line", "200"); // the flag wins over the file
        assertThat(start.status()).as(start.output()).isZero();
        try (LineClient alice = LineClient.named(port, "alice"); LineClient bob = LineClient.named(port, "bob")) {
            alice.expect("* bob joined lobby");
            bob.send("x".repeat(150));
            alice.expect("bob : " + "x".repeat(150)); // over the file's 100, under the flag's 200
            bob.send("y".repeat(250));
            bob.expect("! line too long, discarded");
        }
        assertThat(launcher("stop").status()).isZero();
        assertThat(Files.readString(logDir.resolve("parley.log"))).contains("lobby bob : " + "x".repeat(150));
        // the file's data-dir wins over the launcher's default
        assertThat(ownData.resolve("parley.db")).exists();
        assertThat(dataDir).doesNotExist();
    }
}
