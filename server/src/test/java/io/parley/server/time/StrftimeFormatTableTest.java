package io.parley.server.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every row of {@code strftime-glibc.tsv} (beside this class in the test resources): the output of
 * Python's {@code time.strftime} on Linux, that is glibc 2.36's {@code strftime} in the C locale,
 * for fixed instants, zones and formats. The table was generated once, by
 * {@code python3 strftime-table.py > strftime-glibc.tsv} (the script is beside it and says what
 * it covers: every conversion alone at year boundaries for the week numbers, with each modifier,
 * flag and width, glibc's odd corners, and zone names and offsets in six zones).
 */
class StrftimeFormatTableTest {

    record Row(long epoch, String zone, String format, String expected) {
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = StrftimeFormatTableTest.class.getResourceAsStream("strftime-glibc.tsv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                rows.add(new Row(Long.parseLong(f[0]), f[1], unescape(f[2]), unescape(f[3])));
            }
        }
        return rows;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                char next = s.charAt(++i);
                out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void everyRowAsGlibcPrintsIt() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).hasSizeGreaterThan(3000);
        List<String> wrong = new ArrayList<>();
        int skipped = 0;
        for (Row row : rows) {
            if (!row.zone().equals("UTC") && row.format().contains("Z")
                    && !Files.isReadable(ZoneAbbreviations.ZONEINFO.resolve(row.zone()))) {
                skipped++; // zone names come from the system's tz database, absent here
                continue;
            }
            ZonedDateTime time = ZonedDateTime.ofInstant(Instant.ofEpochSecond(row.epoch()), ZoneId.of(row.zone()));
            String got = StrftimeFormat.compile(row.format()).format(time);
            if (!got.equals(row.expected())) {
                wrong.add(String.format("%s %s %s: expected <%s> got <%s>", time, row.zone(), row.format(),
                        row.expected(), got));
            }
        }
        assertThat(wrong).as("rows that differ from glibc").isEmpty();
        assertThat(skipped).as("rows skipped for want of /usr/share/zoneinfo").isLessThan(rows.size() / 5);
    }
}
