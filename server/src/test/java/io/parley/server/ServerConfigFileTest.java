package io.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ServerConfigFileTest {
    /** The config file shipped in the repository (tests run in the server module's directory). */
    static final Path SHIPPED = Path.of("..", "config", "parley.properties");

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        return Files.write(dir.resolve("parley.properties"), List.of(lines));
    }

    /** Runs the real entry point (without starting: every case here fails first) and returns status and stderr. */
    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        int status = ServerMain.run(new PrintWriter(err, true), args);
        return new Result(status, err.toString());
    }

    record Result(int status, String err) {
        List<String> lines() {
            return err.lines().toList();
        }
    }

    @Test
    void fileSetsOptionsAndFlagsOverrideIt() throws IOException {
        Path f = file("port = 0", "max-line=1000", "send-queue=8192", "log-messages=true", "admin-port=-1",
                "# a comment", "admin-host=::1");
        ServerConfig config = ServerConfig.parse("--config", f.toString(), "--max-line", "2000");
        assertThat(config.port()).isZero();
        assertThat(config.maxLineBytes()).isEqualTo(2000); // the flag wins
        assertThat(config.sendQueueBytes()).isEqualTo(8192);
        assertThat(config.logMessages()).isTrue();
        assertThat(config.adminPort()).isEqualTo(ServerConfig.ADMIN_OFF);
        assertThat(config.adminHost()).isEqualTo("::1");
        assertThat(config.ioThreads()).isEqualTo(Runtime.getRuntime().availableProcessors()); // not in the file: one per core

        ServerConfig equalsForm = ServerConfig.parse("--config=" + f, "--log-messages=false");
        assertThat(equalsForm.sendQueueBytes()).isEqualTo(8192);
        assertThat(equalsForm.logMessages()).isFalse();
    }

    @Test
    void withoutAFileTheBuiltInDefaultsHold() {
        ServerConfig config = ServerConfig.parse();
        assertThat(config.port()).isEqualTo(ServerConfig.DEFAULT_PORT);
        assertThat(config.adminPort()).isEqualTo(ServerConfig.DEFAULT_ADMIN_PORT);
        assertThat(config.adminHost()).isEqualTo("127.0.0.1");
        assertThat(config.tlsPort()).isNull();
        assertThat(config.logMessages()).isFalse();
        assertThat(ServerConfig.parse("--admin-port", "-1").adminPort()).isEqualTo(ServerConfig.ADMIN_OFF);
        assertThat(ServerConfig.parse("--log-messages").logMessages()).isTrue();
    }

    @Test
    void unknownKeyIsRefusedWithOneLine() throws IOException {
        Path f = file("prot=9090");
        Result r = run("--config", f.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.lines()).singleElement().asString()
                .contains("unknown option 'prot'").contains(f.toString());
    }

    @Test
    void nonNumberInTheFileNamesTheOptionAndTheFile() throws IOException {
        Path f = file("port=abc");
        Result r = run("--config", f.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.lines()).singleElement().asString()
                .contains("--port").contains("'abc'").contains("port in " + f);
    }

    @Test
    void outOfRangeInTheFileNamesTheOption() throws IOException {
        Path f = file("port=70000");
        Result r = run("--config", f.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.lines()).singleElement().asString().contains("--port must be 0 to 65535, not 70000");
    }

    @Test
    void badFlagIsRefusedWithOneLine() {
        Result r = run("--admin-port", "x");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.lines()).singleElement().asString().contains("--admin-port").contains("'x'")
                .doesNotContain(" in "); // not blamed on a config file
        Result unknown = run("--colour");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.lines()).singleElement().asString().contains("--colour");
    }

    @Test
    void missingFileIsRefused() {
        Result r = run("--config", dir.resolve("nope.properties").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.lines()).singleElement().asString().contains("config file").contains("does not exist");
    }

    @Test
    void tlsNeedsAllThreeOptions() throws IOException {
        assertThatThrownBy(() -> ServerConfig.parse("--tls-port", "0"))
                .hasMessage("--tls-port needs --tls-cert and --tls-key");
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        assertThatThrownBy(() -> ServerConfig.parse("--tls-cert", cert.toString(), "--tls-key", cert.toString()))
                .hasMessage("--tls-cert and --tls-key need --tls-port or --web-tls-port");
        assertThatThrownBy(() -> ServerConfig.parse("--tls-port", "0", "--tls-cert", cert.toString(),
                "--tls-key", dir.resolve("missing.pem").toString()))
                .hasMessageStartingWith("--tls-key").hasMessageEndingWith("is not a readable file");
        Result r = run("--admin-port", "-2");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.lines()).singleElement().asString().contains("--admin-port must be");
    }

    @Test
    void shippedFileListsEveryOption() throws IOException {
        String text = Files.readString(SHIPPED);
        List<String> missing = new ArrayList<>();
        for (String key : ConfigFileDefaults.keys(new CommandLine(new ServerConfig()))) {
            // set (key=...) or shown commented out (#key=...)
            if (!Pattern.compile("(?m)^#?" + Pattern.quote(key) + "\\s*=").matcher(text).find()) {
                missing.add(key);
            }
        }
        assertThat(missing).as("options missing from " + SHIPPED).isEmpty();
    }

    @Test
    void shippedFileStatesTheBuiltInDefaults() throws IOException {
        ServerConfig shipped = ServerConfig.parse("--config", SHIPPED.toString());
        ServerConfig builtIn = ServerConfig.parse();
        CommandLine fromFile = new CommandLine(shipped);
        CommandLine defaults = new CommandLine(builtIn);
        Matcher active = Pattern.compile("(?m)^([a-z-]+)\\s*=").matcher(Files.readString(SHIPPED));
        int checked = 0;
        while (active.find()) {
            OptionSpec option = fromFile.getCommandSpec().findOption("--" + active.group(1));
            Object expected = defaults.getCommandSpec().findOption("--" + active.group(1)).getValue();
            assertThat((Object) option.getValue()).as(active.group(1)).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }
}
