package io.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.server.testing.RunningServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Starting beside a port in use says which flag to change; a stop asked for right after the start exits 0. */
@Timeout(120)
class StartAndStopTest {

    @Test
    void aTimePortInUseNamesTheFlag() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThatThrownBy(() -> RunningServer.start("--time-port", "" + taken.getLocalPort()).close())
                    .hasMessageContaining("cannot listen for UDP time on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("choose another port with --time-port");
        }
    }

    @Test
    void aChatPortInUseNamesTheFlags() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> RunningServer.start("--port", "" + taken.getLocalPort(), "--udp-port", "0").close())
                    .hasMessageContaining("cannot listen for TCP chat")
                    .hasMessageContaining("choose another port with --port");
        }
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThatThrownBy(() -> RunningServer.start("--udp-port", "" + taken.getLocalPort()).close())
                    .hasMessageContaining("choose another port with --udp-port");
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> RunningServer.start("--admin-port", "" + taken.getLocalPort()).close())
                    .hasMessageContaining("choose another port with --admin-port");
        }
    }

    /**
     * The server as a child process, signalled the moment it logs its first listener (mid-start)
     * or its start line, with both signals: every run exits 0.
     */
    @Test
    void aSignalDuringOrRightAfterTheStartExitsZero() throws Exception {
        String listening = "Parley listening for TCP chat";
        String started = "Parley started (pid ";
        for (String[] run : new String[][] {
            {"TERM", started}, {"INT", started}, {"TERM", listening}, {"INT", listening}}) {
            String signal = run[0];
            Process server = startChild();
            try {
                List<String> output = readUntil(server, run[1]);
                if (signal.equals("TERM")) {
                    server.destroy(); // SIGTERM at once, without starting a process
                } else {
                    new ProcessBuilder("kill", "-" + signal, "" + server.pid()).start().waitFor(10, TimeUnit.SECONDS);
                }
                assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("exited after SIG" + signal).isTrue();
                assertThat(server.exitValue()).as("exit status after SIG%s at <%s>; output %s", signal, run[1], output)
                        .isZero();
            } finally {
                server.destroyForcibly();
            }
        }
    }

    private static Process startChild() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ServerMain.class.getName(), "--host", "127.0.0.1", "--port", "0", "--time-port", "0",
                "--admin-port", "-1", "--history", "memory").redirectErrorStream(true).start();
    }

    /** Reads the child's output up to a line holding {@code text}; the rest is drained in the background. */
    private static List<String> readUntil(Process process, String text) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line; (line = in.readLine()) != null; ) {
            lines.add(line);
            if (line.contains(text)) {
                Thread drain = new Thread(() -> {
                    try {
                        while (in.readLine() != null) {
                            // keep the pipe from filling
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return lines;
            }
        }
        throw new AssertionError("the server ended before <" + text + ">: " + lines);
    }
}
