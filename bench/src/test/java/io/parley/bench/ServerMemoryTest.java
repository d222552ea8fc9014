package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ServerMemoryTest {

    @Test
    void readsHeapUsedFromJdk17AndNewerHeapInfo() throws IOException {
        assertThat(ServerMemory.parseHeapInfo(
                "12345:\n garbage-first heap   total 262144K, used 20480K [0x00000000c0000000, 0x0000000100000000)\n"
                        + "  region size 1024K, 2 young (2048K), 0 survivors (0K)\n"))
                .isEqualTo(20480L * 1024);
        assertThat(ServerMemory.parseHeapInfo(
                " garbage-first heap   total reserved 1048576K, committed 262144K, used 1024K [0x0, 0x1)\n"))
                .isEqualTo(1024L * 1024);
        assertThatThrownBy(() -> ServerMemory.parseHeapInfo("no heap here")).isInstanceOf(IOException.class);
    }

    @Test
    void sumsTheHeapPoolsOfPrometheusMetrics() throws IOException {
        String metrics = "# HELP jvm_memory_used_bytes The amount of used memory\n"
                + "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"} 1.2E7\n"
                + "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\"} 5.0E7\n"
                + "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"} 3000000.0\n";
        assertThat(ServerMemory.parseHeapMetric(metrics)).isEqualTo(15_000_000L);
        assertThatThrownBy(() -> ServerMemory.parseHeapMetric("up 1\n")).isInstanceOf(IOException.class);
    }

    @Test
    void readsTheResidentSetOfAProcess() throws IOException {
        assertThat(ServerMemory.rssBytes(ProcessHandle.current().pid())).isGreaterThan(1 << 20);
    }
}
