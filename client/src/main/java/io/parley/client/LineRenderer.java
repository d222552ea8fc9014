package io.parley.client;

import io.parley.protocol.ClientLineParser;
import io.parley.protocol.ControlCharacters;
import io.parley.protocol.HistoryLines;
import io.parley.protocol.Names;
import io.parley.protocol.ServerLine;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Turns server lines into what the console shows. Control characters and escape sequences are
 * always removed first, by the protocol's own sanitiser (the server removes them too; a client does
 * not rely on that).
 * <ul>
 * <li>A transcript (stdout is not a terminal) prints each line as an untagged client would get
 *     it, so scripts see the plain protocol: history in the server's {@code * [time] NAME : TEXT}
 *     form, no styles.</li>
 * <li>A console prints {@code HH:MM} before each line (the server's time where the line has one),
 *     history lines set apart (faint; with no colours, after a {@code |}), your own lines as
 *     {@code you : text} and private messages you send as {@code -> bob : text}. With colours, each
 *     name has its own style, notices are muted, errors bold red, private messages show the sender
 *     as a coloured tag and the text in bold, and a line that mentions you is bold with your name
 *     reversed.</li>
 * </ul>
 */
final class LineRenderer {
    private static final String SEPARATOR = ClientLineParser.SEPARATOR;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter OTHER_DAY = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    static final String HISTORY_GUTTER = "| ";

    private final Colours colours;
    private final NameStyles names;
    private final boolean timestamps;
    private final boolean transcript;
    private final Clock clock;

    private LineRenderer(Colours colours, boolean timestamps, boolean transcript, Clock clock) {
        this.colours = colours;
        this.names = colours == null ? null : new NameStyles(colours);
        this.timestamps = timestamps;
        this.transcript = transcript;
        this.clock = clock;
    }

    /** Lines exactly as an untagged client gets them. */
    static LineRenderer plain() {
        return transcript(false, Clock.systemDefaultZone());
    }

    /** For a stdout that is not a terminal: the plain protocol, optionally with timestamps. */
    static LineRenderer transcript(boolean timestamps, Clock clock) {
        return new LineRenderer(null, timestamps, true, clock);
    }

    /** For a person at a terminal; {@code colours} null: none at all (a dumb terminal, NO_COLOR). */
    static LineRenderer console(Colours colours, boolean timestamps, Clock clock) {
        return new LineRenderer(colours, timestamps, false, clock);
    }

    boolean isColoured() {
        return colours != null;
    }

    /** Your own name keeps its style all session. */
    void pin(String self) {
        if (names != null) {
            names.pin(self);
        }
    }

    /** A live line without tags, as received. */
    String render(String raw) {
        return render(TaggedLine.untagged(raw), null);
    }

    /** Any line from the server; {@code self} (may be null) is your name, for mentions and your own lines. */
    String render(TaggedLine tagged, String self) {
        String line = ControlCharacters.strip(tagged.rest());
        ServerLine.Kind kind = ServerLine.kindOf(line);
        if (transcript) {
            boolean message = kind == ServerLine.Kind.CHAT || kind == ServerLine.Kind.PRIVATE;
            if (tagged.hist() && tagged.time() != null && message) {
                return untaggedHistory(line, kind, tagged);
            }
            return stamp(tagged.time()) + line;
        }
        String head = stamp(tagged.time()) + (tagged.hist() && colours == null ? HISTORY_GUTTER : "");
        boolean hist = tagged.hist();
        return head + switch (kind) {
            case CHAT -> {
                int sep = line.indexOf(SEPARATOR);
                String name = line.substring(0, sep);
                String text = line.substring(sep + SEPARATOR.length());
                boolean own = self != null && Names.key(name).equals(Names.key(self));
                yield chat(name, text, hist, !own && mentions(text, self), self);
            }
            case PRIVATE -> {
                int sep = line.indexOf(SEPARATOR);
                String from = line.substring(1, sep);
                String text = line.substring(sep + SEPARATOR.length());
                boolean sentByYou = tagged.to() != null && self != null
                        && Names.key(from).equals(Names.key(self));
                yield sentByYou ? outgoingPrivate(tagged.to(), text, hist) : incomingPrivate(from, text, hist);
            }
            case NOTICE -> styled(hist ? colours == null ? null : colours.historyStyle() : mutedStyle(), line);
            case ERROR -> styled(colours == null ? null : colours.errorStyle(), line);
            case OTHER -> line;
        };
    }

    /** Your own room message, once sent. */
    String own(String self, String text, Instant at) {
        return stamp(at) + chat(self, ControlCharacters.strip(text), false, false, self);
    }

    /** A private message you sent: {@code -> bob : text}. */
    String ownPrivate(String to, String text, Instant at) {
        return stamp(at) + outgoingPrivate(to, ControlCharacters.strip(text), false);
    }

    /** A notice from the client itself ({@code * text}), styled as the server's are. */
    String notice(String text) {
        return stamp(null) + styled(mutedStyle(), ServerLine.notice(ControlCharacters.strip(text)));
    }

    /** A message from the client itself (not from the server), styled like an error. */
    String problem(String text) {
        String line = "chat-client: " + ControlCharacters.strip(text);
        return colours == null ? line : styled(colours.errorStyle(), line);
    }

    /** {@code [room] name> }, with {@code status} (e.g. "reconnecting") after the name when not null. */
    String prompt(String room, String self, String status) {
        StringBuilder p = new StringBuilder();
        if (room != null) {
            p.append(styled(mutedStyle(), "[" + room + "]")).append(' ');
        }
        p.append(colours == null ? self : styled(colours.nameStyle(names.styleOf(self)), self));
        if (status != null) {
            p.append(' ').append(styled(mutedStyle(), "(" + status + ")"));
        }
        return p.append("> ").toString();
    }

    /** Whether {@code text} names {@code self} as a word of its own (any case). */
    static boolean mentions(String text, String self) {
        return self != null && !self.isEmpty() && nextMention(text, self, 0) >= 0;
    }

    private static int nextMention(String text, String self, int from) {
        int n = self.length();
        for (int i = from; i + n <= text.length(); i++) {
            if (text.regionMatches(true, i, self, 0, n)
                    && (i == 0 || isBoundary(text.charAt(i - 1), self.charAt(0)))
                    && (i + n == text.length() || isBoundary(text.charAt(i + n), self.charAt(n - 1)))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether {@code neighbour} ends a name whose edge is {@code edge}. Scripts written without
     * spaces between words (Chinese, Japanese, Thai...) have no word edges to look for.
     */
    private static boolean isBoundary(char neighbour, char edge) {
        boolean nameChar = Character.isLetterOrDigit(neighbour) || neighbour == '_' || neighbour == '-';
        return !nameChar || isUnspaced(neighbour) || isUnspaced(edge);
    }

    private static boolean isUnspaced(char c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return Character.isIdeographic(c) || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.THAI
                || script == Character.UnicodeScript.LAO || script == Character.UnicodeScript.KHMER
                || script == Character.UnicodeScript.MYANMAR;
    }

    private String chat(String name, String text, boolean hist, boolean mention, String self) {
        if (colours == null) {
            return name + SEPARATOR + text;
        }
        int style = names.styleOf(name);
        if (hist) {
            String faint = colours.historyStyle();
            return styled(faint + ";" + colours.nameStyles().get(style), name) + styled(faint, SEPARATOR + text);
        }
        String shownText = mention ? highlight(text, self) : text;
        return styled(colours.nameStyle(style), name) + SEPARATOR + shownText;
    }

    /** Bold text with each mention of {@code self} reversed. */
    private String highlight(String text, String self) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int i; (i = nextMention(text, self, at)) >= 0; at = i + self.length()) {
            out.append(styled("1", text.substring(at, i))).append(styled("1;7", text.substring(i, i + self.length())));
        }
        return out.append(styled("1", text.substring(at))).toString();
    }

    private String incomingPrivate(String from, String text, boolean hist) {
        if (colours == null) {
            return ServerLine.PRIVATE + from + SEPARATOR + text;
        }
        String style = colours.nameStyles().get(names.styleOf(from));
        if (hist) {
            return styled(colours.historyStyle() + ";7;" + style, ServerLine.PRIVATE + from)
                    + styled(colours.historyStyle(), SEPARATOR + text);
        }
        return styled("1;7;" + style, ServerLine.PRIVATE + from) + SEPARATOR + styled("1", text);
    }

    private String outgoingPrivate(String to, String text, boolean hist) {
        String tag = "-> " + to;
        if (colours == null) {
            return tag + SEPARATOR + text;
        }
        String style = colours.nameStyles().get(names.styleOf(to));
        if (hist) {
            return styled(colours.historyStyle() + ";7;" + style, tag) + styled(colours.historyStyle(), SEPARATOR + text);
        }
        return styled("7;" + style, tag) + SEPARATOR + text;
    }

    /** A history message as an untagged client gets it: {@code * [TIME] bob : TEXT} or {@code * [TIME] alice -> bob : TEXT}. */
    private static String untaggedHistory(String line, ServerLine.Kind kind, TaggedLine tagged) {
        long millis = tagged.time().toEpochMilli();
        int sep = line.indexOf(SEPARATOR);
        String text = line.substring(sep + SEPARATOR.length());
        return kind == ServerLine.Kind.CHAT ? HistoryLines.roomMessage(millis, line.substring(0, sep), text)
                : HistoryLines.privateMessage(millis, line.substring(1, sep), tagged.to() == null ? "?" : tagged.to(), text);
    }

    private String stamp(Instant at) {
        if (!timestamps) {
            return "";
        }
        ZonedDateTime now = ZonedDateTime.now(clock);
        ZonedDateTime when = at == null ? now : at.atZone(clock.getZone());
        LocalDate today = now.toLocalDate();
        String text = (when.toLocalDate().equals(today) ? CLOCK : OTHER_DAY).format(when);
        return styled(mutedStyle(), text) + " ";
    }

    private String mutedStyle() {
        return colours == null ? null : colours.mutedStyle();
    }

    private static String styled(String sgrParameters, String text) {
        if (sgrParameters == null || text.isEmpty()) {
            return text;
        }
        return Colours.sgr(sgrParameters) + text + Colours.RESET;
    }
}
