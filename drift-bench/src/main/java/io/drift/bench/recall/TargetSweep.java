package io.drift.bench.recall;

import io.drift.bench.LatencyStats;
import io.drift.bench.Recall;
import io.drift.dataset.Neighbors;
import io.drift.search.L1Index;
import io.drift.search.QueryTrace;
import io.drift.search.RecallCheck;
import io.drift.search.RecallModel;
import io.drift.search.SearchHits;
import io.drift.search.SearchParams;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recall targets on one L1 index: calibrates a {@link RecallModel} on held-out queries, then per k
 * and target searches the measured queries with the uncalibrated and the calibrated model and
 * reports recall, the estimate's per-query error, rows scanned, the per-query oracle's rows (from
 * traces of the measured queries themselves) and single-thread QPS.
 */
public final class TargetSweep {

    private final L1Index index;
    private final float[][] queries;
    private final Neighbors truth;
    private final float[][] calibration;
    private final PrintWriter log;

    public TargetSweep(L1Index index, float[][] queries, Neighbors truth, float[][] calibration, PrintWriter log) {
        this.index = index;
        this.queries = queries;
        this.truth = truth;
        this.calibration = calibration;
        this.log = log;
    }

    /** One result row per k, target and model. */
    public List<Map<String, Object>> run(int[] ks, double[] targets) {
        List<QueryTrace> calibrationTraces = new ArrayList<>();
        long start = System.nanoTime();
        for (int k : ks) {
            for (float[] q : calibration) {
                calibrationTraces.add(RecallCheck.check(index, q, k, RecallModel.uncalibrated(), RecallCheck.Memtables.NONE));
            }
        }
        RecallModel fitted = RecallModel.fit(calibrationTraces);
        log.printf(Locale.ROOT, "calibrated on %d traces in %.1f s%n", calibrationTraces.size(),
                (System.nanoTime() - start) / 1e9);
        for (int k : ks) {
            log.printf(Locale.ROOT, "  k %d: %s%n", k, fitted.describe(k));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k : ks) {
            List<QueryTrace> oracle = new ArrayList<>();
            for (float[] q : queries) {
                oracle.add(RecallCheck.check(index, q, k, fitted, RecallCheck.Memtables.NONE));
            }
            for (double target : targets) {
                for (RecallModel model : List.of(RecallModel.uncalibrated(), fitted)) {
                    Map<String, Object> row = measure(k, target, model, model == fitted ? "calibrated" : "default");
                    double oracleRows = oracle.stream().mapToLong(t -> t.oracleRows(target)).average().orElse(0);
                    row.put("oracle_rows", oracleRows);
                    row.put("rows_vs_oracle", (double) row.get("rows_scanned") / Math.max(1, oracleRows));
                    row.put("traced_recall", oracle.stream()
                            .mapToDouble(t -> t.recallAt(model.stopRule(target, k, t.remoteness(), t.memtableShare()))).average().orElse(0));
                    rows.add(row);
                    log.println(line(row));
                    log.flush();
                }
            }
        }
        return rows;
    }

    private Map<String, Object> measure(int k, double target, RecallModel model, String name) {
        SearchParams params = SearchParams.defaults().withRecallTarget(target);
        for (float[] q : queries) { // warm-up
            index.search(q, k, params, model, new float[0], 0);
        }
        long[] nanos = new long[queries.length];
        double recall = 0;
        double estimate = 0;
        double error = 0;
        long rows = 0;
        for (int i = 0; i < queries.length; i++) {
            long t0 = System.nanoTime();
            SearchHits h = index.search(queries[i], k, params, model, new float[0], 0);
            nanos[i] = System.nanoTime() - t0;
            double r = Recall.ofFirst(truth, i, k, h.ids(), row -> row);
            recall += r;
            estimate += h.estimatedRecall();
            error += Math.abs(h.estimatedRecall() - r);
            rows += h.rowsScanned();
        }
        int n = queries.length;
        LatencyStats latency = LatencyStats.of(nanos);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("k", k);
        row.put("target", target);
        row.put("model", name);
        row.put("recall", recall / n);
        row.put("estimated_recall", estimate / n);
        row.put("estimate_mae", error / n);
        row.put("rows_scanned", (double) rows / n);
        row.put("qps", latency.qps());
        return row;
    }

    private static String line(Map<String, Object> r) {
        return String.format(Locale.ROOT,
                "  k %3d  target %.2f  %-10s  recall %.4f  est %.4f  mae %.4f  rows %8.1f  oracle %8.1f (x%.2f)  qps %8.0f"
                        + "  traced %.4f",
                r.get("k"), r.get("target"), r.get("model"), r.get("recall"), r.get("estimated_recall"),
                r.get("estimate_mae"), r.get("rows_scanned"), r.get("oracle_rows"), r.get("rows_vs_oracle"), r.get("qps"),
                r.get("traced_recall"));
    }
}
