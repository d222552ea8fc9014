package io.parley.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium for browser tests, driven through chromium-driver. Both come from Debian
 * ({@code apt-get install -y chromium chromium-driver}); where they are missing the browser tests
 * are skipped, saying so, unless {@code -Dparley.browser.required=true} (as {@code .ci/run} sets)
 * makes them required. Nothing is downloaded at test time.
 */
public final class Chromium implements AutoCloseable {
    public static final String REQUIRED_PROPERTY = "parley.browser.required";
    private static final String INSTALL = "apt-get install -y chromium chromium-driver";

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** The browser binary: {@code -Dparley.chromium=PATH}, else Debian's. */
    static Path browserBinary() {
        return Path.of(System.getProperty("parley.chromium", "/usr/bin/chromium"));
    }

    /** The driver binary: {@code -Dparley.chromedriver=PATH}, else Debian's. */
    static Path driverBinary() {
        return Path.of(System.getProperty("parley.chromedriver", "/usr/bin/chromedriver"));
    }

    /**
     * Skips the calling test (or fails it, when browsers are required) unless Chromium and its
     * driver are installed.
     */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(browserBinary()) && Files.isExecutable(driverBinary());
        if (installed) {
            return;
        }
        String missing = "Chromium (" + browserBinary() + ") and chromium-driver (" + driverBinary()
                + ") are needed for the browser tests; install them with: " + INSTALL;
        if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
            fail(missing + " (browser tests are required: -D" + REQUIRED_PROPERTY + "=true)");
        }
        Assumptions.assumeTrue(false, missing + ". Skipping the browser tests.");
    }

    /** Starts a headless Chromium of its own, with a fresh profile, {@code width} x {@code height}. */
    public static Chromium start(int width, int height) throws IOException {
        assumeInstalled();
        Path profile = Files.createTempDirectory("parley-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browserBinary().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-extensions", "--mute-audio",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverBinary().toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        driver.manage().window().setSize(new Dimension(width, height));
        return new Chromium(driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
