package io.parley.server.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import io.parley.server.testing.UnixLineClient;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Chat over --unix-socket, beside TCP, on a real socket file. */
@Timeout(60)
class UnixSocketEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void unixAndTcpClientsShareRoomsAndNames() throws Exception {
        Path socket = dir.resolve("parley.sock");
        try (RunningServer server = RunningServer.start("--unix-socket", socket.toString());
             UnixLineClient alice = UnixLineClient.connect(socket);
             LineClient bob = LineClient.named(server.port(), "bob")) {
            alice.send("alice : hello over a unix socket");
            alice.expect("* you are alice");
            alice.expect("* you are in lobby with 1 other");
            bob.expect("* alice joined lobby");
            bob.expect("alice : hello over a unix socket");
            bob.send("hi alice");
            alice.expect("bob : hi alice");
            alice.send("/nick bob");
            alice.expect("! name bob is taken");
            alice.send("/who");
            alice.expect("* in lobby (2): alice, bob");

            long uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            assertThat(server.server().chat().hub().find("alice").remote())
                    .as("the log names a unix peer by its user id").contains("uid=" + uid);

            alice.send("q");
            alice.expect("* bye alice");
            assertThat(alice.closedByServer()).isTrue();
            bob.expect("* alice left (quit)");
        }
    }

    @Test
    void theFileHasTheModeAskedForAndIsRemovedAtShutdown() throws Exception {
        Path socket = dir.resolve("mode.sock");
        try (RunningServer server = RunningServer.start("--unix-socket", socket.toString(),
                "--unix-socket-mode", "0600")) {
            assertThat(server.server().unixSocket()).isEqualTo(socket);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            try (Stream<Path> entries = Files.list(dir)) {
                List<Path> others = entries.filter(p -> !p.equals(socket)).toList();
                assertThat(others).as("only the empty directory it was bound in, the owner's alone").hasSize(1);
                assertThat(others.get(0)).isEmptyDirectory();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(others.get(0))))
                        .isEqualTo("rwx------");
            }
        }
        assertThat(socket).doesNotExist();
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries).as("nothing left behind").isEmpty();
        }
        try (RunningServer server = RunningServer.start("--unix-socket", socket.toString())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
        }
    }

    @Test
    void aPathTooLongToBeBoundBesideIsBoundInPlace() throws Exception {
        // A socket path of 102 bytes, in a directory whose staging path (".xxxxxx/s" inside it, 8
        // bytes longer) would pass the 107 bytes of a socket address.
        int room = 102 - dir.toString().length() - "/a".length();
        assumeTrue(room > 1, "the temporary directory's path is too long for this test");
        Path deep = Files.createDirectories(dir.resolve("d".repeat(room - 1)));
        Path socket = deep.resolve("a");
        assertThat(socket.toString()).hasSize(102);
        try (RunningServer server = RunningServer.start("--unix-socket", socket.toString(),
                "--unix-socket-mode", "0600");
             UnixLineClient alice = UnixLineClient.connect(socket)) {
            alice.send("/ping");
            alice.expect("* pong");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        }
    }

    @Test
    void aStaleFileFromACrashedRunIsReplaced() throws Exception {
        Path socket = dir.resolve("stale.sock");
        // A socket file nobody listens on, as a killed server leaves it.
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        try (RunningServer server = RunningServer.start("--unix-socket", socket.toString());
             UnixLineClient alice = UnixLineClient.connect(socket)) {
            alice.send("/ping");
            alice.expect("* pong");
        }
    }

    @Test
    void aLiveSocketOrAnotherKindOfFileIsLeftAloneAndRefused() throws Exception {
        Path socket = dir.resolve("live.sock");
        try (RunningServer first = RunningServer.start("--unix-socket", socket.toString())) {
            assertThatThrownBy(() -> RunningServer.start("--unix-socket", socket.toString()).close())
                    .hasMessageContaining("a server is already listening there")
                    .hasMessageContaining("--unix-socket");
            try (UnixLineClient still = UnixLineClient.connect(socket)) {
                still.send("/ping");
                still.expect("* pong");
            }
        }
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> RunningServer.start("--unix-socket", file.toString()).close())
                .hasMessageContaining("exists and is not a socket; not removing it");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }
}
