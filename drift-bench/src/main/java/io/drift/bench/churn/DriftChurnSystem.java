package io.drift.bench.churn;

import io.drift.CollectionConfig;
import io.drift.CollectionStats;
import io.drift.DriftEngine;
import io.drift.JanitorConfig;
import io.drift.JanitorStats;
import io.drift.Metric;
import io.drift.Point;
import io.drift.SearchOptions;
import io.drift.SearchResult;
import io.drift.VectorCollection;
import io.drift.bench.BenchSearcher;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Drift engine through its public API: one collection at {@link CollectionConfig#defaults()}
 * ({@code drift}), or the same with the janitor off ({@code drift-static}, the "index rot"
 * baseline). Writes are {@link VectorCollection#upsert(List)} and {@link VectorCollection#delete(long[])} with
 * the default {@code SYNC} durability. Searches: {@link SearchOptions#defaults()} (the headline
 * figures), then the extra settings given ({@code conf=C}: a target confidence, {@code recall=R}:
 * a recall target through the engine's calibration).
 *
 * <p>Checkpoint policy, the same for both: {@link VectorCollection#flush()} (the memtable goes into a
 * segment), then a fixed sleep of {@code settleMillis} in which background work (flushes, the
 * janitor's passes, every {@code intervalMillis}) runs as it would anyway, then a wait while
 * {@link CollectionStats#maintenanceRunning()} (a recalibration or a janitor pass) is true. The janitor keeps
 * running while the checkpoint's searches are timed: it is part of the engine.
 */
public final class DriftChurnSystem implements ChurnSystem {

    /** Drift at its defaults, janitor on. */
    public static final String DRIFT = "drift";

    /** Drift with the janitor off. */
    public static final String DRIFT_STATIC = "drift-static";

    private static final String COLLECTION = "churn";
    private static final long MAX_MAINTENANCE_WAIT_MILLIS = 120_000;

    private final String name;
    private final Vectors base;
    private final long settleMillis;
    private final CollectionConfig config;
    private final DriftEngine engine;
    private final VectorCollection collection;
    private final List<String> extraSettings;

    /**
     * A new collection in {@code dir}.
     *
     * @param janitor whether the janitor runs ({@value #DRIFT}) or not ({@value #DRIFT_STATIC})
     */
    public DriftChurnSystem(boolean janitor, Vectors base, Metric metric, Path dir, long settleMillis,
                            List<String> extraSettings) throws IOException {
        for (String setting : extraSettings) {
            options(setting); // rejects a malformed setting before anything is created
        }
        this.extraSettings = List.copyOf(extraSettings);
        this.name = janitor ? DRIFT : DRIFT_STATIC;
        this.base = base;
        this.settleMillis = settleMillis;
        CollectionConfig c = CollectionConfig.defaults();
        this.config = janitor ? c : c.toBuilder().janitor(JanitorConfig.builder().enabled(false).build()).build();
        this.engine = DriftEngine.open(dir);
        boolean done = false;
        try {
            this.collection = engine.createCollection(COLLECTION, base.dim(), metric, config);
            done = true;
        } finally {
            if (!done) {
                engine.close();
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("janitor", config.janitor().enabled());
        p.put("janitor_interval_ms", config.janitor().intervalMillis());
        p.put("target_bucket_size", config.targetBucketSize());
        p.put("target_confidence", config.targetConfidence());
        p.put("durability", config.durability().toString());
        p.put("memtable_bytes", config.memtableBytes());
        p.put("max_unlinked_bytes", config.maxUnlinkedBytes());
        p.put("settle_ms", settleMillis);
        p.put("settings", settings());
        return p;
    }

    /** The collection's settings. */
    public CollectionConfig config() {
        return config;
    }

    @Override
    public void write(int[] upserts, int[] deletes) throws IOException {
        if (upserts.length > 0) {
            List<Point> points = new ArrayList<>(upserts.length);
            for (int row : upserts) {
                points.add(new Point(row, base.row(row)));
            }
            collection.upsert(points);
        }
        if (deletes.length > 0) {
            long[] ids = new long[deletes.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = deletes[i];
            }
            int removed = collection.delete(ids);
            if (removed != ids.length) {
                throw new IllegalStateException(name + ": deleted " + removed + " of " + ids.length + " live ids");
            }
        }
    }

    @Override
    public void prepareCheckpoint() throws IOException, InterruptedException {
        collection.flush();
        Thread.sleep(settleMillis);
        long deadline = System.currentTimeMillis() + MAX_MAINTENANCE_WAIT_MILLIS;
        while (collection.stats().maintenanceRunning() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    @Override
    public List<String> settings() {
        List<String> all = new ArrayList<>();
        all.add("default");
        all.addAll(extraSettings);
        return all;
    }

    /**
     * The search options of a setting: {@code default}, {@code conf=C} or {@code recall=R}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static SearchOptions options(String setting) {
        try {
            if (setting.equals("default")) {
                return SearchOptions.defaults();
            } else if (setting.startsWith("conf=")) {
                return SearchOptions.defaults().withTargetConfidence(Double.parseDouble(setting.substring(5)));
            } else if (setting.startsWith("recall=")) {
                return SearchOptions.defaults().withRecallTarget(Double.parseDouble(setting.substring(7)));
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException("not a drift setting: '" + setting + "' (default, conf=C or recall=R)");
    }

    @Override
    public BenchSearcher searcher(String setting, int k) {
        return new Searcher(collection, k, options(setting));
    }

    @Override
    public Map<String, Object> stats() {
        CollectionStats s = collection.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("live", s.liveRows());
        m.put("buckets", s.buckets());
        m.put("live_buckets", s.liveBuckets());
        m.put("segments", s.segments());
        m.put("partitions", s.partitions());
        m.put("disk_bytes", s.diskBytes());
        m.put("memtable_rows", s.memtableRows());
        m.put("segment_rows", s.segmentRows());
        m.put("deleted_segment_rows", s.deletedSegmentRows());
        m.put("flushes", s.flushes());
        JanitorStats j = s.janitor();
        Map<String, Object> janitor = new LinkedHashMap<>();
        janitor.put("passes", j.passes());
        janitor.put("partition_merges", j.partitionMerges());
        janitor.put("scatter_merges", j.scatterMerges());
        janitor.put("splits", j.splits());
        janitor.put("stolen_rows", j.stolenRows());
        janitor.put("compactions", j.compactions());
        janitor.put("segment_compactions", j.segmentCompactions());
        janitor.put("segments_dropped", j.segmentsDropped());
        janitor.put("rows_rewritten", j.rowsRewritten());
        janitor.put("bytes_written", j.bytesWritten());
        m.put("janitor", janitor);
        return m;
    }

    @Override
    public void close() throws IOException {
        engine.close();
    }

    /** Default searches, counting rows and buckets scanned. */
    private static final class Searcher implements BenchSearcher {
        private final VectorCollection collection;
        private final int k;
        private final SearchOptions options;
        private long searches;
        private long rows;
        private long buckets;
        private long reranked;
        private double estimatedRecall;
        private long estimated;

        Searcher(VectorCollection collection, int k, SearchOptions options) {
            this.collection = collection;
            this.k = k;
            this.options = options;
        }

        @Override
        public int search(float[] query, long[] outIds) {
            SearchResult r = collection.search(query, k, options);
            int n = Math.min(r.size(), outIds.length);
            System.arraycopy(r.ids(), 0, outIds, 0, n);
            searches++;
            rows += r.rowsScanned();
            buckets += r.bucketsScanned();
            reranked += r.rowsReranked();
            if (!Double.isNaN(r.estimatedRecall())) {
                estimatedRecall += r.estimatedRecall();
                estimated++;
            }
            return n;
        }

        @Override
        public void resetStats() {
            searches = rows = buckets = reranked = estimated = 0;
            estimatedRecall = 0;
        }

        @Override
        public Map<String, Object> stats() {
            long q = Math.max(1, searches);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("rows_scanned", Math.round(10.0 * rows / q) / 10.0);
            s.put("buckets_scanned", Math.round(10.0 * buckets / q) / 10.0);
            s.put("rows_reranked", Math.round(10.0 * reranked / q) / 10.0);
            s.put("estimated_recall", estimated == 0 ? null : Math.round(1e4 * estimatedRecall / estimated) / 1e4);
            return s;
        }
    }
}
