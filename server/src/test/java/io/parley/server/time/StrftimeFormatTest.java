package io.parley.server.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class StrftimeFormatTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    /** A Wednesday evening. */
    private static final Instant EVENING = Instant.parse("2026-11-25T20:15:30Z");
    /** A Thursday morning early in the year, single-digit day. */
    private static final Instant MORNING = Instant.parse("2026-03-05T08:07:09Z");

    private static String at(Instant instant, ZoneId zone, String format) {
        return new TimeTeller(Clock.fixed(instant, zone)).tell(format);
    }

    private static String at(Instant instant, String format) {
        return at(instant, UTC, format);
    }

    @Test
    void everyDirective() {
        assertThat(at(EVENING, "%Y %y %m %d %e %H %I %M %S %p %a %A %b %B %j %Z %z %%"))
                .isEqualTo("2026 26 11 25 25 20 08 15 30 PM Wed Wednesday Nov November 329 UTC +0000 %");
        assertThat(at(MORNING, "%Y %y %m %d %e %H %I %M %S %p %a %A %b %B %j %Z %z %%"))
                .isEqualTo("2026 26 03 05  5 08 08 07 09 AM Thu Thursday Mar March 064 UTC +0000 %");
    }

    @Test
    void twelveHourClockAtMidnightAndNoon() {
        assertThat(at(Instant.parse("2026-11-25T00:05:00Z"), "%I:%M %p")).isEqualTo("12:05 AM");
        assertThat(at(Instant.parse("2026-11-25T12:05:00Z"), "%I:%M %p")).isEqualTo("12:05 PM");
    }

    @Test
    void zoneNameAndOffsetFollowTheClocksZone() {
        ZoneId newYork = ZoneId.of("America/New_York");
        assertThat(at(EVENING, newYork, "%H:%M %Z %z")).isEqualTo("15:15 EST -0500");
        assertThat(at(Instant.parse("2026-07-01T12:00:00Z"), newYork, "%H %Z %z")).isEqualTo("08 EDT -0400");
        assertThat(at(EVENING, ZoneId.of("Asia/Kolkata"), "%z")).isEqualTo("+0530");
    }

    @Test
    void literalTextIsCopied() {
        assertThat(at(EVENING, "it is %H:%M on %A, 'quoted' [bracketed] {braced} #1 ÄÖ 太白"))
                .isEqualTo("it is 20:15 on Wednesday, 'quoted' [bracketed] {braced} #1 ÄÖ 太白");
        assertThat(at(EVENING, "no directives")).isEqualTo("no directives");
    }

    @Test
    void percentPercentIsOnePercent() {
        assertThat(at(EVENING, "100%% at %H%%%M")).isEqualTo("100% at 20%15");
        assertThat(at(EVENING, "%%Y")).isEqualTo("%Y");
    }

    @Test
    void unknownDirectiveAndTrailingPercentComeBackAsWritten() {
        assertThat(at(EVENING, "%Q")).isEqualTo("%Q");
        assertThat(at(EVENING, "%H %Q %k %")).isEqualTo("20 %Q 20 %");
        assertThat(at(EVENING, "%")).isEqualTo("%");
        assertThat(at(EVENING, "%Ea %Oa %E")).isEqualTo("%Ea %Oa %E");
    }

    @Test
    void compositesWeekNumbersAndTheEpoch() {
        assertThat(at(EVENING, "%c|%D|%F|%T|%R|%r|%x|%X"))
                .isEqualTo("Wed Nov 25 20:15:30 2026|11/25/26|2026-11-25|20:15:30|20:15|08:15:30 PM|11/25/26|20:15:30");
        // Friday 1 January 2021 is in ISO week 53 of 2020, and before the first Sunday and Monday.
        assertThat(at(Instant.parse("2021-01-01T00:00:00Z"), "%G %g %V %U %W %u %w %j %C"))
                .isEqualTo("2020 20 53 00 00 5 5 001 20");
        assertThat(at(EVENING, "%s")).isEqualTo("" + EVENING.getEpochSecond());
    }

    @Test
    void flagsAndWidthsAsGlibc() {
        assertThat(at(MORNING, "[%-d] [%_H] [%0e] [%^a] [%#Z] [%10Y] [%-10Y] [%P] [%#p] [%k] [%l]"))
                .isEqualTo("[5] [ 8] [05] [THU] [utc] [0000002026] [      2026] [am] [am] [ 8] [ 8]");
    }

    @Test
    void lineEndAndTabDirectivesPutThemInTheAnswer() {
        assertThat(at(EVENING, "%H%n%M%t%S")).isEqualTo("20\n15\t30");
    }

    @Test
    void aHugeWidthStopsJustPastTheLimit() {
        assertThat(at(EVENING, "%2000000000Y")).hasSize(StrftimeFormat.MAX_CHARS + 1);
    }

    @Test
    void fixedOffsetZonesAreNamedByTheirOffset() {
        assertThat(at(EVENING, java.time.ZoneOffset.ofHoursMinutes(5, 30), "%Z %z")).isEqualTo("+0530 +0530");
        assertThat(at(EVENING, java.time.ZoneOffset.ofHours(-3), "%Z")).isEqualTo("-03");
    }

    @Test
    void emptyFormatIsIso8601WithANumericOffset() {
        assertThat(at(EVENING, "")).isEqualTo("2026-11-25T20:15:30+00:00");
        assertThat(at(EVENING, ZoneId.of("America/New_York"), "")).isEqualTo("2026-11-25T15:15:30-05:00");
        assertThat(StrftimeFormat.compile("").format(EVENING.atZone(UTC))).isEqualTo("2026-11-25T20:15:30+00:00");
    }

    @Test
    void controlCharactersInTheFormatAreLeftOut() {
        assertThat(at(EVENING, "%H\n%M\u001b")).isEqualTo("2015");
    }

    @Test
    void aFormatIsParsedOnceAndCached() {
        TimeTeller teller = new TimeTeller(Clock.fixed(EVENING, UTC));
        assertThat(teller.formatter("%H:%M")).isSameAs(teller.formatter("%H:%M"));
        assertThat(teller.formatter("%H:%M")).isNotSameAs(teller.formatter("%H.%M"));
    }

    @Test
    void theCacheIsBoundedAndKeepsWhatIsUsed() {
        TimeTeller teller = new TimeTeller(Clock.fixed(EVENING, UTC), 2);
        var hot = teller.formatter("%H");
        teller.formatter("a");
        teller.formatter("%H"); // used again: now the most recent
        teller.formatter("b"); // evicts "a", the least recently used
        assertThat(teller.formatter("%H")).isSameAs(hot);
        var b = teller.formatter("b");
        teller.formatter("c");
        teller.formatter("d");
        assertThat(teller.formatter("b")).isNotSameAs(b); // evicted and parsed again
    }
}
