package io.parley.server.time;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Map;

/**
 * Translates a C {@code strftime} format into a {@link DateTimeFormatter}, once. Supported:
 * {@code %Y %y %m %d %e %H %I %M %S %p %a %A %b %B %j %Z %z %%}; everything else, including an
 * unknown directive such as {@code %Q} and a lone trailing {@code %}, is copied as written. Names
 * are English whatever the server's locale.
 */
public final class StrftimeFormat {
    /**
     * The answer to an empty format: ISO-8601 local date and time to the second with the UTC
     * offset as {@code +HH:MM} (never {@code Z}), e.g. {@code 2026-11-25T20:15:30+00:00}.
     */
    public static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendOffset("+HH:MM", "+00:00")
            .toFormatter(Locale.ENGLISH);

    private static final Map<Long, String> AM_PM = Map.of(0L, "AM", 1L, "PM");

    private StrftimeFormat() {
    }

    public static DateTimeFormatter compile(String format) {
        if (format.isEmpty()) {
            return ISO;
        }
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                literal.append(c);
                continue;
            }
            char directive = format.charAt(++i);
            if (directive == '%') {
                literal.append('%');
                continue;
            }
            if (!isSupported(directive)) {
                literal.append('%').append(directive);
                continue;
            }
            if (literal.length() > 0) {
                b.appendLiteral(literal.toString());
                literal.setLength(0);
            }
            append(b, directive);
        }
        if (literal.length() > 0) {
            b.appendLiteral(literal.toString());
        }
        return b.toFormatter(Locale.ENGLISH);
    }

    private static boolean isSupported(char directive) {
        return "YymdeHIMSpaAbBjZz".indexOf(directive) >= 0;
    }

    private static void append(DateTimeFormatterBuilder b, char directive) {
        switch (directive) {
            case 'Y' -> b.appendValue(ChronoField.YEAR, 4, 10, SignStyle.EXCEEDS_PAD);
            case 'y' -> b.appendValueReduced(ChronoField.YEAR, 2, 2, 2000);
            case 'm' -> b.appendValue(ChronoField.MONTH_OF_YEAR, 2);
            case 'd' -> b.appendValue(ChronoField.DAY_OF_MONTH, 2);
            case 'e' -> b.padNext(2).appendValue(ChronoField.DAY_OF_MONTH); // space-padded
            case 'H' -> b.appendValue(ChronoField.HOUR_OF_DAY, 2);
            case 'I' -> b.appendValue(ChronoField.CLOCK_HOUR_OF_AMPM, 2);
            case 'M' -> b.appendValue(ChronoField.MINUTE_OF_HOUR, 2);
            case 'S' -> b.appendValue(ChronoField.SECOND_OF_MINUTE, 2);
            case 'p' -> b.appendText(ChronoField.AMPM_OF_DAY, AM_PM);
            case 'a' -> b.appendText(ChronoField.DAY_OF_WEEK, TextStyle.SHORT);
            case 'A' -> b.appendText(ChronoField.DAY_OF_WEEK, TextStyle.FULL);
            case 'b' -> b.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.SHORT);
            case 'B' -> b.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.FULL);
            case 'j' -> b.appendValue(ChronoField.DAY_OF_YEAR, 3);
            case 'Z' -> b.appendZoneText(TextStyle.SHORT);
            case 'z' -> b.appendOffset("+HHMM", "+0000");
            default -> throw new IllegalArgumentException("unsupported directive %" + directive);
        }
    }
}
