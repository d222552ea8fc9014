package io.parley.client;

import io.parley.protocol.ClientLine;
import io.parley.protocol.ClientLineParser;
import io.parley.protocol.ControlCharacters;
import io.parley.protocol.HistoryLines;
import io.parley.protocol.Names;
import io.parley.protocol.ServerLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One chat session, run on the calling (main) thread: connects, claims the name, then passes what
 * the user enters to the server (at the pace its flood control allows) and server lines to the
 * console, until the user leaves. Every event arrives through the {@link Inbox}, so the network
 * thread never waits for the console and the session needs no locks.
 *
 * <p>Over TCP the session asks for message tags ({@code /tags on}): ids, server times, resume
 * tokens and acknowledgements (docs/protocol.md). When the connection drops after the name was
 * claimed and reconnecting is on, it reconnects with backoff, reclaims the name with its token,
 * returns to its room and fetches what it missed ({@code /history after LASTID}), showing each
 * message once, in id order, while the line being typed stays in the editor and what was entered
 * meanwhile waits in the {@link Outbox}.
 */
final class ChatSession {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int REFUSED = 2;
    static final long NAME_WAIT_MILLIS = 5000;
    static final long CLOSE_WAIT_MILLIS = 5000;
    /** Over UDP the {@code * bye} may be lost: the client leaves without it after this long. */
    static final long UDP_BYE_WAIT_MILLIS = 2000;
    /** Over UDP the first datagram may be lost: it is sent again this often until answered. */
    static final long UDP_CLAIM_RESEND_MILLIS = 1500;
    /** Longest a resume (name, room, missed messages) may take before live lines are shown regardless. */
    static final long RESUME_WAIT_MILLIS = 15_000;
    /**
     * With reconnecting on: a connection that leaves a keepalive ping unanswered this long (or for
     * two keepalive periods, if that is shorter) is taken as dead.
     */
    static final long PING_TIMEOUT_MILLIS = 30_000;
    /** Messages sent this long before a drop and never acknowledged are sent again after the resume. */
    static final long RESEND_WINDOW_MILLIS = 60_000;
    /** Missed messages asked for at once while resuming (the server's most). */
    static final int HISTORY_PAGE = HistoryLines.MAX_MESSAGES;
    /** Paste announcements are made when sending takes at least this long. */
    static final double ANNOUNCE_PASTE_SECONDS = 1.0;

    private static final String YOU_ARE = ServerLine.notice("you are ");
    private static final Pattern IN_ROOM = Pattern.compile("^\\* you are in (\\S+) with (\\d+) others?$");
    private static final Pattern ALREADY_IN = Pattern.compile("^\\* you are already in \\S+$");
    private static final Pattern HISTORY_HEAD = Pattern.compile("^\\* history (?:of|with) (\\S+): (\\d+) messages?$");
    private static final Pattern UDP_NICK_HELP = Pattern.compile("^\\*\\s+/nick\\b.*");
    static final String SESSION_TAKEN = ServerLine.error("your session was resumed from another connection");
    static final String SHUTTING_DOWN = ServerLine.notice("server shutting down");
    static final String TAGS_ON = ServerLine.notice("tags on");
    static final String TAGS_OFF = ServerLine.notice("tags off");
    static final String PONG = Keepalive.PONG;
    static final String HISTORY_END = HistoryLines.END;

    /** Opens a new connection whose lines go to the inbox. */
    interface Connector {
        ChatLink open(Inbox inbox) throws IOException;
    }

    /**
     * @param reconnect over TCP, come back after a lost connection instead of exiting
     * @param bell      ring the terminal's bell on a mention or a private message
     */
    record Options(String name, WireDialect dialect, int keepaliveSeconds, double sendRate, boolean reconnect,
                   boolean bell) {
    }

    private enum State {
        /** No connection; the next attempt is due at {@link #retryAt}. */
        CONNECTING,
        /** Connected, waiting for the server's first line. */
        WELCOME,
        /** Waiting for the answer to {@code /tags on}. */
        TAGS,
        /** Waiting for the answer to the name claim. */
        NICK,
        /** Name reclaimed; rejoining the room and fetching what was missed. */
        RESUMING,
        LIVE,
        /** The quit went out; waiting for the server to close (TCP) or say bye (UDP). */
        QUITTING
    }

    private final Connector connector;
    private final Options options;
    private final WireDialect dialect;
    private final Inbox inbox;
    private final Console console;
    private final LineRenderer renderer;
    private final boolean interactive;
    private final Outbox outbox = new Outbox();
    private final SeenIds seen = new SeenIds();
    private final RoomNames names;
    private final Backoff backoff = new Backoff(() -> ThreadLocalRandom.current().nextDouble());

    private ChatLink link;
    private String where;
    private State state;
    private Integer exit;
    private volatile String name;
    private String token;
    private String room;
    private boolean tagsOn;
    private boolean claimedOnce;
    private boolean welcomePending;
    private boolean skipNextWho;
    private boolean takenOver;
    private boolean shutdownAnnounced;
    private boolean toldNotConnected;
    private SendPacer pacer;
    private Keepalive keepalive;
    private long deadline;
    private long retryAt;
    private long nextClaimResend;
    private long lastReceived;
    private long pingSentAt;
    private long lostAt;
    private long lastBell;
    private String lastRetryReason;
    private boolean joinSent;
    private int othersInRoom;
    private String lastBatchRoom;
    private int lastBatchCount;
    private final TreeMap<Long, TaggedLine> missed = new TreeMap<>();
    private final List<TaggedLine> missedUntagged = new ArrayList<>();

    ChatSession(Connector connector, Options options, Inbox inbox, Console console, RoomNames names) {
        this.connector = connector;
        this.options = options;
        this.dialect = options.dialect();
        this.name = options.name();
        this.inbox = inbox;
        this.console = console;
        this.renderer = console.renderer();
        this.interactive = console.interactive();
        this.names = names;
    }

    /** {@code q}, {@code /quit} (in any case): the user is leaving. */
    static boolean isQuit(String typed) {
        return ClientLineParser.parse(typed) instanceof ClientLine.Command c && c.verb().equals("quit");
    }

    /** Your name as the server last confirmed it (read by the completer's thread). */
    String name() {
        return name;
    }

    /** Runs the session to its end; returns the process exit code. */
    int run() throws InterruptedException {
        renderer.pin(name);
        try {
            open();
        } catch (IOException e) {
            problem(e.getMessage());
            return FAILED;
        }
        updatePrompt();
        InputPump.start(console, inbox);
        try {
            while (exit == null) {
                long now = System.nanoTime();
                timers(now);
                if (exit != null) {
                    break;
                }
                SessionEvent event = inbox.poll(nextWake(now));
                if (event != null) {
                    handle(event);
                }
            }
            return exit;
        } finally {
            dropLink();
        }
    }

    // ---- connecting and claiming the name ----

    private void open() throws IOException {
        link = connector.open(inbox);
        where = link.describe();
        long now = System.nanoTime();
        pacer = new SendPacer(options.sendRate(), SendPacer.DEFAULT_BURST - SendPacer.RESERVE, now);
        lastReceived = now;
        pingSentAt = 0;
        deadline = now + TimeUnit.MILLISECONDS.toNanos(NAME_WAIT_MILLIS);
        if (dialect == WireDialect.UDP) {
            // UDP has no connection: the first line claims the name, and /who shows who is there.
            state = State.NICK;
            claimOverUdp(now);
            skipNextWho = true;
        } else {
            state = State.WELCOME;
        }
    }

    private void claimOverUdp(long now) {
        sendControl(WireDialect.said(name, "/who"));
        nextClaimResend = now + TimeUnit.MILLISECONDS.toNanos(UDP_CLAIM_RESEND_MILLIS);
    }

    private void welcome(TaggedLine line) {
        if (ServerLine.kindOf(line.rest()) == ServerLine.Kind.ERROR) {
            present(line); // e.g. the server is full; it closes the connection next
            return;
        }
        if (!interactive) {
            present(line); // a script sees the server's lines as they come
        }
        // The console client claims the name itself, so the welcome written for nc users is not shown.
        sendControl("/tags on");
        state = State.TAGS;
    }

    private void tagsAnswer(TaggedLine line) {
        if (line.rest().equals(TAGS_ON)) {
            tagsOn = true;
        } else if (ServerLine.kindOf(line.rest()) == ServerLine.Kind.ERROR) {
            tagsOn = false; // a server without tags: no ids, no times, no resume token
        } else {
            present(line);
            return;
        }
        sendControl("/nick " + name + (tagsOn && token != null ? " " + token : ""));
        state = State.NICK;
    }

    private void nickAnswer(TaggedLine line) {
        String rest = line.rest();
        if (rest.startsWith(YOU_ARE) && Names.key(rest.substring(YOU_ARE.length())).equals(Names.key(name))) {
            claimed(line);
        } else if (ServerLine.kindOf(rest) == ServerLine.Kind.ERROR) {
            refused(rest.substring(ServerLine.ERROR.length()));
        } else {
            converse(line);
        }
    }

    private void claimed(TaggedLine line) {
        name = line.rest().substring(YOU_ARE.length());
        if (line.token() != null) {
            token = line.token();
        }
        renderer.pin(name);
        if (!claimedOnce) {
            claimedOnce = true;
            goLive();
            if (interactive) {
                welcomePending = true; // shown with the room, which comes next
            } else {
                present(line);
            }
            return;
        }
        state = State.RESUMING;
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RESUME_WAIT_MILLIS);
        joinSent = false;
        lastBatchRoom = null;
        missed.clear();
        missedUntagged.clear();
        updatePrompt();
    }

    private void refused(String why) {
        if (!claimedOnce) {
            problem("the server refused the name " + name + ": " + why);
            exit = REFUSED;
            return;
        }
        // After a drop: the old connection may still hold the name for a moment, or the hold
        // ran out and someone took it. Either way, keep trying; the user can leave at any time.
        retryLater("cannot take back the name " + name + ": " + why);
    }

    private void claimTimedOut() {
        String what = switch (state) {
            case WELCOME -> "no welcome";
            case TAGS -> "no answer to /tags on";
            default -> "no answer to " + (dialect == WireDialect.UDP ? "the first datagram (" + name + " : /who)"
                    : "/nick " + name);
        };
        String text = what + " from " + where + " within " + NAME_WAIT_MILLIS / 1000 + " s";
        if (!claimedOnce) {
            problem(dialect == WireDialect.UDP ? text + ": is a Parley server listening there?" : text);
            exit = FAILED;
        } else {
            retryLater(text);
        }
    }

    private void attemptReconnect() {
        try {
            open();
        } catch (IOException e) {
            state = State.CONNECTING;
            retryLater(e.getMessage());
            return;
        }
        updatePrompt();
    }

    /**
     * The connection is gone (or not usable): close it and try again after the next delay. A
     * reason is told once, not at every attempt; the prompt says the client is reconnecting.
     */
    private void retryLater(String why) {
        dropLink();
        long delay = backoff.nextDelayMillis();
        retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
        state = State.CONNECTING;
        if (!why.equals(lastRetryReason)) {
            lastRetryReason = why;
            info(why + "; trying again in " + seconds(delay) + ", then up to every " + Backoff.MAX_MILLIS / 1000 + " s");
        }
        updatePrompt();
    }

    private void lost(String why) {
        lostAt = System.nanoTime();
        dropLink();
        long delay = backoff.nextDelayMillis();
        retryAt = lostAt + TimeUnit.MILLISECONDS.toNanos(delay);
        state = State.CONNECTING;
        toldNotConnected = false;
        lastRetryReason = null;
        info("lost the connection to " + where + " (" + why + "); reconnecting in " + seconds(delay)
                + (interactive ? "; /quit leaves" : ""));
        updatePrompt();
    }

    private void dropLink() {
        if (link != null) {
            link.close(); // waits for its event loop to stop: nothing more comes from it
            link = null;
            inbox.discardNetwork();
        }
    }

    // ---- the event loop ----

    private void timers(long now) {
        switch (state) {
            case CONNECTING -> {
                if (now - retryAt >= 0) {
                    attemptReconnect();
                }
            }
            case WELCOME, TAGS, NICK -> {
                if (now - deadline >= 0) {
                    claimTimedOut();
                } else if (dialect == WireDialect.UDP && now - nextClaimResend >= 0) {
                    claimOverUdp(now);
                }
            }
            case RESUMING -> {
                if (now - deadline >= 0) {
                    finishResume();
                }
            }
            case LIVE -> {
                drain(now);
                if (state != State.LIVE) {
                    return;
                }
                if (keepalive.due(now)) {
                    sendControl(dialect.ping(name));
                    keepalive.sent(now);
                    if (pingSentAt == 0 || lastReceived - pingSentAt >= 0) {
                        pingSentAt = now;
                    }
                }
                if (canReconnect() && pingSentAt != 0 && lastReceived - pingSentAt < 0
                        && now - pingSentAt >= TimeUnit.MILLISECONDS.toNanos(pingTimeoutMillis())) {
                    lost("no answer to /ping for " + pingTimeoutMillis() / 1000 + " s");
                }
            }
            case QUITTING -> {
                if (now - deadline >= 0) {
                    if (dialect == WireDialect.TCP) {
                        problem(where + " did not close the connection after /quit; closing it");
                    }
                    exit = OK;
                }
            }
        }
    }

    private long nextWake(long now) {
        long wake = switch (state) {
            case CONNECTING -> retryAt - now;
            case WELCOME, TAGS, NICK -> dialect == WireDialect.UDP
                    ? Math.min(deadline, nextClaimResend) - now : deadline - now;
            case RESUMING, QUITTING -> deadline - now;
            case LIVE -> Math.min(keepalive.nanosUntilDue(now),
                    outbox.isEmpty() ? Long.MAX_VALUE : pacer.nanosToWaitWithoutTaking(now));
        };
        return Math.max(0, wake);
    }

    private void handle(SessionEvent event) {
        if (event instanceof SessionEvent.Received received) {
            if (link != null) {
                lastReceived = System.nanoTime();
                onLine(TaggedLine.parse(received.line()));
            }
        } else if (event instanceof SessionEvent.Closed closed) {
            onClosed(closed.reason());
        } else if (event instanceof SessionEvent.Problem p) {
            problem(p.text());
        } else if (event instanceof SessionEvent.Typed typed) {
            onTyped(typed.line());
        } else if (event instanceof SessionEvent.Interrupted interrupted) {
            if (interrupted.partial().isEmpty() && outbox.waiting() > 0) {
                info("dropped " + lines(outbox.dropWaiting()) + " that were waiting to be sent");
            }
        } else if (event instanceof SessionEvent.InputEnded) {
            outbox.quit();
            leaveIfDisconnected();
        }
    }

    private void onLine(TaggedLine line) {
        switch (state) {
            case WELCOME -> welcome(line);
            case TAGS -> tagsAnswer(line);
            case NICK -> nickAnswer(line);
            default -> converse(line);
        }
    }

    private void onClosed(String reason) {
        if (state == State.QUITTING) {
            exit = OK;
            return;
        }
        String text = closedMessage(reason);
        if (!claimedOnce) {
            problem(text + ", before the name was accepted");
            exit = FAILED;
        } else if (takenOver) {
            problem(text + ": your session continues on another connection");
            exit = FAILED;
        } else if (!canReconnect()) {
            problem(text);
            exit = FAILED;
        } else if (state == State.LIVE || state == State.RESUMING) {
            lost(reason != null ? reason : shutdownAnnounced ? "the server shut down" : "closed by the server");
        } else {
            retryLater(text); // a new connection that did not get as far as the name
        }
    }

    private long pingTimeoutMillis() {
        return Math.min(PING_TIMEOUT_MILLIS, 2000L * options.keepaliveSeconds());
    }

    private boolean canReconnect() {
        return options.reconnect() && dialect == WireDialect.TCP;
    }

    private void onTyped(String input) {
        if (state == State.QUITTING) {
            return;
        }
        Outbox.Added added = outbox.add(input);
        if (added.lines() > 1 || added.skipped() > 0) {
            announcePaste(added);
        }
        if (leaveIfDisconnected()) {
            return;
        }
        if (claimedOnce && state != State.LIVE && state != State.RESUMING && interactive && !toldNotConnected) {
            toldNotConnected = true;
            info("not connected: what you enter is sent when the connection is back");
        }
    }

    /** The user leaves while the connection is down after a drop: there is no one to tell. */
    private boolean leaveIfDisconnected() {
        boolean down = state == State.CONNECTING || state == State.WELCOME || state == State.TAGS
                || state == State.NICK;
        if (!claimedOnce || !down || !outbox.hasQuit()) {
            return false;
        }
        int unsent = outbox.waiting();
        dropLink();
        if (unsent > 0) {
            problem("left while disconnected; " + lines(unsent) + " not sent");
            exit = FAILED;
        } else {
            info("left while disconnected");
            exit = OK;
        }
        return true;
    }

    private void announcePaste(Outbox.Added added) {
        StringBuilder text = new StringBuilder("sending " + added.lines() + " pasted " + (added.lines() == 1 ? "line" : "lines"));
        double seconds = pacer == null ? 0 : pacer.secondsFor(outbox.waiting(), System.nanoTime());
        if (seconds >= ANNOUNCE_PASTE_SECONDS) {
            text.append(" over about ").append(Math.round(Math.ceil(seconds))).append(" s (the server takes ")
                    .append(formatRate(pacer.perSecond())).append(" lines a second; Ctrl-C on an empty line drops them)");
        }
        if (added.skipped() > 0) {
            text.append("; left out ").append(lines(added.skipped())).append(" holding just q, which would leave");
        }
        info(text.toString());
    }

    // ---- sending ----

    /** Sends what waits in the outbox, as fast as the pacer allows. */
    private void drain(long now) {
        while (state == State.LIVE && !outbox.isEmpty()) {
            Outbox.Entry entry = outbox.peek();
            if (entry.kind() == Outbox.Kind.QUIT) {
                outbox.poll();
                quit();
                return;
            }
            if (entry.kind() == Outbox.Kind.TYPED && dialect == WireDialect.UDP && isCommand(entry.text(), "nick")) {
                outbox.poll();
                problem("/nick does not work over UDP: every datagram carries your name. Restart with --name NEW");
                continue;
            }
            if (pacer.nanosToWait(now) > 0) {
                return;
            }
            outbox.poll();
            send(entry);
        }
    }

    private void send(Outbox.Entry entry) {
        String typed = entry.text();
        ClientLine parsed = entry.kind() == Outbox.Kind.TEXT ? null : ClientLineParser.parse(typed);
        if (parsed instanceof ClientLine.Command command) {
            link.send(dialect.outgoing(name, typed));
            if (command.verb().equals("ping")) {
                keepalive.userPinged();
            } else if (command.verb().equals("msg")) {
                sentPrivate(command.args());
            }
            return;
        }
        link.send(entry.kind() == Outbox.Kind.TEXT ? WireDialect.said(name, typed) : dialect.outgoing(name, typed));
        String text = ControlCharacters.strip(typed);
        if (tagsOn) {
            // Before the room is confirmed (just after the claim) it is the default room, name not yet known.
            outbox.sent(new Outbox.Sent(room == null ? null : SeenIds.room(room), null, text, System.nanoTime()));
        }
        if (interactive) {
            console.printLine(renderer.own(name, text, null));
        }
    }

    private void sentPrivate(String args) {
        String clean = ControlCharacters.strip(args).strip();
        int space = clean.indexOf(' ');
        if (space < 0 || clean.substring(space + 1).isBlank()) {
            return; // the server answers with its usage line
        }
        String to = clean.substring(0, space);
        String text = clean.substring(space + 1).strip();
        names.correspondent(to);
        if (tagsOn && Names.isValid(to)) {
            outbox.sent(new Outbox.Sent(SeenIds.pair(name, to), to, text, System.nanoTime()));
        }
        if (interactive) {
            console.printLine(renderer.ownPrivate(to, text, null));
        }
    }

    private void quit() {
        link.send(dialect.quit(name)).awaitUninterruptibly(1000);
        state = State.QUITTING;
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                dialect == WireDialect.UDP ? UDP_BYE_WAIT_MILLIS : CLOSE_WAIT_MILLIS);
        updatePrompt();
    }

    /** A line of the client's own (claim, tags, history, keepalive): paced like the rest, never queued behind a paste. */
    private void sendControl(String line) {
        for (long wait; (wait = pacer.nanosToWait(System.nanoTime())) > 0; ) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        link.send(line);
    }

    private void sendWho() {
        sendControl(dialect.outgoing(name, "/who"));
    }

    private void goLive() {
        state = State.LIVE;
        backoff.reset();
        keepalive = new Keepalive(options.keepaliveSeconds(), System.nanoTime());
        pingSentAt = 0;
        toldNotConnected = false;
        updatePrompt();
    }

    // ---- what the server says ----

    private void converse(TaggedLine line) {
        String rest = ControlCharacters.strip(line.rest());
        ServerLine.Kind kind = ServerLine.kindOf(rest);
        if (line.ack()) {
            acked(line, rest, kind);
            return;
        }
        if (state == State.RESUMING && resuming(line, rest, kind)) {
            return;
        }
        if (line.hasId()) {
            String conversation = conversationOf(line, rest, kind);
            if (!seen.add(conversation, line.id()) && !line.hist()) {
                return; // shown already (from history fetched while resuming, or live)
            }
        }
        if (rest.equals(PONG) && keepalive != null && !keepalive.showPong()) {
            return;
        }
        Matcher inRoom = IN_ROOM.matcher(rest);
        if (inRoom.matches()) {
            entered(inRoom.group(1), Integer.parseInt(inRoom.group(2)), line);
            return;
        }
        if (dialect == WireDialect.TCP && rest.startsWith(YOU_ARE) && Names.isValid(rest.substring(YOU_ARE.length()))) {
            // After a /nick the server confirms the new name; later lines must carry it.
            name = rest.substring(YOU_ARE.length());
            if (line.token() != null) {
                token = line.token();
            }
            renderer.pin(name);
            updatePrompt();
        } else if (rest.equals(TAGS_ON) || rest.equals(TAGS_OFF)) {
            tagsOn = rest.equals(TAGS_ON); // the user typed /tags: ids, acks and resuming follow it
        } else if (rest.equals(SESSION_TAKEN)) {
            takenOver = true;
        } else if (rest.equals(SHUTTING_DOWN)) {
            shutdownAnnounced = true;
        } else if (dialect == WireDialect.UDP && kind == ServerLine.Kind.NOTICE && UDP_NICK_HELP.matcher(rest).matches()) {
            return; // the server's /help lists /nick, which UDP refuses
        }
        track(line, rest, kind);
        present(line);
        if (dialect == WireDialect.UDP && rest.equals(SHUTTING_DOWN)) {
            problem("the server at " + where + " is shutting down");
            exit = FAILED;
        } else if (dialect == WireDialect.UDP && state == State.QUITTING && rest.startsWith(ServerLine.notice("bye"))) {
            exit = OK;
        }
    }

    /** Keeps the names for completion. */
    private void track(TaggedLine line, String rest, ServerLine.Kind kind) {
        if (kind == ServerLine.Kind.NOTICE) {
            names.notice(rest);
        } else if (kind == ServerLine.Kind.CHAT && !line.hist()) {
            names.spoke(rest.substring(0, rest.indexOf(ClientLineParser.SEPARATOR)));
        } else if (kind == ServerLine.Kind.PRIVATE && !line.hist()) {
            names.correspondent(rest.substring(1, rest.indexOf(ClientLineParser.SEPARATOR)));
        }
    }

    private void entered(String newRoom, int others, TaggedLine line) {
        room = newRoom;
        names.entered(newRoom);
        updatePrompt();
        if (welcomePending) {
            welcomePending = false;
            info("Parley at " + where + ": you are " + name + ", in " + newRoom
                    + (others == 0 ? ", alone for now" : " with " + others + (others == 1 ? " other" : " others")));
            info("/join ROOM to change room, /msg NAME TEXT to whisper, /quit to leave (Tab completes, /help shows more)");
        } else {
            present(line);
        }
        if (interactive) {
            if (skipNextWho) {
                skipNextWho = false; // the claim itself asked /who
            } else if (others > 0) {
                sendWho(); // who is there: shown, as irssi does, and kept for completion
            }
        }
    }

    private void acked(TaggedLine line, String rest, ServerLine.Kind kind) {
        if (kind != ServerLine.Kind.CHAT && kind != ServerLine.Kind.PRIVATE) {
            return;
        }
        String conversation = conversationOf(line, rest, kind);
        if (line.hasId()) {
            seen.add(conversation, line.id());
        }
        outbox.acked(conversation, rest.substring(rest.indexOf(ClientLineParser.SEPARATOR) + ClientLineParser.SEPARATOR.length()));
    }

    /** While resuming: collects the room's messages and hides the steps back. True if the line was taken care of. */
    private boolean resuming(TaggedLine line, String rest, ServerLine.Kind kind) {
        if (line.hist() && kind == ServerLine.Kind.NOTICE) {
            if (line.to() != null && Names.key(line.to()).equals(Names.key(name))) {
                if (rest.equals(HISTORY_END)) {
                    fetched(); // the marker's answer: every answer before it has come
                }
                return true;
            }
            Matcher head = HISTORY_HEAD.matcher(rest);
            if (head.matches()) {
                lastBatchRoom = head.group(1);
                lastBatchCount = Integer.parseInt(head.group(2));
            }
            return true; // batch headers and footers: the resume tells its own story
        }
        if (kind == ServerLine.Kind.CHAT && line.to() == null) {
            if (line.room() != null && !isRoom(line.room())) {
                return true; // the default room's replay, passed through on the way back
            }
            if (!line.hasId()) {
                missedUntagged.add(line);
            } else if (!seen.contains(SeenIds.room(room), line.id())) {
                missed.put(line.id(), line);
            }
            return true;
        }
        Matcher inRoom = IN_ROOM.matcher(rest);
        if (inRoom.matches()) {
            String reached = inRoom.group(1);
            if (room != null && !isRoom(reached)) {
                if (!joinSent) {
                    joinSent = true;
                    sendControl("/join " + room);
                }
                return true;
            }
            room = reached;
            othersInRoom = Integer.parseInt(inRoom.group(2));
            names.entered(reached);
            if (tagsOn) {
                askForMissed(seen.highest(SeenIds.room(room)));
            } else {
                finishResume(); // a server without history: back in the room is all there is
            }
            return true;
        }
        return rest.startsWith(YOU_ARE) || ALREADY_IN.matcher(rest).matches();
    }

    /**
     * Asks for the room's messages after {@code id}, then for a marker: the (empty) history of
     * your private conversation with yourself. The server answers a connection's history requests
     * (its replay on joining included) in the order they were made, and the marker's answer is
     * told apart by its {@code to=} tag, so when it comes, everything missed has come.
     */
    private void askForMissed(long id) {
        lastBatchRoom = null;
        sendControl("/history after " + id + " " + HISTORY_PAGE);
        sendControl("/history @" + name + " before 1 1");
    }

    /** The answers asked for have come: another page if the last was full, else live again. */
    private void fetched() {
        if (lastBatchRoom != null && isRoom(lastBatchRoom) && lastBatchCount >= HISTORY_PAGE) {
            askForMissed(missed.isEmpty() ? seen.highest(SeenIds.room(room)) : missed.lastKey());
        } else {
            finishResume();
        }
    }

    private void finishResume() {
        List<Outbox.Sent> unacked = outbox.takeUnacked();
        String roomKey = room == null ? null : SeenIds.room(room);
        List<TaggedLine> ordered = new ArrayList<>(missed.values());
        ordered.addAll(missedUntagged);
        missed.clear();
        missedUntagged.clear();
        int shown = 0;
        for (TaggedLine line : ordered) {
            String rest = ControlCharacters.strip(line.rest());
            if (line.hasId() && roomKey != null && !seen.add(roomKey, line.id())) {
                continue;
            }
            int sep = rest.indexOf(ClientLineParser.SEPARATOR);
            boolean own = Names.key(rest.substring(0, sep)).equals(Names.key(name));
            if (own && removeSent(unacked, roomKey, rest.substring(sep + ClientLineParser.SEPARATOR.length()))) {
                continue; // yours, stored before the drop; shown when it was sent
            }
            track(line, rest, ServerLine.Kind.CHAT);
            present(line);
            shown++;
        }
        long window = TimeUnit.MILLISECONDS.toNanos(RESEND_WINDOW_MILLIS);
        List<String> again = new ArrayList<>();
        for (Outbox.Sent sent : unacked) {
            if (lostAt - sent.atNanos() > window) {
                continue;
            }
            if (sent.to() == null && Outbox.sameConversation(sent, roomKey)) {
                again.add(sent.text());
            } else if (sent.to() != null) {
                info("the server did not confirm your message to " + sent.to() + " before the drop; it may not have"
                        + " arrived: " + sent.text());
            }
        }
        goLive();
        String back = "back in " + (room == null ? "the chat" : room) + " as " + name;
        info(tagsOn ? back + (shown == 0 ? "; nothing was said meanwhile" : "; " + messages(shown) + " while you were away")
                : back + "; this server keeps no history, so what was said meanwhile is not shown");
        if (!again.isEmpty()) {
            outbox.sendAgainFirst(again);
            info("sending again " + lines(again.size()) + " the server had not confirmed");
        }
        if (interactive && othersInRoom > 0) {
            sendWho(); // who is there now
        }
    }

    private static boolean removeSent(List<Outbox.Sent> unacked, String conversation, String text) {
        for (int i = 0; i < unacked.size(); i++) {
            Outbox.Sent s = unacked.get(i);
            if (s.to() == null && Outbox.sameConversation(s, conversation) && s.text().equals(text)) {
                unacked.remove(i);
                return true;
            }
        }
        return false;
    }

    private String conversationOf(TaggedLine line, String rest, ServerLine.Kind kind) {
        if (kind == ServerLine.Kind.PRIVATE && line.to() != null) {
            return SeenIds.pair(rest.substring(1, rest.indexOf(ClientLineParser.SEPARATOR)), line.to());
        }
        String of = line.room() != null ? line.room() : room;
        return of == null ? "#" : SeenIds.room(of);
    }

    private boolean isRoom(String other) {
        return room != null && Names.key(room).equals(Names.key(other));
    }

    // ---- showing ----

    private void present(TaggedLine line) {
        String rest = ControlCharacters.strip(line.rest());
        ServerLine.Kind kind = ServerLine.kindOf(rest);
        boolean alert = false;
        if (options.bell() && !line.hist()) {
            if (kind == ServerLine.Kind.PRIVATE) {
                alert = line.to() == null || !Names.key(rest.substring(1, rest.indexOf(ClientLineParser.SEPARATOR)))
                        .equals(Names.key(name));
            } else if (kind == ServerLine.Kind.CHAT) {
                int sep = rest.indexOf(ClientLineParser.SEPARATOR);
                alert = !Names.key(rest.substring(0, sep)).equals(Names.key(name))
                        && LineRenderer.mentions(rest.substring(sep + ClientLineParser.SEPARATOR.length()), name);
            }
        }
        long now = System.nanoTime();
        if (alert && lastBell != 0 && now - lastBell < TimeUnit.SECONDS.toNanos(1)) {
            alert = false; // one bell for a burst
        }
        if (alert) {
            lastBell = now;
        }
        console.printLine(renderer.render(line, name), alert);
    }

    private void updatePrompt() {
        String status = switch (state == null ? State.CONNECTING : state) {
            case LIVE, QUITTING -> null;
            case RESUMING -> "catching up";
            default -> claimedOnce ? "reconnecting" : "connecting";
        };
        console.setPrompt(renderer.prompt(room, name, status));
    }

    /** Something the client itself says: in the chat on a terminal, on stderr for a script. */
    private void info(String text) {
        if (interactive) {
            console.printLine(renderer.notice(text));
        } else {
            console.printProblem(renderer.problem(text));
        }
    }

    private String closedMessage(String reason) {
        if (reason != null) {
            return "lost the connection to " + where + ": " + reason;
        }
        return "the server closed the connection (" + where + ")" + (shutdownAnnounced ? " as it shut down" : "");
    }

    private void problem(String text) {
        console.printProblem(renderer.problem(text));
    }

    private static boolean isCommand(String typed, String verb) {
        return ClientLineParser.parse(typed) instanceof ClientLine.Command c && c.verb().equals(verb);
    }

    private static String lines(int n) {
        return n + (n == 1 ? " line" : " lines");
    }

    private static String messages(int n) {
        return n + (n == 1 ? " message" : " messages");
    }

    private static String seconds(long millis) {
        return millis < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0) : (millis + 500) / 1000 + " s";
    }

    private static String formatRate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond);
    }
}
