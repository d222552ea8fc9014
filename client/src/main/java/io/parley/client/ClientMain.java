package io.parley.client;

import io.parley.protocol.Names;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar chat-client.jar [--name NAME] [options]}: chat with a Parley server from a
 * console; {@code java -jar chat-client.jar time [FORMAT]}: ask a UDP time server. Exit codes: 0
 * after a normal end, 1 when the server cannot be reached or goes away (for good), 2 for a bad
 * command line or a name the server refused.
 */
@Command(name = "chat-client", mixinStandardHelpOptions = true, version = ClientMain.VERSION, sortOptions = false,
        description = {"Parley console client: chat over TCP, TLS or UDP.",
                "Type a line to say it, /help for the server's commands, Tab to complete, q or /quit to leave."})
public final class ClientMain implements Callable<Integer> {
    static final String VERSION = "chat-client (Parley) 0.1.0";
    static final int DEFAULT_PORT = 9090;

    private final ClientStreams streams;

    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Your chat name (default: your login name, $USER, if it is a valid name).")
    String name;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT,
            description = "Server TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--no-color", description = "Plain lines, no colours (also when stdout is not a terminal).")
    boolean noColor;

    @Option(names = "--time", negatable = true,
            description = "HH:MM before each line, from the server's time where it gives one "
                    + "(default: on at a terminal, off for scripts).")
    Boolean time;

    @Option(names = "--bell", negatable = true,
            description = "Ring the terminal's bell when a line mentions you and on private messages "
                    + "(default: on at a terminal).")
    Boolean bell;

    @Option(names = "--reconnect", negatable = true,
            description = "When the connection drops, reconnect with backoff (1 s doubling to 30 s), take the name "
                    + "back, return to the room and show what was missed (default: on at a terminal, off for "
                    + "scripts, which get exit code 1 instead; not over --udp).")
    Boolean reconnect;

    @Option(names = "--send-rate", paramLabel = "LINES", defaultValue = "5",
            description = "Lines a second the client sends at most after a burst of 10, to stay within the "
                    + "server's flood control (its default); 0 sends at once (default: ${DEFAULT-VALUE}).")
    double sendRate;

    @Option(names = "--keepalive", paramLabel = "SECONDS", defaultValue = "60",
            description = "Send /ping this often to keep an idle session alive; 0: never (default: ${DEFAULT-VALUE}).")
    int keepaliveSeconds;

    @Option(names = "--udp", description = "Chat over UDP: one datagram per line.")
    boolean udp;

    @Option(names = "--udp-port", paramLabel = "PORT",
            description = "The server's UDP chat port (default: the --port value).")
    Integer udpPort;

    @Option(names = "--unix", paramLabel = "PATH",
            description = "Connect to the server's Unix domain socket (its --unix-socket) instead of TCP.")
    Path unix;

    @Option(names = "--tls", description = "Connect over TLS (1.3 or 1.2).")
    boolean tls;

    @Option(names = "--trust", paramLabel = "CERT.pem",
            description = "With --tls: trust the certificate(s) in this PEM file instead of the system's.")
    Path trust;

    @Option(names = "--insecure", description = "With --tls: do NOT verify the server's certificate (testing only).")
    boolean insecure;

    ClientMain(ClientStreams streams) {
        this.streams = streams;
    }

    public static void main(String[] args) {
        System.exit(run(args, ClientStreams.system()));
    }

    /** Runs the client with the given streams; returns the exit code. */
    static int run(String[] args, ClientStreams streams) {
        CommandLine cmd = new CommandLine(new ClientMain(streams));
        cmd.addSubcommand("time", new TimeCommand(streams));
        cmd.setOut(writer(streams.out()));
        cmd.setErr(writer(streams.err()));
        cmd.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("chat-client: " + Failures.describe(e));
            return ChatSession.FAILED;
        });
        return cmd.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        validate();
        Inbox inbox = new Inbox();
        RoomNames names = new RoomNames();
        AtomicReference<ChatSession> session = new AtomicReference<>(); // read by the completer's thread
        boolean atTerminal = streams.terminal() != null;
        boolean colour = !noColor && streams.env().get("NO_COLOR") == null;
        boolean timestamps = time != null ? time : atTerminal;
        ChatCompleter completer = new ChatCompleter(names, () -> session.get() == null ? name : session.get().name(),
                commands());
        try (Console console = openConsole(colour, timestamps, completer)) {
            if (insecure) {
                console.printProblem(console.renderer().problem("WARNING: --insecure: the server's certificate is NOT"
                        + " verified. Anyone between you and the server can read and change this chat."));
            }
            boolean interactive = console.interactive();
            ChatSession.Options options = new ChatSession.Options(name, udp ? WireDialect.UDP : WireDialect.TCP,
                    keepaliveSeconds, sendRate, reconnect != null ? reconnect : interactive && !udp,
                    bell != null ? bell : interactive);
            session.set(new ChatSession(this::connect, options, inbox, console, names));
            return session.get().run();
        }
    }

    /** Opens a connection to the server as the options say; what it receives goes to {@code inbox}. */
    private ChatLink connect(Inbox inbox) throws IOException {
        return udp
                ? UdpChatConnection.open(host, udpPort != null ? udpPort : port, name, inbox)
                : unix != null ? ChatConnection.connectUnix(unix, inbox)
                : ChatConnection.connect(host, port, tls ? TlsContexts.client(trust, insecure) : null, inbox);
    }

    private List<String> commands() {
        List<String> all = new ArrayList<>(List.of("/help", "/history", "/join", "/msg", "/nick", "/ping", "/quit",
                "/rooms", "/time", "/who"));
        if (udp) {
            all.remove("/nick"); // every datagram carries the name
            all.remove("/history"); // history is for stream connections
        }
        return all;
    }

    private Console openConsole(boolean colour, boolean timestamps, ChatCompleter completer) {
        Clock clock = Clock.systemDefaultZone();
        if (streams.terminal() != null) {
            try {
                Terminal terminal = streams.terminal().open();
                if (terminal.getType() != null && terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
                    return new DumbConsole(terminal, LineRenderer.console(null, timestamps, clock),
                            streams.terminal().controlsProcess());
                }
                Colours.Level level = colour ? Colours.detect(terminal.getNumericCapability(InfoCmp.Capability.max_colors),
                        streams.env().get("COLORTERM"), terminal.getType()) : Colours.Level.NONE;
                return TerminalConsole.open(terminal, LineRenderer.console(Colours.of(level), timestamps, clock),
                        completer, InputHistory.file(streams.env()), warning -> streams.err().println("chat-client: " + warning));
            } catch (IOException | RuntimeException e) {
                streams.err().println("chat-client: no line editing (" + Failures.describe(e) + ")");
            }
        }
        return new PlainConsole(streams.in(), streams.out(), streams.err(), LineRenderer.transcript(timestamps, clock));
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (name == null) {
            String login = streams.env().get("USER");
            if (login == null || !Names.isValid(login)) {
                throw new ParameterException(cl, "Missing required option: '--name=NAME'"
                        + (login == null ? "" : " (your login name " + login + " is not a valid chat name)")
                        + " (or use the time command)");
            }
            name = login;
        }
        if (!Names.isValid(name)) {
            throw new ParameterException(cl, Names.invalidReason(name));
        }
        name = Names.enforce(name); // the form the server confirms: ａｌｉｃｅ is alice
        checkPort(spec, "--port", port);
        if (udpPort != null) {
            checkPort(spec, "--udp-port", udpPort);
        }
        if (!(sendRate >= 0 && sendRate <= 1_000_000)) {
            throw new ParameterException(cl, "--send-rate must be 0 to 1000000, not " + sendRate);
        }
        if (keepaliveSeconds < 0 || keepaliveSeconds > 86_400) {
            throw new ParameterException(cl, "--keepalive must be 0 to 86400 seconds, not " + keepaliveSeconds);
        }
        if (udp && Boolean.TRUE.equals(reconnect)) {
            throw new ParameterException(cl, "--reconnect works over TCP, TLS and --unix, not --udp");
        }
        if (udp && tls) {
            throw new ParameterException(cl, "--tls does not work with --udp");
        }
        if (unix != null && (udp || tls)) {
            throw new ParameterException(cl, "--unix does not work with --udp or --tls");
        }
        if ((trust != null || insecure) && !tls) {
            throw new ParameterException(cl, "--trust and --insecure need --tls");
        }
        if (trust != null && insecure) {
            throw new ParameterException(cl, "--trust and --insecure cannot be used together");
        }
    }

    static void checkPort(CommandSpec spec, String option, int port) {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), option + " must be 1 to 65535, not " + port);
        }
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }
}
