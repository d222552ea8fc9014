package io.parley.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags every scenario shares. Every run is bounded in size and time, and loopback only. */
final class BenchOptions {
    static final int MAX_CLIENTS = 100_000;
    static final double MAX_SECONDS = 3600;

    enum Target { parley, lines, irc }

    @Option(names = "--target", defaultValue = "parley",
            description = "Server kind: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Target target;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Server address; must be loopback (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "9090", description = "Server TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--clients", defaultValue = "100", description = "TCP connections (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--senders", defaultValue = "1",
            description = "How many of the clients send (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--duration", defaultValue = "10", paramLabel = "SECONDS",
            description = "Measured sending time, after the warm-up (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "SECONDS",
            description = "Sending before measuring starts; its messages are checked but not timed (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "MSGS_PER_SEC",
            description = "Open loop: messages per second over all senders, latency from each message's intended send time. "
                    + "0 (default): closed loop, as fast as the server takes them.")
    double rate;

    @Option(names = "--window", defaultValue = "32",
            description = "Closed loop: messages in flight per sender (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--size", defaultValue = "64", paramLabel = "BYTES",
            description = "Payload bytes per message, before the server's prefix (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--room-size", defaultValue = "10",
            description = "rooms, connections: members per room (default: ${DEFAULT-VALUE}).")
    int roomSize;

    @Option(names = "--drain", defaultValue = "5", paramLabel = "SECONDS",
            description = "After sending stops, how long to wait for the last deliveries before counting losses (default: ${DEFAULT-VALUE}).")
    double drain;

    @Option(names = "--threads", defaultValue = "0",
            description = "Load generator event loops; 0 means one per core (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--source-addresses", defaultValue = "16",
            description = "Spread connections over 127.0.0.1 .. 127.0.0.N (default: ${DEFAULT-VALUE}).")
    int sourceAddresses;

    @Option(names = "--connect-concurrency", defaultValue = "200",
            description = "Handshakes in progress at once while connecting (default: ${DEFAULT-VALUE}).")
    int connectConcurrency;

    @Option(names = "--connect-timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "Longest time to connect every client (default: ${DEFAULT-VALUE}).")
    double connectTimeout;

    @Option(names = "--tls", description = "Speak TLS to the server, trusting any certificate (test peers use self-signed ones).")
    boolean tls;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "Server process: its CPU use during the measured part (/proc/PID/stat); connections: its memory.")
    Long serverPid;

    @Option(names = "--stuck-readers", defaultValue = "0", paramLabel = "N",
            description = "fanout, rooms (Parley only): N more clients join the first room and never read; the report "
                    + "says how many the server cut off, while the others must still lose nothing (default: ${DEFAULT-VALUE}).")
    int stuckReaders;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path json;

    int threads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** The server address, refusing anything but loopback: this tool loads only local servers. */
    InetAddress loopbackHost() {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + ": unknown host");
        }
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("--host " + host + " is not a loopback address; this tool loads local servers only");
        }
        return address;
    }

    void validate() {
        loopbackHost();
        check(port > 0 && port <= 65535, "--port must be 1 to 65535");
        check(clients >= 1 && clients <= MAX_CLIENTS, "--clients must be 1 to " + MAX_CLIENTS);
        check(senders >= 0 && senders <= clients, "--senders must be 0 to --clients");
        check(duration > 0 && duration <= MAX_SECONDS, "--duration must be more than 0 and at most " + MAX_SECONDS);
        check(warmup >= 0 && warmup <= MAX_SECONDS, "--warmup must be 0 to " + MAX_SECONDS);
        check(drain >= 0 && drain <= 600, "--drain must be 0 to 600");
        check(rate >= 0 && rate <= 10_000_000, "--rate must be 0 to 10000000");
        check(window >= 1 && window <= 100_000, "--window must be 1 to 100000");
        check(size >= 0 && size <= 4000, "--size must be 0 to 4000");
        check(sourceAddresses >= 1 && sourceAddresses <= 254, "--source-addresses must be 1 to 254");
        check(connectConcurrency >= 1, "--connect-concurrency must be at least 1");
        check(connectTimeout > 0 && connectTimeout <= MAX_SECONDS, "--connect-timeout must be more than 0 and at most " + MAX_SECONDS);
        check(threads >= 0 && threads <= 64, "--threads must be 0 to 64");
        check(stuckReaders >= 0 && stuckReaders <= 1000, "--stuck-readers must be 0 to 1000");
        check(stuckReaders == 0 || target == Target.parley, "--stuck-readers needs --target parley");
        check(stuckReaders == 0 || !tls, "--stuck-readers does not work with --tls");
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
