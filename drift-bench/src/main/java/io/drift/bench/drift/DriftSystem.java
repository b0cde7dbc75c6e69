package io.drift.bench.drift;

import io.drift.Metric;
import io.drift.bench.BenchSearcher;
import io.drift.bench.BenchSystem;
import io.drift.bench.SearchSetting;
import io.drift.dataset.Dataset;
import io.drift.dataset.Vectors;
import io.drift.maintain.BulkBuilder;
import io.drift.search.L1Index;
import io.drift.search.QueryTrace;
import io.drift.search.RecallCheck;
import io.drift.search.RecallModel;
import io.drift.search.SearchConfig;
import io.drift.search.SearchHits;
import io.drift.search.SearchParams;
import io.drift.vector.Distance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Drift's L1 index: a bulk build into {@code .drift} segments (k-means buckets, SQ8 codes, ALP
 * vectors), opened through memory mappings, and searched by saturating-density bucket selection
 * with probabilistic stopping (or a per-query recall estimate) and rerank.
 *
 * <p>Build ({@code build_seconds}) covers k-means, writing and fsyncing the segments and opening
 * them: after it the index answers searches. {@link #learn} re-checks the benchmark's held-out
 * queries exhaustively and fits the {@link RecallModel} that {@code recall_target} searches stop
 * by, as the engine does with the queries it serves; its time is the {@code calibration_seconds}
 * parameter. The sweep runs a ladder of {@code target_confidence} values and then
 * {@code recall_target} values.
 *
 * <p>Parameters ({@code --drift-param KEY=VALUE}): {@code target_bucket_size}, {@code lambda},
 * {@code rerank_factor}, {@code guardrail}, {@code confidences} and {@code recall_targets}
 * (comma-separated lists), {@code seed}.
 */
public final class DriftSystem implements BenchSystem {

    public static final String NAME = "drift";

    static final List<Double> CONFIDENCES =
            List.of(0.5, 0.6, 0.7, 0.75, 0.8, 0.825, 0.85, 0.875, 0.9, 0.925, 0.95, 0.97, 0.98, 0.99);
    static final List<Double> RECALL_TARGETS = List.of(0.9, 0.95, 0.99);
    static final long MAX_SEGMENT_BYTES = 1L << 30;
    private static final float[] NO_ROWS = new float[0];

    private final SearchConfig config;
    private final List<Double> confidences;
    private final List<Double> recallTargets;
    private final long seed;
    private Path dir;
    private List<Path> segments;
    private L1Index index;
    private double calibrationSeconds;
    private RecallModel model = RecallModel.uncalibrated();

    public DriftSystem() {
        this(Map.of());
    }

    /** A system with the given {@code --drift-param} values; unknown keys are rejected. */
    public DriftSystem(Map<String, String> params) {
        Map<String, String> p = new LinkedHashMap<>(params);
        SearchConfig c = SearchConfig.defaults();
        c = c.withTargetBucketSize(intParam(p, "target_bucket_size", c.targetBucketSize()));
        c = c.withLambda(doubleParam(p, "lambda", c.lambda()));
        c = c.withRerankFactor(intParam(p, "rerank_factor", c.rerankFactor()));
        c = c.withGuardrail(intParam(p, "guardrail", c.guardrail()));
        this.config = c;
        this.confidences = listParam(p, "confidences", CONFIDENCES);
        this.recallTargets = listParam(p, "recall_targets", RECALL_TARGETS);
        this.seed = intParam(p, "seed", 42);
        if (!p.isEmpty()) {
            throw new IllegalArgumentException("unknown drift parameter(s) " + p.keySet() + "; known: target_bucket_size, "
                    + "lambda, rerank_factor, guardrail, confidences, recall_targets, seed");
        }
    }

    private static int intParam(Map<String, String> p, String key, int fallback) {
        String v = p.remove(key);
        try {
            return v == null ? fallback : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("drift parameter " + key + " must be an integer, got '" + v + "'");
        }
    }

    private static double doubleParam(Map<String, String> p, String key, double fallback) {
        String v = p.remove(key);
        try {
            return v == null ? fallback : Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("drift parameter " + key + " must be a number, got '" + v + "'");
        }
    }

    private static List<Double> listParam(Map<String, String> p, String key, List<Double> fallback) {
        String v = p.remove(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Double::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("drift parameter " + key + " must be a comma-separated list of numbers");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> buildParams() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("target_bucket_size", config.targetBucketSize());
        params.put("lambda", config.lambda());
        params.put("rerank_factor", config.rerankFactor());
        params.put("guardrail", config.guardrail());
        if (index != null) {
            params.put("buckets", index.bucketCount());
            params.put("calibration_seconds", Math.round(calibrationSeconds * 1000) / 1000.0);
        }
        return params;
    }

    @Override
    public void build(Dataset dataset, Path workDir) throws IOException {
        if (dir != null) {
            throw new IllegalStateException(NAME + " is already built");
        }
        Vectors base = dataset.base();
        int n = base.size();
        int d = base.dim();
        float[] data = base.data();
        if (dataset.metric() == Metric.COSINE) {
            data = normalised(data, n, d);
        }
        long[] ids = new long[n];
        Arrays.setAll(ids, i -> i);
        BulkBuilder.Result r = BulkBuilder.build(data, ids, n, d, Distance.valueOf(dataset.metric().name()), config.targetBucketSize(), workDir,
                1, MAX_SEGMENT_BYTES, seed);
        dir = workDir;
        segments = r.segments();
        index = L1Index.open(segments, config);
    }

    private static float[] normalised(float[] data, int n, int d) {
        float[] out = data.clone();
        for (int r = 0; r < n; r++) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += (double) out[r * d + i] * out[r * d + i];
            }
            float inv = s > 0 ? (float) (1 / Math.sqrt(s)) : 0f;
            for (int i = 0; i < d; i++) {
                out[r * d + i] *= inv;
            }
        }
        return out;
    }

    /** The index {@link #build} made, for benchmarks that search it directly. */
    public L1Index index() {
        if (index == null) {
            throw new IllegalStateException(NAME + " has not been built");
        }
        return index;
    }

    @Override
    public void open() {
        if (index == null) {
            throw new IllegalStateException(NAME + " has not been built");
        }
    }

    @Override
    public void learn(float[][] queries, int k) {
        long start = System.nanoTime();
        List<QueryTrace> traces = new ArrayList<>();
        for (float[] q : queries) {
            traces.add(RecallCheck.check(index, q, k, RecallModel.uncalibrated(), RecallCheck.Memtables.NONE));
        }
        model = RecallModel.fit(traces);
        calibrationSeconds = (System.nanoTime() - start) / 1e9;
    }

    @Override
    public List<SearchSetting> settings(int k) {
        List<SearchSetting> settings = new ArrayList<>();
        for (double c : confidences) {
            settings.add(new SearchSetting(String.format(Locale.ROOT, "conf=%s", c), Map.of("target_confidence", c)));
        }
        for (double r : recallTargets) {
            settings.add(new SearchSetting(String.format(Locale.ROOT, "recall=%s", r), Map.of("recall_target", r)));
        }
        return List.copyOf(settings);
    }

    @Override
    public BenchSearcher searcher(SearchSetting setting, int k) {
        if (index == null) {
            throw new IllegalStateException(NAME + " is not open");
        }
        SearchParams options = SearchParams.defaults();
        if (setting.params().get("target_confidence") instanceof Double c) {
            options = options.withTargetConfidence(c);
        } else if (setting.params().get("recall_target") instanceof Double r) {
            options = options.withRecallTarget(r);
        }
        return new Searcher(index, options, model, k);
    }

    /** Searches one setting and counts what the searches scanned. */
    private static final class Searcher implements BenchSearcher {
        private final L1Index index;
        private final SearchParams options;
        private final RecallModel model;
        private final int k;
        private long searches;
        private long rows;
        private long buckets;
        private long reranked;
        private double estimatedRecall;
        private double confidence;

        Searcher(L1Index index, SearchParams options, RecallModel model, int k) {
            this.index = index;
            this.options = options;
            this.model = model;
            this.k = k;
        }

        @Override
        public int search(float[] query, long[] outIds) {
            SearchHits r = index.search(query, k, options, model, NO_ROWS, 0);
            int n = Math.min(r.size(), outIds.length);
            System.arraycopy(r.ids(), 0, outIds, 0, n);
            searches++;
            rows += r.rowsScanned();
            buckets += r.bucketsScanned();
            reranked += r.rowsReranked();
            estimatedRecall += r.estimatedRecall();
            confidence += r.confidence();
            return n;
        }

        @Override
        public void resetStats() {
            searches = rows = buckets = reranked = 0;
            estimatedRecall = confidence = 0;
        }

        @Override
        public Map<String, Object> stats() {
            Map<String, Object> s = new LinkedHashMap<>();
            long q = Math.max(1, searches);
            s.put("rows_scanned", Math.round(10.0 * rows / q) / 10.0);
            s.put("buckets_scanned", Math.round(10.0 * buckets / q) / 10.0);
            s.put("rows_reranked", Math.round(10.0 * reranked / q) / 10.0);
            s.put("confidence", Math.round(1e4 * confidence / q) / 1e4);
            s.put("estimated_recall", Math.round(1e4 * estimatedRecall / q) / 1e4);
            return s;
        }
    }

    @Override
    public long diskBytes() throws IOException {
        if (dir == null) {
            throw new IllegalStateException(NAME + " has not been built");
        }
        try (Stream<Path> files = Files.list(dir)) {
            long sum = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                sum += Files.size(f);
            }
            return sum;
        }
    }

    @Override
    public void close() {
        if (index != null) {
            index.close();
            index = null;
        }
    }
}
