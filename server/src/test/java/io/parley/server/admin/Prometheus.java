package io.parley.server.admin;

/** Reads one sample out of a Prometheus text-format scrape. */
public final class Prometheus {
    private Prometheus() {
    }

    /** The value of the sample whose name and labels are exactly {@code series}; fails if absent. */
    public static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + series + " in:\n" + scrape);
    }
}
