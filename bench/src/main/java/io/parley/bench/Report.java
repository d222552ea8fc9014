package io.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The results of one run: a readable table and the same figures as JSON. Only measured values. */
public final class Report {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    Report put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public Object get(String key) {
        return fields.get(key);
    }

    public long getLong(String key) {
        return ((Number) fields.get(key)).longValue();
    }

    public double getDouble(String key) {
        return ((Number) fields.get(key)).doubleValue();
    }

    /** p50, p99, p99.9 and max of a microsecond histogram, in milliseconds. */
    Report latency(Histogram micros) {
        Map<String, Object> ms = new LinkedHashMap<>();
        ms.put("count", micros.getTotalCount());
        ms.put("p50", micros.getValueAtPercentile(50) / 1000.0);
        ms.put("p99", micros.getValueAtPercentile(99) / 1000.0);
        ms.put("p999", micros.getValueAtPercentile(99.9) / 1000.0);
        ms.put("max", micros.getMaxValue() / 1000.0);
        return put("latency_ms", ms);
    }

    /** Two columns, name and value, in the order the figures were added. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> inner) {
                for (Map.Entry<?, ?> i : inner.entrySet()) {
                    row(sb, e.getKey() + "." + i.getKey(), i.getValue());
                }
            } else {
                row(sb, e.getKey(), e.getValue());
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String key, Object value) {
        sb.append(String.format(Locale.ROOT, "%-28s %s%n", key, format(value)));
    }

    private static String format(Object value) {
        if (value instanceof Double d) {
            return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.3f", d);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        return String.valueOf(value);
    }

    public String json() {
        return json(fields);
    }

    private static String json(Map<?, ?> map) {
        StringBuilder sb = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<?, ?> e : map.entrySet()) {
            sb.append(sep).append('"').append(e.getKey()).append("\": ");
            Object v = e.getValue();
            if (v instanceof Map<?, ?> inner) {
                sb.append(json(inner));
            } else if (v == null) {
                sb.append("null");
            } else if (v instanceof Double d) {
                sb.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d));
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                sb.append('"').append(escape(String.valueOf(v))).append('"');
            }
            sep = ", ";
        }
        return sb.append('}').toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    void writeJson(Path file) throws IOException {
        Files.writeString(file, json() + "\n", StandardCharsets.UTF_8);
    }
}
