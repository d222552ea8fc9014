package io.parley.server;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

/** {@code java -jar chat-server.jar [options]}: runs Parley until Ctrl-C or SIGTERM. */
@Command(name = "chat-server", mixinStandardHelpOptions = true, version = "Parley 0.1.0",
        description = "Parley chat server: NAME : TEXT lines over TCP and UDP, and a UDP strftime time service.",
        sortOptions = false)
public final class ServerMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServerMain.class);
    private static final long SHUTDOWN_MILLIS = 4000;

    @Mixin
    ServerConfig config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try {
            config.validate();
        } catch (IllegalArgumentException e) {
            System.err.println("chat-server: " + e.getMessage());
            return 2;
        }
        ParleyServer server = new ParleyServer(config);
        try {
            server.start();
        } catch (Exception e) {
            log.error("cannot start: {}", e.toString());
            server.stop(1000);
            return 1;
        }
        // Ctrl-C and SIGTERM end the process through main, so that a clean shutdown exits 0
        // (a JVM that dies of the signal would report 130 or 143).
        CountDownLatch signalled = new CountDownLatch(1);
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> signalled.countDown());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(SHUTDOWN_MILLIS), "parley-shutdown"));
        signalled.await();
        log.info("shutting down");
        server.stop(SHUTDOWN_MILLIS);
        return 0;
    }
}
