package io.parley.server.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The socket file is bound where only its owner can reach it, and published without replacing anything. */
@Timeout(30)
class UnixSocketFileTest {
    @TempDir
    Path dir;

    @Test
    void theStagingDirectoryIsTheOwnersAlone() throws Exception {
        Path staging = UnixSocketFile.stagingPath(dir.resolve("parley.sock"));
        assertThat(staging.getParent().getParent()).isEqualTo(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(staging.getParent())))
                .isEqualTo("rwx------");
        UnixSocketFile.discardStaging(staging);
        assertThat(staging.getParent()).doesNotExist();
    }

    @Test
    void aPublishedSocketAnswersAtItsPathAndTheStagingIsGone() throws Exception {
        Path path = dir.resolve("parley.sock");
        Path staging = UnixSocketFile.stagingPath(path);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(staging));
            UnixSocketFile.applyMode(staging, 0600);
            UnixSocketFile.publish(staging, path);
            assertThat(staging).doesNotExist();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
                 SocketChannel accepted = server.accept()) {
                assertThat(accepted.isConnected()).isTrue();
                assertThat(client.isConnected()).isTrue();
            }
        }
        UnixSocketFile.discardStaging(staging);
        assertThat(staging.getParent()).doesNotExist();
    }

    @Test
    void aFileThatAppearedAtThePathIsNotReplaced() throws Exception {
        Path path = dir.resolve("parley.sock");
        Path staging = UnixSocketFile.stagingPath(path);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(staging));
            Files.writeString(path, "someone else's");
            assertThatThrownBy(() -> UnixSocketFile.publish(staging, path))
                    .isInstanceOf(FileAlreadyExistsException.class);
            assertThat(Files.readString(path)).isEqualTo("someone else's");
        }
        UnixSocketFile.discardStaging(staging);
        assertThat(staging.getParent()).doesNotExist();
    }

    @Test
    void shutdownRemovesOnlyTheSocketThisServerPutThere() throws Exception {
        Path path = dir.resolve("parley.sock");
        // Checked while this server's listener is still open, as at shutdown: the listener holds
        // its file's inode, so another file cannot have the same key.
        try (ServerSocketChannel first = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            first.bind(UnixDomainSocketAddress.of(path));
            Object ours = UnixSocketFile.fileKey(path);
            Files.delete(path); // someone removed it, and another server has put its own there
            try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                other.bind(UnixDomainSocketAddress.of(path));
                UnixSocketFile.remove(path, ours);
                assertThat(path).as("not ours: left alone").exists();
                UnixSocketFile.remove(path, UnixSocketFile.fileKey(path));
                assertThat(path).doesNotExist();
            }
        }
    }
}
