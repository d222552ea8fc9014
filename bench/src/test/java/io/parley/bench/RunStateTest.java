package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RunStateTest {

    @Test
    void latenciesRecordedOnManyThreadsAreAllTakenOnceEach() throws Exception {
        RunState run = new RunState(RoomPlan.oneRoom(10, 2), 0, 1, 64);
        int threads = 4;
        int each = 50_000;
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long micros = 1000L * (t + 1); // thread t records only (t + 1) ms
            Thread thread = new FastThreadLocalThread(() -> {
                for (int i = 0; i < each; i++) {
                    run.recordLatency(micros);
                }
                done.countDown();
            });
            thread.start();
            started.add(thread);
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        run.recordLatency(-5); // a clock step backwards counts as 0, not as a failure
        Histogram all = run.takeLatencies();
        assertThat(all.getTotalCount()).isEqualTo((long) threads * each + 1);
        assertThat(all.getCountAtValue(0)).isEqualTo(1);
        for (int t = 0; t < threads; t++) {
            assertThat(all.getCountAtValue(1000L * (t + 1))).isEqualTo(each);
        }
        assertThat(run.takeLatencies().getTotalCount()).isZero(); // taken: the next interval is empty
        for (Thread thread : started) {
            thread.join(10_000);
        }
    }
}
