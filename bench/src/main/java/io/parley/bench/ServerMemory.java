package io.parley.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory a server process uses, read from outside it: resident set size from
 * {@code /proc/PID/status}, Java heap in use after a full GC through {@code jcmd}, or the heap
 * gauge of a Prometheus metrics endpoint.
 */
final class ServerMemory {
    private static final Pattern VM_RSS = Pattern.compile("^VmRSS:\\s+(\\d+)\\s+kB", Pattern.MULTILINE);
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+(?:reserved\\s+)?\\d+K,\\s+(?:committed\\s+\\d+K,\\s+)?used\\s+(\\d+)K");
    private static final Pattern HEAP_METRIC = Pattern.compile(
            "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);

    private ServerMemory() {
    }

    /** Resident set size of {@code pid} in bytes. */
    static long rssBytes(long pid) throws IOException {
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        Matcher m = VM_RSS.matcher(status);
        if (!m.find()) {
            throw new IOException("no VmRSS in /proc/" + pid + "/status");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** Clock ticks per second of /proc/PID/stat times (USER_HZ, 100 on Linux x86). */
    private static final long TICKS_PER_SECOND = 100;

    /**
     * CPU time {@code pid} has used so far (user plus system, all threads), in nanoseconds, from
     * {@code /proc/PID/stat}; -1 if it cannot be read.
     */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Heap in use after a full collection, through {@code jcmd PID GC.run} then {@code GC.heap_info}. */
    static long heapAfterGcBytes(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        return parseHeapInfo(jcmd(pid, "GC.heap_info"));
    }

    static long parseHeapInfo(String heapInfo) throws IOException {
        Matcher m = HEAP_USED.matcher(heapInfo);
        if (!m.find()) {
            throw new IOException("cannot read the heap from jcmd GC.heap_info: " + heapInfo.strip());
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** Sum of {@code jvm_memory_used_bytes{area="heap"}} over the heap pools of a loopback endpoint. */
    static long heapFromMetrics(String url) throws IOException {
        URL u = URI.create(url).toURL();
        if (!InetAddress.getByName(u.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("--metrics-url must be on a loopback address");
        }
        HttpURLConnection http = (HttpURLConnection) u.openConnection();
        http.setConnectTimeout(5000);
        http.setReadTimeout(10000);
        try (InputStream in = http.getInputStream()) {
            return parseHeapMetric(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            http.disconnect();
        }
    }

    static long parseHeapMetric(String exposition) throws IOException {
        Matcher m = HEAP_METRIC.matcher(exposition);
        double sum = 0;
        boolean any = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
            any = true;
        }
        if (!any) {
            throw new IOException("no jvm_memory_used_bytes{area=\"heap\"} in the metrics");
        }
        return (long) sum;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " failed: " + new String(out, StandardCharsets.UTF_8).strip());
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
