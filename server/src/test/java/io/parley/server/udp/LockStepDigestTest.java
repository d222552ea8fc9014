package io.parley.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one answer an unvalidated UDP member gets per datagram, over generated queues and budgets. */
class LockStepDigestTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nothingQueuedIsSaidSo() {
        LockStepDigest digest = new LockStepDigest();
        assertThat(new String(digest.take(100, new long[1]), StandardCharsets.UTF_8)).isEqualTo("* nothing new");
        assertThat(digest.take(5, new long[1])).isNull(); // not even that fits
    }

    @Test
    void everythingFitsInOrder() {
        LockStepDigest digest = new LockStepDigest();
        digest.add(utf8("* you are 太白"));
        digest.add(utf8("bob : hi"));
        assertThat(new String(digest.take(1000, new long[1]), StandardCharsets.UTF_8))
                .isEqualTo("* you are 太白\nbob : hi");
        assertThat(digest.isEmpty()).isTrue();
    }

    @Test
    void theNewestLinesComeFirstAfterANoteOfTheRest() {
        LockStepDigest digest = new LockStepDigest();
        for (int i = 1; i <= 30; i++) {
            digest.add(utf8("bob : line " + i));
        }
        long[] skipped = new long[1];
        String answer = new String(digest.take(60, skipped), StandardCharsets.UTF_8);
        assertThat(answer).isEqualTo("* skipped 28 earlier lines\nbob : line 29\nbob : line 30"); // 54 bytes; a third line would make 68
        assertThat(skipped[0]).isEqualTo(28);
        assertThat(new String(digest.take(60, skipped), StandardCharsets.UTF_8)).isEqualTo("* nothing new");
    }

    @Test
    void aDatagramTooShortForTheNoticeGetsItsShortForm() {
        LockStepDigest digest = new LockStepDigest();
        for (int i = 1; i <= 30; i++) {
            digest.add(utf8("bob : line " + i));
        }
        long[] skipped = new long[1];
        // "a : b" earns 15 bytes: too few for "* skipped 30 earlier lines"
        assertThat(new String(digest.take(15, skipped), StandardCharsets.UTF_8)).isEqualTo("* skipped 30");
        assertThat(skipped[0]).isEqualTo(30);
        assertThat(digest.isEmpty()).isTrue();
    }

    @Test
    void aLastWordIsOnlyTheNewestLine() {
        LockStepDigest digest = new LockStepDigest();
        digest.add(utf8("bob : chat"));
        digest.add(utf8("* bye 太白"));
        assertThat(new String(digest.takeNewest(30), StandardCharsets.UTF_8)).isEqualTo("* bye 太白");
        assertThat(digest.isEmpty()).isTrue();
    }

    @Test
    void holdsNoMoreThanOneAnswerCouldCarry() {
        LockStepDigest digest = new LockStepDigest();
        for (int i = 0; i < 10_000; i++) {
            digest.add(utf8("carol : " + "z".repeat(i % 300)));
        }
        int held = digest.size();
        assertThat(held).isLessThan(LockStepDigest.MAX_BYTES / 8);
        long[] skipped = new long[1];
        byte[] answer = digest.take(Long.MAX_VALUE, skipped);
        assertThat(answer.length).isLessThanOrEqualTo(LockStepDigest.MAX_BYTES);
        assertThat(skipped[0]).isGreaterThanOrEqualTo(10_000 - held);
    }

    /** Random queues and budgets: the answer is always the newest lines that fit, after an exact note. */
    @Test
    void generatedQueuesAndBudgets() {
        Random random = new Random(9000);
        for (int run = 0; run < 2000; run++) {
            LockStepDigest digest = new LockStepDigest();
            List<String> all = new ArrayList<>();
            int count = random.nextInt(40);
            for (int i = 0; i < count; i++) {
                String line = "n" + i + " : " + "é".repeat(random.nextInt(i % 7 == 0 ? 600 : 40));
                all.add(line);
                digest.add(utf8(line));
            }
            long budget = random.nextInt(1200);
            long[] skipped = new long[1];
            byte[] answer = digest.take(budget, skipped);
            if (answer == null) {
                assertThat(budget).as("only a budget too small for any answer leaves none")
                        .isLessThan(LockStepDigest.shortNote(count).length());
                continue;
            }
            assertThat(answer.length).isLessThanOrEqualTo((int) Math.min(budget, LockStepDigest.MAX_BYTES));
            List<String> lines = new ArrayList<>(Arrays.asList(new String(answer, StandardCharsets.UTF_8).split("\n", -1)));
            if (count == 0) {
                assertThat(lines).containsExactly(LockStepDigest.NOTHING_NEW);
                continue;
            }
            if (lines.size() == 1 && lines.get(0).equals(LockStepDigest.shortNote(count))) {
                assertThat(budget).as("the short form only when nothing else fits")
                        .isLessThan(LockStepDigest.note(count).length());
                continue;
            }
            if (skipped[0] > 0) {
                assertThat(lines.remove(0)).isEqualTo(LockStepDigest.note(skipped[0]));
            }
            assertThat(lines).isEqualTo(all.subList(all.size() - lines.size(), all.size()));
            assertThat(skipped[0] + lines.size()).isEqualTo(all.size());
        }
    }
}
