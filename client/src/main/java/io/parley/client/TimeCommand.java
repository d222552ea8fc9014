package io.parley.client;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chat-client time [FORMAT]}: the time from a Parley UDP time server. */
@Command(name = "time", mixinStandardHelpOptions = true, version = ClientMain.VERSION, sortOptions = false,
        description = "Ask a UDP time server for the time and print each answer on its own line.")
final class TimeCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 9091;

    private final ClientStreams streams;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FORMAT", defaultValue = "",
            description = "strftime format, e.g. \"%%Y-%%m-%%d %%H:%%M:%%S\"; empty: the server's ISO-8601 default.")
    String format;

    @Option(names = "--every", paramLabel = "SECONDS", defaultValue = "2",
            description = "Seconds between requests (default: ${DEFAULT-VALUE}).")
    double everySeconds;

    @Option(names = "--count", paramLabel = "N",
            description = "Requests to send (default: until stopped; 1 with --every 0).")
    Long count;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Time server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT,
            description = "Time server UDP port (default: ${DEFAULT-VALUE}).")
    int port;

    TimeCommand(ClientStreams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!(everySeconds >= 0 && everySeconds <= 86_400)) {
            throw new ParameterException(spec.commandLine(), "--every must be 0 to 86400 seconds, not " + everySeconds);
        }
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1, not " + count);
        }
        ClientMain.checkPort(spec, "--port", port);
        long requests = count != null ? count : everySeconds == 0 ? 1 : Long.MAX_VALUE;
        return new TimeQuery(new InetSocketAddress(host, port), format, Math.round(everySeconds * 1000),
                requests, streams.out(), streams.err()).run();
    }
}
