package io.drift.bench.churn;

import io.drift.CollectionConfig;
import io.drift.Metric;
import io.drift.bench.BenchSearcher;
import io.drift.bench.LatencyStats;
import io.drift.bench.SearchSetting;
import io.drift.bench.drift.DriftSystem;
import io.drift.dataset.Dataset;
import io.drift.dataset.GroundTruth;
import io.drift.dataset.Neighbors;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** What the churn benchmark measures besides the systems' checkpoints: exact ground truth over the live rows, one setting's searches, a fresh build. */
final class ChurnMeasurements {

    private ChurnMeasurements() {}

    /** One untimed pass, then one timed pass over the queries. */
    static Map<String, Object> measure(BenchSearcher searcher, String setting, float[][] queries,
                                               Neighbors truth, int k) throws IOException {
        long[] ids = new long[k];
        for (float[] q : queries) {
            searcher.search(q, ids);
        }
        searcher.resetStats();
        long[] nanos = new long[queries.length];
        double recall = 0;
        for (int q = 0; q < queries.length; q++) {
            long t0 = System.nanoTime();
            int n = searcher.search(queries[q], ids);
            nanos[q] = System.nanoTime() - t0;
            recall += truth.recall(q, ids, n);
        }
        LatencyStats stats = LatencyStats.of(nanos);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("setting", setting);
        m.put("recall", recall / queries.length);
        m.put("qps", stats.qps());
        m.put("p50_ms", stats.p50Millis());
        m.put("p99_ms", stats.p99Millis());
        m.putAll(searcher.stats());
        return m;
    }

    /**
     * Bulk-builds {@code live} into a fresh Drift index (k-means over all of them at the default
     * bucket size), and searches it at the default confidence.
     */
    static Map<String, Object> freshBuild(Dataset dataset, int[] live, Path dir, float[][] queries, Neighbors truth,
                                          int k, PrintWriter log) throws IOException {
        Vectors base = dataset.base();
        int d = base.dim();
        float[] rows = new float[live.length * d];
        for (int i = 0; i < live.length; i++) {
            System.arraycopy(base.data(), base.offset(live[i]), rows, i * d, d);
        }
        Dataset liveSet = new Dataset(dataset.name() + "-live", dataset.metric(), new Vectors(d, rows),
                dataset.queries());
        CollectionConfig defaults = CollectionConfig.defaults();
        Map<String, String> params = Map.of("target_bucket_size", Integer.toString(defaults.targetBucketSize()));
        Map<String, Object> m = new LinkedHashMap<>();
        try (DriftSystem system = new DriftSystem(params)) {
            long start = System.nanoTime();
            system.build(liveSet, dir);
            double build = (System.nanoTime() - start) / 1e9;
            system.open();
            long bytes;
            try (Stream<Path> files = Files.list(dir)) {
                bytes = files.mapToLong(p -> p.toFile().length()).sum();
            }
            m.put("rows", live.length);
            m.put("build_seconds", build);
            m.put("buckets", system.buildParams().get("buckets"));
            m.put("disk_bytes", bytes);
            SearchSetting setting = new SearchSetting("conf=" + defaults.targetConfidence(),
                    Map.of("target_confidence", defaults.targetConfidence()));
            BenchSearcher local = system.searcher(setting, k);
            BenchSearcher mapped = new BenchSearcher() {
                @Override
                public int search(float[] query, long[] outIds) throws IOException {
                    int n = local.search(query, outIds);
                    for (int i = 0; i < n; i++) {
                        outIds[i] = live[(int) outIds[i]];
                    }
                    return n;
                }

                @Override
                public void resetStats() {
                    local.resetStats();
                }

                @Override
                public Map<String, Object> stats() {
                    return local.stats();
                }
            };
            m.putAll(measure(mapped, setting.label(), queries, truth, k));
        }
        log.printf(Locale.ROOT, "fresh bulk build of the final %,d live rows: %s buckets, %.1f MiB, recall %.4f,"
                        + " p50 %.3f ms%n", live.length, m.get("buckets"), ((long) m.get("disk_bytes")) / 1048576.0,
                (double) m.get("recall"), (double) m.get("p50_ms"));
        log.flush();
        return m;
    }

    /** Exact top-k over the rows {@code live}, as base row numbers. */
    static Neighbors groundTruth(Vectors base, int[] live, Vectors queries, int k, Metric metric) {
        int d = base.dim();
        float[] rows = new float[live.length * d];
        for (int i = 0; i < live.length; i++) {
            System.arraycopy(base.data(), base.offset(live[i]), rows, i * d, d);
        }
        Neighbors local = GroundTruth.compute(new Vectors(d, rows), queries, k, metric);
        int[] ids = local.ids().clone();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = live[ids[i]];
        }
        return new Neighbors(local.queries(), local.k(), ids, local.distances());
    }
}
