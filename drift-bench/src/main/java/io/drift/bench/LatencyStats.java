package io.drift.bench;

import java.util.Arrays;

/**
 * Throughput and latency percentiles of one timed pass of single-threaded queries.
 *
 * @param count number of queries timed
 * @param totalNanos sum of the per-query latencies
 * @param qps queries per second of a single thread: {@code count / totalSeconds}
 * @param p50Millis median latency (nearest rank), in milliseconds
 * @param p99Millis 99th percentile latency (nearest rank), in milliseconds
 */
public record LatencyStats(int count, long totalNanos, double qps, double p50Millis, double p99Millis) {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final double NANOS_PER_MILLI = 1e6;

    /** Summarises per-query latencies in nanoseconds; the array is not modified. */
    public static LatencyStats of(long[] latencyNanos) {
        if (latencyNanos.length == 0) {
            throw new IllegalArgumentException("no latencies");
        }
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        if (sorted[0] < 0) {
            throw new IllegalArgumentException("negative latency " + sorted[0] + " ns");
        }
        long total = 0;
        for (long nanos : sorted) {
            total = Math.addExact(total, nanos);
        }
        // A clock too coarse to see the queries at all still yields a finite throughput.
        double qps = sorted.length * NANOS_PER_SECOND / Math.max(total, 1L);
        return new LatencyStats(
                sorted.length,
                total,
                qps,
                percentile(sorted, 50) / NANOS_PER_MILLI,
                percentile(sorted, 99) / NANOS_PER_MILLI);
    }

    /**
     * The nearest-rank percentile of ascending {@code sorted}: the smallest value such that at least
     * {@code p} percent of the values are less than or equal to it ({@code sorted[ceil(p/100·n) - 1]},
     * the minimum for {@code p = 0}).
     */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + p);
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    /** The median of {@code values} (the mean of the middle two for an even count); {@code values} is left as it was. */
    public static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
