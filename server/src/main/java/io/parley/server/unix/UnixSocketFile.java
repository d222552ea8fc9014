package io.parley.server.unix;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file of the {@code --unix-socket} listener: made ready before the bind (a stale file left by
 * a crashed run is removed; a live one or any other kind of file is left alone and refused), bound
 * in a directory only the server's user can enter, given its mode there and only then linked to
 * its path (so that nobody can connect while it still has the umask's mode), removed at shutdown
 * if it is still the file this server put there. Also says who is at the other end of a connection.
 */
public final class UnixSocketFile {
    private static final Logger log = LoggerFactory.getLogger(UnixSocketFile.class);
    /** The longest path a Unix socket address holds on Linux ({@code sun_path}, 108 bytes with its NUL). */
    private static final int MAX_PATH_BYTES = 107;

    private UnixSocketFile() {
    }

    /** Clears the way for a bind at {@code path}, or throws with a message that names the flag. */
    public static void prepare(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            Path dir = path.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                throw new IOException("--unix-socket " + path + ": directory " + dir + " does not exist");
            }
            return;
        }
        if (!attributes.isOther()) {
            throw new IOException("--unix-socket " + path + " exists and is not a socket; not removing it");
        }
        if (answers(path)) {
            throw new IOException("--unix-socket " + path
                    + ": a server is already listening there; stop it or choose another path with --unix-socket");
        }
        Files.delete(path);
        log.info("removed the stale socket file {} (nothing was listening on it)", path);
    }

    /**
     * Where to bind before the socket file is published at {@code path}: a new directory beside
     * it that only the server's user may enter ({@code 0700}), so that a connection through the
     * file is impossible until {@link #publish} (the bind itself gives the file the umask's mode).
     * Null if that path would be longer than a socket address may be; the caller then binds at
     * {@code path} itself.
     */
    public static Path stagingPath(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            long low = 36L * 36 * 36 * 36 * 36; // six base-36 digits, always: the path's length is known
            String name = "." + Long.toString(ThreadLocalRandom.current().nextLong(low, low * 36), 36);
            Path staging = dir.resolve(name).resolve("s");
            if (staging.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
                return null;
            }
            try {
                Files.createDirectory(staging.getParent(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                return staging;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /**
     * Makes the socket bound (and given its mode) at {@code staging} reachable at {@code path}, by
     * a hard link that fails ({@link java.nio.file.FileAlreadyExistsException}) rather than replace
     * a file that appeared there meanwhile; then removes the staging entry. The staging directory
     * stays, empty, until {@link #discardStaging}: the listener's own address is in it, and the
     * transport may remove that address when the listener closes.
     */
    public static void publish(Path staging, Path path) throws IOException {
        Files.createLink(path, staging);
        Files.delete(staging);
    }

    /** Removes a staging path and its directory, if they are still there. */
    public static void discardStaging(Path staging) {
        try {
            Files.deleteIfExists(staging);
            Files.deleteIfExists(staging.getParent());
        } catch (IOException e) {
            log.warn("could not remove {}: {}", staging.getParent(), e.toString());
        }
    }

    /** What identifies the file at {@code path} (its device and inode), for {@link #remove}. */
    public static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** True if something accepts connections on the socket file {@code path}. */
    static boolean answers(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sets the file's permission bits to {@code mode} ({@code 0660}: owner and group may connect). */
    public static void applyMode(Path path, int mode) throws IOException {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        Files.setPosixFilePermissions(path, permissions);
    }

    /**
     * Removes the socket file at shutdown, if it is still a socket and, when {@code key} is given,
     * still the file that had that {@link #fileKey} (not one another server put there since).
     */
    public static void remove(Path path, Object key) {
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isOther() && (key == null || key.equals(attributes.fileKey()))) {
                Files.delete(path);
            }
        } catch (IOException e) {
            log.debug("socket file {} not removed: {}", path, e.toString());
        }
    }

    /**
     * Who is at the other end of a Unix socket connection, for the log: {@code unix:uid=1000,pid=42}
     * where the kernel says (epoll's {@code SO_PEERCRED}), else {@code unix:peer}.
     */
    public static String describePeer(Channel channel) {
        if (channel instanceof EpollDomainSocketChannel epoll) {
            try {
                PeerCredentials peer = epoll.peerCredentials();
                return "unix:uid=" + peer.uid() + ",pid=" + peer.pid();
            } catch (IOException e) {
                log.debug("no peer credentials: {}", e.toString());
            }
        }
        return "unix:peer"; // NIO cannot tell; the local address would be the staging path
    }
}
