package io.drift.bench.recall;

import io.drift.CollectionConfig;
import io.drift.DriftEngine;
import io.drift.Point;
import io.drift.SearchOptions;
import io.drift.SearchResult;
import io.drift.VectorCollection;
import io.drift.bench.Recall;
import io.drift.dataset.Dataset;
import io.drift.dataset.GroundTruth;
import io.drift.dataset.Neighbors;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recall targets where the index's rows say little about the queries, through the engine: the rows
 * of groups 0-2 (Fashion-MNIST classes, or synthetic drift phases) are flushed into segments, those
 * of groups 3-7 stay in the memtable, and the queries come from groups 8-9 (never held:
 * {@code unheld}), 3-7 ({@code memtable}) and 0-2 ({@code segments}). Even-numbered queries are
 * measured; the odd ones are the real queries the collection serves first and re-checks in the
 * background. Two collections hold the same rows: one that learns from its queries
 * ({@code calibrated}), one that never does ({@code defaults}).
 */
public final class OodScenario {

    static final int SEGMENT_GROUPS = 3;
    static final int HELD_GROUPS = 8;
    /** Re-checked queries per k the calibrated collection is given before it is measured. */
    static final int RECHECKED_PER_K = 600;
    private static final long CALIBRATION_TIMEOUT_NANOS = 15L * 60 * 1_000_000_000L;

    private final Dataset dataset;
    private final int[] baseGroups;
    private final int[] queryGroups;
    private final PrintWriter log;

    /**
     * @param baseGroups  per base row, its group 0..9
     * @param queryGroups per query, its group 0..9
     */
    public OodScenario(Dataset dataset, int[] baseGroups, int[] queryGroups, PrintWriter log) {
        this.dataset = dataset;
        this.baseGroups = baseGroups;
        this.queryGroups = queryGroups;
        this.log = log;
    }

    /** One result row per k, target, collection and population of queries. */
    public List<Map<String, Object>> run(int[] ks, double[] targets, Path dir) throws IOException, InterruptedException {
        Vectors base = dataset.base();
        List<Integer> segmentRows = new ArrayList<>();
        List<Integer> memtableRows = new ArrayList<>();
        for (int r = 0; r < base.size(); r++) {
            if (baseGroups[r] < SEGMENT_GROUPS) {
                segmentRows.add(r);
            } else if (baseGroups[r] < HELD_GROUPS) {
                memtableRows.add(r);
            }
        }
        int[] live = java.util.stream.Stream.concat(segmentRows.stream(), memtableRows.stream())
                .mapToInt(Integer::intValue).toArray();
        List<Integer> measured = new ArrayList<>();
        List<Integer> served = new ArrayList<>();
        for (int q = 0; q < dataset.queries().size(); q++) {
            (q % 2 == 0 ? measured : served).add(q);
        }
        int kMax = java.util.Arrays.stream(ks).max().orElseThrow();
        Neighbors truth = truth(live, measured, kMax);
        long memtableBytes = (long) memtableRows.size() * base.dim() * 4 * 2;
        // the memtable keeps every row even while writes outrun its graph (searches scan the rows not linked yet)
        CollectionConfig learns = CollectionConfig.builder().memtableBytes(memtableBytes).maxUnlinkedBytes(memtableBytes)
                .build();
        CollectionConfig never = learns.toBuilder().calibrationQueries(0).build();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection calibrated = load(engine, "calibrated", learns, segmentRows, memtableRows);
            VectorCollection defaults = load(engine, "defaults", never, segmentRows, memtableRows);
            log.printf(Locale.ROOT, "  %,d rows in segments, %,d in the memtable (%s); %d measured and %d served queries%n",
                    segmentRows.size(), memtableRows.size(), calibrated.stats().memtableRows(), measured.size(),
                    served.size());
            calibrate(calibrated, served, ks);
            for (int k : ks) {
                for (double target : targets) {
                    rows.addAll(measure(defaults, "defaults", k, target, measured, truth, live));
                    rows.addAll(measure(calibrated, "calibrated", k, target, measured, truth, live));
                }
            }
        }
        return rows;
    }

    private VectorCollection load(DriftEngine engine, String name, CollectionConfig config, List<Integer> segmentRows,
                                  List<Integer> memtableRows) throws IOException {
        VectorCollection c = engine.createCollection(name, dataset.dim(), dataset.metric(), config);
        write(c, segmentRows);
        c.flush();
        write(c, memtableRows);
        return c;
    }

    private void write(VectorCollection c, List<Integer> rows) throws IOException {
        for (int i = 0; i < rows.size(); i += 1000) {
            List<Point> batch = new ArrayList<>();
            for (int r : rows.subList(i, Math.min(rows.size(), i + 1000))) {
                batch.add(new Point(r, dataset.base().row(r)));
            }
            c.upsert(batch);
        }
    }

    /** Serves the odd queries with every k until the collection re-checked enough of them. */
    private void calibrate(VectorCollection c, List<Integer> served, int[] ks) throws IOException, InterruptedException {
        long start = System.nanoTime();
        int want = RECHECKED_PER_K * ks.length;
        for (int i = 0; c.stats().recheckedQueries() < want; i++) {
            if (System.nanoTime() - start > CALIBRATION_TIMEOUT_NANOS) {
                throw new IllegalStateException("only " + c.stats().recheckedQueries() + " queries re-checked in 15 min");
            }
            float[] q = dataset.queries().row(served.get(i % served.size()));
            c.search(q, ks[i % ks.length], SearchOptions.defaults().withRecallTarget(0.95));
            Thread.sleep(1);
        }
        log.printf(Locale.ROOT, "  re-checked %d served queries in %.0f s%n", c.stats().recheckedQueries(),
                (System.nanoTime() - start) / 1e9);
        log.flush();
    }

    private List<Map<String, Object>> measure(VectorCollection c, String name, int k, double target,
                                              List<Integer> measured, Neighbors truth, int[] live) throws IOException {
        String[] populations = {"unheld", "memtable", "segments"};
        double[][] sums = new double[populations.length][5]; // queries, recall, estimate, |error|, rows
        SearchOptions options = SearchOptions.defaults().withRecallTarget(target);
        for (int i = 0; i < measured.size(); i++) {
            int q = measured.get(i);
            int group = queryGroups[q];
            int p = group >= HELD_GROUPS ? 0 : group >= SEGMENT_GROUPS ? 1 : 2;
            SearchResult r = c.search(dataset.queries().row(q), k, options);
            double recall = Recall.ofFirst(truth, i, k, r.ids(), row -> live[row]);
            sums[p][0]++;
            sums[p][1] += recall;
            sums[p][2] += r.estimatedRecall();
            sums[p][3] += Math.abs(r.estimatedRecall() - recall);
            sums[p][4] += r.rowsScanned();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int p = 0; p < populations.length; p++) {
            double n = Math.max(1, sums[p][0]);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("k", k);
            row.put("target", target);
            row.put("model", name);
            row.put("queries", populations[p]);
            row.put("count", (int) sums[p][0]);
            row.put("recall", sums[p][1] / n);
            row.put("estimated_recall", sums[p][2] / n);
            row.put("estimate_mae", sums[p][3] / n);
            row.put("rows_scanned", sums[p][4] / n);
            out.add(row);
            log.printf(Locale.ROOT, "  k %3d  target %.2f  %-10s  %-8s  recall %.4f  est %.4f  mae %.4f  rows %8.1f%n",
                    k, target, name, populations[p], row.get("recall"), row.get("estimated_recall"),
                    row.get("estimate_mae"), row.get("rows_scanned"));
        }
        log.flush();
        return out;
    }

    /** Exact top-k of the measured queries over the live rows (ids are positions in {@code live}). */
    private Neighbors truth(int[] live, List<Integer> measured, int k) {
        int d = dataset.dim();
        float[] rows = new float[live.length * d];
        for (int i = 0; i < live.length; i++) {
            System.arraycopy(dataset.base().data(), dataset.base().offset(live[i]), rows, i * d, d);
        }
        float[] queries = new float[measured.size() * d];
        for (int i = 0; i < measured.size(); i++) {
            System.arraycopy(dataset.queries().data(), dataset.queries().offset(measured.get(i)), queries, i * d, d);
        }
        return GroundTruth.compute(new Vectors(d, rows), new Vectors(d, queries), k, dataset.metric());
    }
}
