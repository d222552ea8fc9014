package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One TCP connection from the client, to a server played by the test: lines each way. */
final class LinePeer implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private LinePeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(20_000);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /** Waits (up to 20 s) for the client's next connection. */
    static LinePeer accept(ServerSocket listener) throws IOException {
        listener.setSoTimeout(20_000);
        return new LinePeer(listener.accept());
    }

    void send(String... lines) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String line : lines) {
            all.append(line).append('\n');
        }
        out.write(all.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String next() throws IOException {
        return in.readLine();
    }

    void expect(String line) throws IOException {
        assertThat(in.readLine()).isEqualTo(line);
    }

    /** Plays Parley's side of a claim with tags: welcome, {@code * tags on}, then the answer to {@code nick}. */
    void claim(String nick, String answer) throws IOException {
        send("* welcome to Parley. Claim a name with /nick NAME or say NAME : TEXT; /help lists commands");
        expect("/tags on");
        send("* tags on");
        expect(nick);
        send(answer);
    }

    /** True if the client closed its end (reads end of stream). */
    boolean closedByClient() throws IOException {
        return in.readLine() == null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
