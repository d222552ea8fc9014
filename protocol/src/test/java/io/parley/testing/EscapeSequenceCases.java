package io.parley.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared table of terminal escape sequences and what is left of a text once they are removed
 * ({@code io/parley/protocol/escape-sequences.txt} in protocol's test-jar), so that the server's
 * sanitiser and the console client's are tested with the same cases.
 */
public final class EscapeSequenceCases {
    private static final String RESOURCE = "/io/parley/protocol/escape-sequences.txt";

    /** One row: {@code input} must come out as {@code expected}; {@code line} is its line in the file. */
    public record Case(int line, String input, String expected) {
        @Override
        public String toString() {
            return "line " + line + ": " + visible(input);
        }
    }

    private EscapeSequenceCases() {
    }

    public static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = EscapeSequenceCases.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int number = 0;
            for (String row; (row = reader.readLine()) != null; ) {
                number++;
                if (row.isEmpty() || row.startsWith("#")) {
                    continue;
                }
                int tab = row.indexOf('\t');
                if (tab < 0 || row.indexOf('\t', tab + 1) >= 0) {
                    throw new IllegalStateException(RESOURCE + " line " + number + ": expected INPUT<TAB>EXPECTED");
                }
                cases.add(new Case(number, unescape(row.substring(0, tab)), unescape(row.substring(tab + 1))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    /** {@code \e \a \t \\ \xHH \x{HHHHH}} to the characters they stand for. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'e' -> out.append('\u001b');
                case 'a' -> out.append('\u0007');
                case 't' -> out.append('\t');
                case '\\' -> out.append('\\');
                case 'x' -> {
                    if (s.charAt(i + 1) == '{') {
                        int close = s.indexOf('}', i);
                        out.appendCodePoint(Integer.parseInt(s.substring(i + 2, close), 16));
                        i = close;
                    } else {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + s);
            }
        }
        return out.toString();
    }

    /** The text with its control characters shown as escapes, for test names and messages. */
    public static String visible(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp == 0x1B) {
                out.append("\\e");
            } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
                out.append(String.format("\\x%02x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
