package io.parley.server;

import io.parley.protocol.LineFraming;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar chat-server.jar [options]}: runs Parley until Ctrl-C or SIGTERM. */
@Command(name = "chat-server", mixinStandardHelpOptions = true, version = "Parley 0.1.0",
        description = "Parley chat server: NAME : TEXT lines over TCP.", sortOptions = false)
public final class ServerMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServerMain.class);
    private static final long SHUTDOWN_MILLIS = 4000;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default: all interfaces).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "TCP chat port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-line", paramLabel = "BYTES", defaultValue = "" + LineFraming.DEFAULT_MAX_LINE_BYTES,
            description = "Longest line accepted; a longer one is discarded with an error (default: ${DEFAULT-VALUE}).")
    int maxLine;

    @Option(names = "--send-queue", paramLabel = "BYTES", defaultValue = "" + ServerConfig.DEFAULT_SEND_QUEUE_BYTES,
            description = "Bytes queued for a client that does not read before it is cut off (default: ${DEFAULT-VALUE}).")
    int sendQueue;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
            description = "Event-loop threads; 0 means one per core (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config;
        try {
            config = new ServerConfig(host, port, maxLine, sendQueue, ioThreads);
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            server.stop(SHUTDOWN_MILLIS);
            stopped.countDown();
        }, "parley-shutdown"));
        stopped.await();
        return 0;
    }
}
