package io.parley.client;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where typed lines are kept between runs: {@code $XDG_STATE_HOME/parley/history}, by default
 * {@code ~/.local/state/parley/history} (the XDG base directory rules: history is state, not
 * configuration). What you type includes private messages, so the directory is made readable by
 * you alone and the file too.
 */
final class InputHistory {
    /** Lines kept, in memory and in the file. */
    static final int SIZE = 1000;

    private InputHistory() {
    }

    /** The history file for this environment; null when neither XDG_STATE_HOME nor HOME says where. */
    static Path file(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isEmpty() && Path.of(state).isAbsolute()) {
            return Path.of(state, "parley", "history");
        }
        String home = env.get("HOME");
        if (home != null && !home.isEmpty()) {
            return Path.of(home, ".local", "state", "parley", "history");
        }
        return null;
    }

    /** Makes the directory (mode 700) and the file (mode 600) if they are not there. */
    static void prepare(Path file) throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its own defaults apply
            }
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // kept from an earlier run
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }
}
