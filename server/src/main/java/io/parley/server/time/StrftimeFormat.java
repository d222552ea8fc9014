package io.parley.server.time;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A C {@code strftime} format, parsed once, that formats a {@link ZonedDateTime} exactly as glibc's
 * {@code strftime} does in the C locale (and so as Python's {@code time.strftime} prints on Linux).
 *
 * <p>Every conversion glibc knows: {@code %a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %k %l %m
 * %M %n %p %P %r %R %s %S %t %T %u %U %V %w %W %x %X %y %Y %z %Z %%}; glibc's flags {@code _ - 0 ^ #}
 * and a field width ({@code %-d}, {@code %_H}, {@code %10Y}, {@code %^a}, {@code %#Z}); and the
 * {@code E} and {@code O} modifiers, which in the C locale change nothing where glibc accepts them.
 * Anything glibc does not know ({@code %Q}, {@code %Ea}, a lone {@code %} at the end) is copied as
 * written, as glibc copies it. Names are English whatever the server's locale.
 *
 * <p>The algorithm follows glibc 2.36's {@code strftime_l.c} (Debian 12), including its corners:
 * the width pads with zeros under the {@code 0} flag or a number's own zero padding and with spaces
 * otherwise, even under {@code -}. Output stops just past {@link #MAX_CHARS} characters (a huge width
 * makes an answer too long for any reply, which is then not sent). Immutable and thread-safe.
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

    /** Longer output is cut here: far beyond any answer the server sends. */
    public static final int MAX_CHARS = 65_536;

    private static final String[] WEEKDAYS = {
        "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    private static final String[] MONTHS = {
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December"};
    /** Conversions that refuse either modifier. */
    private static final String NO_MODIFIER = "aADF%";
    /** Conversions that refuse {@code E}. */
    private static final String NO_E = "bBhdeHIkljMmSUVgGWw";
    /** Conversions that refuse {@code O}. */
    private static final String NO_O = "cxXY";
    /** Every conversion glibc knows. */
    private static final String KNOWN = "aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%";

    private sealed interface Piece {
    }

    private record Literal(String text) implements Piece {
    }

    /**
     * One {@code %} sequence. {@code pad} is {@code '_'}, {@code '-'}, {@code '0'} or 0 (none);
     * {@code width} is -1 when none was written; {@code written} is what an unknown one copies.
     */
    private record Directive(char pad, boolean upper, boolean changeCase, int width, char modifier, char conversion,
                             boolean known, String written) implements Piece {
    }

    private static final StrftimeFormat DATE_AND_TIME = compile("%a %b %e %H:%M:%S %Y");
    private static final StrftimeFormat MONTH_DAY_YEAR = compile("%m/%d/%y");
    private static final StrftimeFormat YEAR_MONTH_DAY = compile("%Y-%m-%d");
    private static final StrftimeFormat HOURS_MINUTES = compile("%H:%M");
    private static final StrftimeFormat HOURS_MINUTES_SECONDS = compile("%H:%M:%S");
    private static final StrftimeFormat TWELVE_HOUR_TIME = compile("%I:%M:%S %p");

    private final List<Piece> pieces;
    private final boolean iso;

    private StrftimeFormat(List<Piece> pieces, boolean iso) {
        this.pieces = pieces;
        this.iso = iso;
    }

    /** Parses {@code format}; never fails (what is not a directive is text). Empty: ISO-8601. */
    public static StrftimeFormat compile(String format) {
        if (format.isEmpty()) {
            return new StrftimeFormat(List.of(), true);
        }
        List<Piece> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        int n = format.length();
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (literal.length() > 0) {
                pieces.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            int start = i++;
            char pad = 0;
            boolean upper = false;
            boolean changeCase = false;
            for (; i < n; i++) {
                char f = format.charAt(i);
                if (f == '_' || f == '-' || f == '0') {
                    pad = f;
                } else if (f == '^') {
                    upper = true;
                } else if (f == '#') {
                    changeCase = true;
                } else {
                    break;
                }
            }
            int width = -1;
            if (i < n && isDigit(format.charAt(i))) {
                width = 0;
                for (; i < n && isDigit(format.charAt(i)); i++) {
                    width = (int) Math.min(Integer.MAX_VALUE, width * 10L + (format.charAt(i) - '0'));
                }
            }
            char modifier = 0;
            if (i < n && (format.charAt(i) == 'E' || format.charAt(i) == 'O')) {
                modifier = format.charAt(i++);
            }
            if (i == n) {
                // A format that ends inside a directive: glibc copies it as written.
                pieces.add(new Directive(pad, upper, changeCase, width, modifier, (char) 0, false,
                        format.substring(start)));
                break;
            }
            char conversion = format.charAt(i);
            boolean known = KNOWN.indexOf(conversion) >= 0
                    && !(modifier != 0 && NO_MODIFIER.indexOf(conversion) >= 0)
                    && !(modifier == 'E' && NO_E.indexOf(conversion) >= 0)
                    && !(modifier == 'O' && NO_O.indexOf(conversion) >= 0);
            // An unknown one is copied from the nearest '%' through its last character.
            String written = conversion == '%' ? "%" : format.substring(start, i + 1);
            pieces.add(new Directive(pad, upper, changeCase, width, modifier, conversion, known, written));
            i++;
        }
        if (literal.length() > 0) {
            pieces.add(new Literal(literal.toString()));
        }
        return new StrftimeFormat(List.copyOf(pieces), false);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code time} in this format ({@link #ISO} for the empty format). */
    public String format(ZonedDateTime time) {
        if (iso) {
            return ISO.format(time);
        }
        Output out = new Output();
        formatInto(out, time);
        return out.toString();
    }

    private void formatInto(Output out, ZonedDateTime time) {
        for (Piece piece : pieces) {
            if (out.full()) {
                return;
            }
            if (piece instanceof Literal literal) {
                out.text(literal.text());
            } else {
                convert(out, (Directive) piece, time);
            }
        }
    }

    /** One directive, as glibc's {@code __strftime_internal} does it. */
    private static void convert(Output out, Directive d, ZonedDateTime t) {
        boolean upper = d.upper();
        boolean lower = false;
        char pad = d.pad();
        int width = d.width();
        if (!d.known()) {
            out.copy(d.written(), pad, width, false, upper);
            return;
        }
        switch (d.conversion()) {
            case '%' -> out.add("%", pad, width);
            case 'n' -> out.add("\n", pad, width);
            case 't' -> out.add("\t", pad, width);
            case 'a', 'A' -> {
                String day = WEEKDAYS[t.getDayOfWeek().getValue() % 7];
                out.copy(d.conversion() == 'a' ? day.substring(0, 3) : day, pad, width, false, upper || d.changeCase());
            }
            case 'b', 'h', 'B' -> {
                String month = MONTHS[t.getMonthValue() - 1];
                out.copy(d.conversion() == 'B' ? month : month.substring(0, 3), pad, width, false,
                        upper || d.changeCase());
            }
            case 'p', 'P' -> {
                if (d.changeCase()) {
                    upper = false;
                    lower = true;
                }
                out.copy(t.getHour() < 12 ? "AM" : "PM", pad, width, lower || d.conversion() == 'P', upper);
            }
            case 'Z' -> {
                if (d.changeCase()) {
                    upper = false;
                    lower = true;
                }
                out.copy(ZoneAbbreviations.of(t), pad, width, lower, upper);
            }
            case 'c' -> sub(out, DATE_AND_TIME, t, pad, width, upper);
            case 'x', 'D' -> sub(out, MONTH_DAY_YEAR, t, pad, width, upper);
            case 'F' -> sub(out, YEAR_MONTH_DAY, t, pad, width, upper);
            case 'R' -> sub(out, HOURS_MINUTES, t, pad, width, upper);
            case 'X', 'T' -> sub(out, HOURS_MINUTES_SECONDS, t, pad, width, upper);
            case 'r' -> sub(out, TWELVE_HOUR_TIME, t, pad, width, upper);
            case 'C' -> out.number(1, Math.floorDiv(t.getYear(), 100), pad, width, false);
            case 'y' -> out.number(2, Math.floorMod(t.getYear(), 100), pad, width, false);
            case 'Y' -> out.number(1, t.getYear(), pad, width, false);
            case 'G' -> out.number(1, t.get(IsoFields.WEEK_BASED_YEAR), pad, width, false);
            case 'g' -> out.number(2, Math.floorMod(t.get(IsoFields.WEEK_BASED_YEAR), 100), pad, width, false);
            case 'V' -> out.number(2, t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), pad, width, false);
            case 'm' -> out.number(2, t.getMonthValue(), pad, width, false);
            case 'd' -> out.number(2, t.getDayOfMonth(), pad, width, false);
            case 'e' -> out.number(2, t.getDayOfMonth(), pad, width, true);
            case 'j' -> out.number(3, t.getDayOfYear(), pad, width, false);
            case 'H' -> out.number(2, t.getHour(), pad, width, false);
            case 'k' -> out.number(2, t.getHour(), pad, width, true);
            case 'I' -> out.number(2, hour12(t), pad, width, false);
            case 'l' -> out.number(2, hour12(t), pad, width, true);
            case 'M' -> out.number(2, t.getMinute(), pad, width, false);
            case 'S' -> out.number(2, t.getSecond(), pad, width, false);
            case 'u' -> out.number(1, t.getDayOfWeek().getValue(), pad, width, false);
            case 'w' -> out.number(1, sundayBased(t), pad, width, false);
            case 'U' -> out.number(2, (t.getDayOfYear() - 1 - sundayBased(t) + 7) / 7, pad, width, false);
            case 'W' -> out.number(2, (t.getDayOfYear() - 1 - (sundayBased(t) + 6) % 7 + 7) / 7, pad, width, false);
            case 's' -> out.signedNumber(1, t.toEpochSecond(), pad, width);
            case 'z' -> {
                int minutes = t.getOffset().getTotalSeconds() / 60;
                out.add(minutes < 0 ? "-" : "+", pad, width);
                minutes = Math.abs(minutes);
                out.number(4, minutes / 60 * 100 + minutes % 60, pad, width, false);
            }
            default -> throw new IllegalStateException("conversion %" + d.conversion() + " listed but not handled");
        }
    }

    /** A composite directive ({@code %c}, {@code %D}...): formatted afresh, then padded as a whole. */
    private static void sub(Output out, StrftimeFormat format, ZonedDateTime t, char pad, int width, boolean upper) {
        Output inner = new Output();
        format.formatInto(inner, t);
        String text = inner.toString();
        out.add(upper ? Output.upper(text) : text, pad, width);
    }

    private static int hour12(ZonedDateTime t) {
        int h = t.getHour() % 12;
        return h == 0 ? 12 : h;
    }

    /** Day of the week with Sunday 0, as C's {@code tm_wday}. */
    private static int sundayBased(ZonedDateTime t) {
        return t.getDayOfWeek().getValue() % 7;
    }

    /** The growing answer, with glibc's padding rules, cut just past {@link #MAX_CHARS}. */
    private static final class Output {
        private final StringBuilder out = new StringBuilder();

        boolean full() {
            return out.length() > MAX_CHARS;
        }

        void text(String s) {
            out.append(s, 0, Math.min(s.length(), MAX_CHARS + 1 - out.length()));
        }

        private void fill(char c, long count) {
            long room = MAX_CHARS + 1L - out.length();
            for (long k = Math.min(count, room); k > 0; k--) {
                out.append(c);
            }
        }

        /** glibc's {@code add}: pads to {@code width} (zeros under the 0 flag, else spaces). */
        void add(String s, char pad, int width) {
            if (full()) {
                return;
            }
            long delta = (long) width - s.length();
            if (delta > 0) {
                fill(pad == '0' ? '0' : ' ', delta);
            }
            text(s);
        }

        /** glibc's {@code cpy}: {@link #add} after changing case (lower wins over upper). */
        void copy(String s, char pad, int width, boolean lower, boolean upper) {
            add(lower ? lowerAscii(s) : upper ? upper(s) : s, pad, width);
        }

        /** glibc's {@code DO_NUMBER} (and {@code DO_NUMBER_SPACEPAD} with {@code spacePad}). */
        void number(int minDigits, long value, char pad, int width, boolean spacePad) {
            if (spacePad && pad != '0' && pad != '-') {
                pad = '_';
            }
            signedNumber(Math.max(minDigits, width), value, pad, width);
        }

        /** glibc's {@code do_number_sign_and_padding}: {@code digits} counts a minus sign too. */
        void signedNumber(int digits, long value, char pad, int width) {
            boolean negative = value < 0;
            String magnitude = value == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(value));
            String number = negative ? "-" + magnitude : magnitude;
            if (pad != '-') {
                long padding = (long) digits - number.length();
                if (padding > 0) {
                    if (pad == '_') {
                        fill(' ', padding);
                    } else {
                        if (negative) {
                            text("-");
                            number = magnitude;
                        }
                        fill('0', padding);
                    }
                    width = width > padding ? (int) (width - padding) : 0;
                }
            }
            add(number, pad, width);
        }

        static String upper(String s) {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                b.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
            }
            return b.toString();
        }

        static String lowerAscii(String s) {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
