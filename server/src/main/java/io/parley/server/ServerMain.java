package io.parley.server;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code java -jar chat-server.jar [options]}: runs Parley until Ctrl-C or SIGTERM. */
@Command(name = "chat-server", mixinStandardHelpOptions = true, version = "Parley 0.1.0",
        description = "Parley chat server: NAME : TEXT lines over TCP, TLS, UDP and WebSocket (with a chat page for browsers), and a UDP strftime time service.",
        sortOptions = false)
public final class ServerMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServerMain.class);
    private static final long SHUTDOWN_MILLIS = 4000;
    /** Exit status for a bad flag or config value, as picocli uses for usage errors. */
    static final int USAGE_ERROR = 2;

    @Mixin
    ServerConfig config;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.err, true), args));
    }

    /**
     * Parses {@code args} (and the --config file they name) and runs the server. A bad value ends
     * it at once with one line on {@code err} and status {@value #USAGE_ERROR}.
     */
    static int run(PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new ServerMain());
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, a) -> {
            err.println(commandLine.getCommandName() + ": " + e.getMessage()
                    + ConfigFileDefaults.origin(commandLine, e.getArgSpec(), a) + " (see --help)");
            return USAGE_ERROR;
        });
        try {
            ConfigFileDefaults.install(commandLine, args);
        } catch (ParameterException e) {
            err.println(commandLine.getCommandName() + ": " + e.getMessage());
            return USAGE_ERROR;
        }
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        try {
            config.validate();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(spec.name() + ": " + e.getMessage());
            return USAGE_ERROR;
        }
        // Ctrl-C and SIGTERM end the process through main, so that a clean shutdown exits 0 (a JVM
        // that dies of the signal would report 130 or 143). Caught from before the listeners open,
        // so a stop requested at any moment of the start, or right after it, still exits 0.
        CountDownLatch signalled = new CountDownLatch(1);
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> signalled.countDown());
        }
        ParleyServer server = new ParleyServer(config);
        try {
            server.start();
        } catch (Exception e) {
            log.error("cannot start: {}", e.getMessage());
            server.stop(1000);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(SHUTDOWN_MILLIS), "parley-shutdown"));
        // The launcher (bin/parley-server) waits for this line to know the start worked.
        log.info("Parley started (pid {})", ProcessHandle.current().pid());
        signalled.await();
        log.info("shutting down");
        server.stop(SHUTDOWN_MILLIS);
        return 0;
    }
}
