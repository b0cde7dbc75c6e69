package io.drift.bench;

import io.drift.dataset.Dataset;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The static workload: build each system once over the whole dataset, then sweep its search-time
 * settings, measuring recall@k and single-thread latency. All timing happens here, the same way
 * for every system:
 *
 * <ul>
 *   <li>{@code build_seconds}: wall time of {@link BenchSystem#build};
 *   <li>per setting, a warm-up runs every query once, and repeats that pass until a minimum
 *       warm-up time has passed (so the JIT has compiled the search path even when a pass is
 *       short); then a timed pass runs every query once more, timing each call with {@link
 *       System#nanoTime()} on this one thread;
 *   <li>qps, p50 and p99 come from the timed latencies ({@link LatencyStats}), recall from the
 *       timed pass's results against exact ground truth ({@link Recall}), computed after the pass.
 * </ul>
 *
 * <p>Progress goes to the given writer, one line per step and one summary line per setting.
 */
public final class StaticBenchmark {

    private final Dataset dataset;
    private final int k;
    private final Recall.Truth truth;
    private final PrintWriter progress;
    private final long minWarmupNanos;
    private final float[][] queries;
    private final float[][] heldOut;

    /**
     * @param dataset the base vectors to index and the queries to run (all of them)
     * @param heldOut other queries each system is shown before it is measured ({@link BenchSystem#learn})
     * @param k neighbours per query
     * @param truth recall@k of a query's results against the exact neighbours
     * @param minWarmup the least time to spend warming up each setting (at least one pass is run)
     * @param progress where progress lines go
     */
    public StaticBenchmark(Dataset dataset, float[][] heldOut, int k, Recall.Truth truth, Duration minWarmup,
                           PrintWriter progress) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        this.k = k;
        this.truth = Objects.requireNonNull(truth, "truth");
        this.progress = Objects.requireNonNull(progress, "progress");
        if (minWarmup.isNegative()) {
            throw new IllegalArgumentException("negative warm-up time " + minWarmup);
        }
        this.minWarmupNanos = minWarmup.toNanos();
        Vectors q = dataset.queries();
        if (q.size() == 0) {
            throw new IllegalArgumentException("dataset " + dataset.name() + " has no queries");
        }
        this.queries = new float[q.size()][];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = q.row(i);
        }
        this.heldOut = heldOut.clone();
    }

    /** One setting's measurement: the timed pass's latencies and mean recall. */
    public record Measurement(LatencyStats latency, double recall, Map<String, Object> stats) {}

    /**
     * Builds {@code system} in {@code workDir}, measures every setting and returns one result per
     * setting. The caller closes the system and deletes {@code workDir}.
     */
    public List<SystemResult> run(BenchSystem system, Path workDir) throws IOException {
        progress.printf(Locale.ROOT, "building %s...%n", system.name());
        progress.flush();
        long start = System.nanoTime();
        system.build(dataset, workDir);
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        system.open();
        system.learn(heldOut, k);
        long diskBytes = system.diskBytes();
        progress.printf(Locale.ROOT, "  took %.2f s, %s on disk%n", buildSeconds, formatBytes(diskBytes));
        progress.flush();

        List<SystemResult> results = new ArrayList<>();
        for (SearchSetting setting : system.settings(k)) {
            Measurement m = measure(system.searcher(setting, k));
            SystemResult result = SystemResult.of(system, setting, buildSeconds, m.latency(), m.recall(), diskBytes,
                    m.stats());
            progress.println(summaryLine(result));
            progress.flush();
            results.add(result);
        }
        return results;
    }

    /** Warm-up passes, then the timed pass, then recall of the timed pass's results. */
    Measurement measure(BenchSearcher searcher) throws IOException {
        int n = queries.length;
        long[][] results = new long[n][k];
        int[] counts = new int[n];
        long[] latencies = new long[n];
        long warmupStart = System.nanoTime();
        do {
            for (int q = 0; q < n; q++) {
                searcher.search(queries[q], results[q]);
            }
        } while (System.nanoTime() - warmupStart < minWarmupNanos);
        searcher.resetStats();
        for (int q = 0; q < n; q++) {
            long start = System.nanoTime();
            counts[q] = searcher.search(queries[q], results[q]);
            latencies[q] = System.nanoTime() - start;
        }
        return new Measurement(LatencyStats.of(latencies), Recall.mean(truth, results, counts), searcher.stats());
    }

    /** {@code system  setting  recall  qps  p50  p99}, aligned for a column of such lines. */
    static String summaryLine(SystemResult r) {
        return String.format(
                Locale.ROOT,
                "  %-18s %-14s recall %.4f  qps %10.1f  p50 %8.3f ms  p99 %8.3f ms",
                r.system(),
                r.setting(),
                r.recall(),
                r.qps(),
                r.p50Millis(),
                r.p99Millis())
                + (r.stats().containsKey("rows_scanned") ? "  rows " + r.stats().get("rows_scanned") : "");
    }

    /** Bytes in binary units with one decimal, for example {@code 187.5 MiB}. */
    static String formatBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
