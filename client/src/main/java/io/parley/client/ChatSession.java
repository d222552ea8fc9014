package io.parley.client;

import io.parley.protocol.ClientLine;
import io.parley.protocol.ClientLineParser;
import io.parley.protocol.Names;
import io.parley.protocol.ServerLine;
import java.util.concurrent.TimeUnit;

/**
 * One chat session, run on the calling (main) thread: claims the name, then passes typed lines to
 * the server and server lines to the console until the user leaves or the connection ends. Every
 * event arrives through the {@link Inbox}, so the network thread never waits for the console.
 */
final class ChatSession {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int REFUSED = 2;
    static final long NAME_WAIT_MILLIS = 5000;
    static final long CLOSE_WAIT_MILLIS = 5000;
    private static final String YOU_ARE = ServerLine.notice("you are ");
    private static final int CLAIMED = -1;

    private final ChatLink link;
    private final WireDialect dialect;
    private final Inbox inbox;
    private final Console console;
    private final LineRenderer renderer;
    private final int keepaliveSeconds;
    private volatile String name;

    private final SendPacer pacer;

    ChatSession(ChatLink link, WireDialect dialect, String name, Inbox inbox, Console console, int keepaliveSeconds,
                double sendRate) {
        this.link = link;
        this.dialect = dialect;
        this.name = name;
        this.inbox = inbox;
        this.console = console;
        this.renderer = console.renderer();
        this.keepaliveSeconds = keepaliveSeconds;
        this.pacer = new SendPacer(sendRate, SendPacer.DEFAULT_BURST - SendPacer.RESERVE, System.nanoTime());
    }

    /** {@code q}, {@code /quit} (in any case): the user is leaving. */
    static boolean isQuit(String typed) {
        return ClientLineParser.parse(typed) instanceof ClientLine.Command c && c.verb().equals("quit");
    }

    /** Runs the session to its end; returns the process exit code. */
    int run() throws InterruptedException {
        if (dialect == WireDialect.TCP) {
            int refused = claimName();
            if (refused != CLAIMED) {
                return refused;
            }
        } else {
            // UDP has no connection: the first line claims the name, and /who shows who is there.
            pace(); // every line counts against the server's flood control
            link.send(WireDialect.said(name, "/who"));
        }
        InputPump.start(console, inbox, () -> name + "> ");
        return converse();
    }

    /** Reads the welcome, sends {@code /nick NAME} and waits for the answer, all within one time limit. */
    private int claimName() throws InterruptedException {
        String accepted = YOU_ARE + name;
        boolean welcomed = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(NAME_WAIT_MILLIS);
        for (;;) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                problem("no " + (welcomed ? "answer to /nick " + name : "welcome") + " from " + link.describe()
                        + " within " + NAME_WAIT_MILLIS / 1000 + " s");
                return FAILED;
            }
            SessionEvent event = inbox.poll(left);
            if (event instanceof SessionEvent.Received received) {
                String line = received.line();
                if (welcomed && ServerLine.kindOf(line) == ServerLine.Kind.ERROR) {
                    problem("the server refused the name " + name + ": " + line.substring(ServerLine.ERROR.length()));
                    return REFUSED;
                }
                console.printLine(renderer.render(line));
                if (!welcomed) {
                    welcomed = true;
                    pace(); // every line counts against the server's flood control
                    link.send("/nick " + name);
                } else if (line.equals(accepted)) {
                    return CLAIMED;
                }
            } else if (event instanceof SessionEvent.Closed closed) {
                problem(closedMessage(closed) + ", before the name was accepted");
                return FAILED;
            } else if (event instanceof SessionEvent.Problem p) {
                problem(p.text());
            }
        }
    }

    private int converse() throws InterruptedException {
        Keepalive keepalive = new Keepalive(keepaliveSeconds, System.nanoTime());
        long quitDeadline = 0;
        boolean quitting = false;
        for (;;) {
            long now = System.nanoTime();
            if (quitting && now - quitDeadline >= 0) {
                problem(link.describe() + " did not close the connection after /quit; closing it");
                return OK;
            }
            if (!quitting && keepalive.due(now)) {
                pace(); // every line counts against the server's flood control
                link.send(dialect.ping(name));
                keepalive.sent(now);
            }
            SessionEvent event = inbox.poll(quitting ? quitDeadline - now : keepalive.nanosUntilDue(now));
            if (event instanceof SessionEvent.Received received) {
                show(received.line(), keepalive);
            } else if (event instanceof SessionEvent.Problem p) {
                problem(p.text());
            } else if (event instanceof SessionEvent.Closed closed) {
                if (quitting) {
                    return OK;
                }
                problem(closedMessage(closed));
                return FAILED;
            } else if (!quitting && (event instanceof SessionEvent.InputEnded
                    || event instanceof SessionEvent.Typed t && typed(t.line(), keepalive))) {
                link.send(dialect.quit(name)).awaitUninterruptibly(1000);
                if (dialect == WireDialect.UDP) {
                    return OK; // nothing to wait for: UDP has no close
                }
                quitting = true;
                quitDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
            }
        }
    }

    /** Sends a typed line; returns true if the user is leaving (the caller sends the quit). */
    private boolean typed(String line, Keepalive keepalive) {
        if (line.isBlank()) {
            return false;
        }
        if (isQuit(line)) {
            return true;
        }
        if (ClientLineParser.parse(line) instanceof ClientLine.Command command) {
            if (command.verb().equals("nick") && dialect == WireDialect.UDP) {
                problem("/nick does not work over UDP: every datagram carries your name. Restart with --name NEW");
                return false;
            }
            if (command.verb().equals("ping")) {
                keepalive.userPinged();
            }
        }
        pace();
        link.send(dialect.outgoing(name, line));
        return false;
    }

    /** Waits (on this, the main thread) until the server's flood control will take another line. */
    private void pace() {
        for (long wait; (wait = pacer.nanosToWait(System.nanoTime())) > 0; ) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void show(String line, Keepalive keepalive) {
        if (line.equals(Keepalive.PONG) && !keepalive.showPong()) {
            return;
        }
        if (dialect == WireDialect.TCP && line.startsWith(YOU_ARE)) {
            // After a /nick the server confirms the new name; later lines must carry it.
            String confirmed = line.substring(YOU_ARE.length());
            if (Names.isValid(confirmed)) {
                name = confirmed;
            }
        }
        console.printLine(renderer.render(line));
    }

    private String closedMessage(SessionEvent.Closed closed) {
        return closed.reason() == null
                ? "the server closed the connection (" + link.describe() + ")"
                : "lost the connection to " + link.describe() + ": " + closed.reason();
    }

    private void problem(String text) {
        console.printProblem(renderer.problem(text));
    }
}
