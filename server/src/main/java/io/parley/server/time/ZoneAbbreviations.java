package io.parley.server.time;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time-zone abbreviations as the C library prints them ({@code %Z}): from the system's tz database
 * ({@code /usr/share/zoneinfo}), where Java's own names differ ({@code America/Sao_Paulo} is
 * {@code -03} there, {@code BRT} in Java). Each zone file (TZif, version 2 or later) is read once:
 * a moment within its transitions takes the abbreviation of the last transition before it; a moment
 * after them takes the name, from the POSIX TZ rule at the file's end, whose offset matches. Zones
 * without a file and fixed offsets use Java's short name, or the offset as tzdata writes one
 * ({@code +03}, {@code +0530}).
 */
final class ZoneAbbreviations {
    static final Path ZONEINFO = Path.of("/usr/share/zoneinfo");
    /** The POSIX TZ string: std name, std offset, then optionally dst name and dst offset. */
    private static final Pattern RULE = Pattern.compile(
            "(<[^>]*>|[A-Za-z]{3,})([+-]?\\d{1,3}(?::\\d{1,2}){0,2})(?:(<[^>]*>|[A-Za-z]{3,})([+-]?\\d{1,3}(?::\\d{1,2}){0,2})?)?(?:,.*)?");
    private static final DateTimeFormatter JAVA_NAME = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);

    /** A zone's current names and offsets (seconds east of UTC); {@code dst} null when it has none. */
    record Rule(String std, int stdOffset, String dst, int dstOffset) {
        /** The name whose offset is {@code offset}, or null. */
        String nameFor(int offset) {
            if (dst != null && offset == dstOffset && offset != stdOffset) {
                return dst;
            }
            if (std != null && offset == stdOffset) {
                return std;
            }
            return dst != null && offset == dstOffset ? dst : null;
        }
    }

    /**
     * One zone file: transition times (epoch seconds, ascending), the abbreviation in force from
     * each, the abbreviation before the first, and the rule after the last.
     */
    record Zone(long[] transitions, String[] names, String before, Rule after) {
        String nameAt(long epochSecond, int offset) {
            int n = transitions.length;
            if (n == 0 || epochSecond >= transitions[n - 1]) {
                String name = after.nameFor(offset);
                if (name != null || n == 0) {
                    return name;
                }
            }
            if (epochSecond < transitions[0]) {
                return before;
            }
            int i = Arrays.binarySearch(transitions, epochSecond);
            return names[i >= 0 ? i : -i - 2];
        }
    }

    private static final Rule NO_RULE = new Rule(null, 0, null, 0);
    private static final Zone UNKNOWN = new Zone(new long[0], new String[0], null, NO_RULE);
    private static final Map<String, Zone> ZONES = new ConcurrentHashMap<>();

    private ZoneAbbreviations() {
    }

    static String of(ZonedDateTime t) {
        ZoneId zone = t.getZone();
        int offset = t.getOffset().getTotalSeconds();
        if (zone instanceof ZoneOffset) {
            return numeric(offset);
        }
        String name = ZONES.computeIfAbsent(zone.getId(), ZoneAbbreviations::read).nameAt(t.toEpochSecond(), offset);
        return name != null ? name : JAVA_NAME.format(t);
    }

    /** The zone's file, parsed; {@link #UNKNOWN} when there is none or it cannot be read. */
    private static Zone read(String zoneId) {
        if (zoneId.contains("..")) {
            return UNKNOWN;
        }
        try {
            return parse(Files.readAllBytes(ZONEINFO.resolve(zoneId)));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** Parses a TZif file of version 2 or later (RFC 8536): its 64-bit data and its footer. */
    static Zone parse(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file);
        if (file.length < 44 || in.getInt(0) != 0x545A6966 /* TZif */ || file[4] < '2') {
            return UNKNOWN;
        }
        // Skip the version 1 block (32-bit times) to the version 2 header.
        int[] v1 = counts(in, 0);
        in.position(44 + v1[3] * 5 + v1[4] * 6 + v1[5] + v1[2] * 8 + v1[1] + v1[0]);
        int header = in.position();
        int[] c = counts(in, header);
        int timecnt = c[3];
        int typecnt = c[4];
        int charcnt = c[5];
        in.position(header + 44);
        long[] transitions = new long[timecnt];
        for (int i = 0; i < timecnt; i++) {
            transitions[i] = in.getLong();
        }
        int[] typeOf = new int[timecnt];
        for (int i = 0; i < timecnt; i++) {
            typeOf[i] = in.get() & 0xff;
        }
        boolean[] dst = new boolean[typecnt];
        int[] abbreviationAt = new int[typecnt];
        for (int i = 0; i < typecnt; i++) {
            in.getInt(); // UT offset: Java's rules give the offset
            dst[i] = in.get() != 0;
            abbreviationAt[i] = in.get() & 0xff;
        }
        byte[] chars = new byte[charcnt];
        in.get(chars);
        String[] typeNames = new String[typecnt];
        for (int i = 0; i < typecnt; i++) {
            int end = abbreviationAt[i];
            while (end < charcnt && chars[end] != 0) {
                end++;
            }
            typeNames[i] = new String(chars, abbreviationAt[i], end - abbreviationAt[i], StandardCharsets.US_ASCII);
        }
        String[] names = new String[timecnt];
        for (int i = 0; i < timecnt; i++) {
            names[i] = typeNames[typeOf[i]];
        }
        // Before the first transition: the first standard-time type, as glibc takes it.
        int first = 0;
        while (first < typecnt - 1 && dst[first]) {
            first++;
        }
        String before = typecnt > 0 ? typeNames[first] : null;
        return new Zone(transitions, names, before, footer(file));
    }

    private static int[] counts(ByteBuffer in, int header) {
        int[] c = new int[6]; // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
        for (int i = 0; i < 6; i++) {
            c[i] = in.getInt(header + 20 + 4 * i);
        }
        return c;
    }

    /** The POSIX TZ rule on the file's last line. */
    static Rule footer(byte[] file) {
        if (file[file.length - 1] != '\n') {
            return NO_RULE;
        }
        int start = file.length - 2;
        while (start >= 0 && file[start] != '\n') {
            start--;
        }
        return parseRule(new String(file, start + 1, file.length - start - 2, StandardCharsets.US_ASCII));
    }

    static Rule parseRule(String tz) {
        Matcher m = RULE.matcher(tz);
        if (!m.matches()) {
            return NO_RULE;
        }
        // POSIX offsets are west of UTC (EST5 is UTC-5); daylight time is an hour ahead by default.
        int std = -seconds(m.group(2));
        String dstName = m.group(3);
        int dst = m.group(4) != null ? -seconds(m.group(4)) : std + 3600;
        return new Rule(unquote(m.group(1)), std, dstName == null ? null : unquote(dstName), dst);
    }

    private static String unquote(String name) {
        return name.startsWith("<") ? name.substring(1, name.length() - 1) : name;
    }

    private static int seconds(String offset) {
        int sign = offset.startsWith("-") ? -1 : 1;
        String[] parts = offset.replaceFirst("^[+-]", "").split(":");
        int total = 0;
        int unit = 3600;
        for (String part : parts) {
            total += Integer.parseInt(part) * unit;
            unit /= 60;
        }
        return sign * total;
    }

    /** An offset as tzdata names zones that have no letters: {@code +03}, {@code -0330}. */
    static String numeric(int offsetSeconds) {
        int minutes = Math.abs(offsetSeconds) / 60;
        String sign = offsetSeconds < 0 ? "-" : "+";
        String hours = String.format(Locale.ROOT, "%02d", minutes / 60);
        return minutes % 60 == 0 ? sign + hours : sign + hours + String.format(Locale.ROOT, "%02d", minutes % 60);
    }
}
