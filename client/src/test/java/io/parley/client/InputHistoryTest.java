package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputHistoryTest {

    @Test
    void followsTheXdgStateDirectory() {
        assertThat(InputHistory.file(Map.of("XDG_STATE_HOME", "/s", "HOME", "/h"))).isEqualTo(Path.of("/s/parley/history"));
        assertThat(InputHistory.file(Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.local/state/parley/history"));
        // A relative XDG_STATE_HOME is invalid by the specification and ignored.
        assertThat(InputHistory.file(Map.of("XDG_STATE_HOME", "rel", "HOME", "/h")))
                .isEqualTo(Path.of("/h/.local/state/parley/history"));
        assertThat(InputHistory.file(Map.of())).isNull();
    }

    @Test
    void theFileIsPrivate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state/parley/history");
        InputHistory.prepare(file);
        InputHistory.prepare(file); // a second run finds it there
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }
}
