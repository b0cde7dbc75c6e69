package io.drift.bench.churn;

import io.drift.bench.lucene.LuceneChurnSystem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The churn issue's goals, evaluated on one run's results (each only when the systems it needs
 * ran): Drift's recall@k at least 0.95 at every checkpoint; its p50 at the last checkpoint at most
 * 1.2x its first; how much {@code drift-static} rots; Drift's QPS against Lucene's best QPS at
 * equal or better recall at the last checkpoint (over Lucene's ef ladder); Drift's bucket count
 * within 0.5x..2x of {@code live / targetBucketSize} at every checkpoint; Drift's bytes on disk at
 * most 1.5x a fresh bulk build of the final live rows.
 */
final class ChurnGoals {

    static final double MIN_RECALL = 0.95;
    static final double MAX_P50_GROWTH = 1.2;
    static final double MIN_BUCKET_RATIO = 0.5;
    static final double MAX_BUCKET_RATIO = 2.0;
    static final double MAX_DISK_RATIO = 1.5;

    private ChurnGoals() {}

    static Map<String, Object> evaluate(List<Map<String, Object>> systems, Map<String, Object> fresh,
                                        int targetBucketSize) {
        Map<String, Object> goals = new LinkedHashMap<>();
        List<Map<String, Object>> drift = checkpoints(systems, DriftChurnSystem.DRIFT);
        List<Map<String, Object>> rot = checkpoints(systems, DriftChurnSystem.DRIFT_STATIC);
        List<Map<String, Object>> lucene = checkpoints(systems, LuceneChurnSystem.NAME);
        if (drift != null) {
            goals.put("drift_recall", recall(drift));
            goals.put("drift_p50_last_over_first", p50Growth(drift));
            goals.put("drift_buckets_over_live_per_target", buckets(drift, targetBucketSize));
            if (fresh != null) {
                goals.put("drift_disk_over_fresh_build", disk(drift, rot, fresh));
            }
            if (lucene != null) {
                goals.put("drift_qps_over_lucene_at_final", qpsAgainstLucene(drift.getLast(), lucene.getLast()));
            }
        }
        for (Map<String, Object> system : systems) {
            @SuppressWarnings("unchecked")
            Map<String, Object> settled = (Map<String, Object>) system.get("after_final_settle");
            if (settled != null && settled.get("buckets") instanceof Number) {
                goals.put(system.get("system") + "_after_final_settle", settled(settled, fresh, targetBucketSize));
            }
        }
        if (rot != null) {
            goals.put("drift_static_rot", rot(rot, drift));
        }
        return goals;
    }

    /** Drift's recall@k at least {@link #MIN_RECALL} at every checkpoint. */
    private static Map<String, Object> recall(List<Map<String, Object>> drift) {
        Map<String, Object> worst = drift.stream().min((a, b) -> Double.compare(d(a, "recall"), d(b, "recall")))
                .orElseThrow();
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("min", d(worst, "recall"));
        g.put("at", worst.get("label"));
        g.put("after_delete", d(drift.getLast(), "recall"));
        g.put("goal", ">= " + MIN_RECALL);
        g.put("met", d(worst, "recall") >= MIN_RECALL);
        return g;
    }

    /** Drift's p50 at the last checkpoint at most {@link #MAX_P50_GROWTH} times its first. */
    private static Map<String, Object> p50Growth(List<Map<String, Object>> drift) {
        Map<String, Object> g = new LinkedHashMap<>();
        double first = d(drift.getFirst(), "p50_ms");
        double last = d(drift.getLast(), "p50_ms");
        g.put("first_ms", first);
        g.put("last_ms", last);
        g.put("ratio", last / first);
        g.put("max_ms", drift.stream().mapToDouble(c -> d(c, "p50_ms")).max().orElseThrow());
        g.put("goal", "<= " + MAX_P50_GROWTH);
        g.put("met", last / first <= MAX_P50_GROWTH);
        return g;
    }

    /** Drift's buckets within {@link #MIN_BUCKET_RATIO}..{@link #MAX_BUCKET_RATIO} of live / target at every checkpoint. */
    private static Map<String, Object> buckets(List<Map<String, Object>> drift, int targetBucketSize) {
        List<Map<String, Object>> ratios = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Map<String, Object> c : drift) {
            double expected = d(c, "live") / targetBucketSize;
            double ratio = d(c, "buckets") / expected;
            min = Math.min(min, ratio);
            max = Math.max(max, ratio);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("label", c.get("label"));
            r.put("buckets", c.get("buckets"));
            r.put("live_over_target", expected);
            r.put("ratio", ratio);
            ratios.add(r);
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("target_bucket_size", targetBucketSize);
        g.put("min_ratio", min);
        g.put("max_ratio", max);
        g.put("goal", MIN_BUCKET_RATIO + " .. " + MAX_BUCKET_RATIO);
        g.put("met", min >= MIN_BUCKET_RATIO && max <= MAX_BUCKET_RATIO);
        g.put("checkpoints", ratios);
        return g;
    }

    /** Drift's bytes on disk at most {@link #MAX_DISK_RATIO} times a fresh build of the final live rows. */
    private static Map<String, Object> disk(List<Map<String, Object>> drift, List<Map<String, Object>> rot,
                                            Map<String, Object> fresh) {
        Map<String, Object> g = new LinkedHashMap<>();
        double bytes = d(drift.getLast(), "disk_bytes");
        double freshBytes = d(fresh, "disk_bytes");
        g.put("drift_bytes", (long) bytes);
        g.put("fresh_build_bytes", (long) freshBytes);
        g.put("ratio", bytes / freshBytes);
        if (rot != null) {
            g.put("drift_static_ratio", d(rot.getLast(), "disk_bytes") / freshBytes);
        }
        g.put("goal", "<= " + MAX_DISK_RATIO);
        g.put("met", bytes / freshBytes <= MAX_DISK_RATIO);
        return g;
    }

    /**
     * Drift's QPS at the last checkpoint against Lucene's best QPS at equal or better recall (over
     * its ef ladder), for the default setting and for every Drift setting.
     */
    private static Map<String, Object> qpsAgainstLucene(Map<String, Object> dl, Map<String, Object> ll) {
        List<Map<String, Object>> ladder = settings(ll, List.of(ll));
        Map<String, Object> best = fastestAtLeast(ladder, d(dl, "recall"));
        Map<String, Object> bestRecall = null;
        for (Map<String, Object> s : ladder) {
            if (bestRecall == null || d(s, "recall") > d(bestRecall, "recall")) {
                bestRecall = s;
            }
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("drift_recall", d(dl, "recall"));
        g.put("drift_qps", d(dl, "qps"));
        if (best != null) {
            g.put("lucene_setting", best.get("setting"));
            g.put("lucene_recall", d(best, "recall"));
            g.put("lucene_qps", d(best, "qps"));
            g.put("ratio", d(dl, "qps") / d(best, "qps"));
            g.put("goal", ">= 1");
            g.put("met", d(dl, "qps") >= d(best, "qps"));
        } else {
            g.put("lucene_best_recall", d(bestRecall, "recall"));
            g.put("lucene_best_setting", bestRecall.get("setting"));
            g.put("lucene_best_qps", d(bestRecall, "qps"));
            g.put("goal", ">= 1");
            g.put("met", true);
            g.put("note", "no Lucene setting reached Drift's recall");
        }
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (Map<String, Object> ds : settings(dl, List.of())) {
            Map<String, Object> match = fastestAtLeast(ladder, d(ds, "recall"));
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("drift_setting", ds.get("setting"));
            pair.put("drift_recall", d(ds, "recall"));
            pair.put("drift_qps", d(ds, "qps"));
            if (match != null) {
                pair.put("lucene_setting", match.get("setting"));
                pair.put("lucene_recall", d(match, "recall"));
                pair.put("lucene_qps", d(match, "qps"));
                pair.put("ratio", d(ds, "qps") / d(match, "qps"));
            }
            pairs.add(pair);
        }
        if (!pairs.isEmpty()) {
            g.put("every_drift_setting", pairs);
        }
        return g;
    }

    /** A checkpoint's list of settings, or {@code otherwise} when it has none. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> settings(Map<String, Object> checkpoint,
                                                      List<Map<String, Object>> otherwise) {
        return checkpoint.containsKey("settings") ? (List<Map<String, Object>>) checkpoint.get("settings") : otherwise;
    }

    /** The fastest setting of {@code ladder} whose recall is at least {@code recall}, or null. */
    private static Map<String, Object> fastestAtLeast(List<Map<String, Object>> ladder, double recall) {
        Map<String, Object> best = null;
        for (Map<String, Object> s : ladder) {
            if (d(s, "recall") >= recall && (best == null || d(s, "qps") > d(best, "qps"))) {
                best = s;
            }
        }
        return best;
    }

    /** A system measured once more after the final settle: outside the goals. */
    private static Map<String, Object> settled(Map<String, Object> settled, Map<String, Object> fresh,
                                               int targetBucketSize) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("label", settled.get("label"));
        g.put("recall", d(settled, "recall"));
        g.put("p50_ms", d(settled, "p50_ms"));
        g.put("buckets_over_live_per_target", d(settled, "buckets") / (d(settled, "live") / targetBucketSize));
        if (fresh != null) {
            g.put("disk_over_fresh_build", d(settled, "disk_bytes") / d(fresh, "disk_bytes"));
        }
        g.put("note", "outside the goals: measured once more after --final-settle-seconds");
        return g;
    }

    /** How much drift-static (no maintenance) rots, and against Drift at the last checkpoint. */
    private static Map<String, Object> rot(List<Map<String, Object>> rot, List<Map<String, Object>> drift) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("recall_first", d(rot.getFirst(), "recall"));
        g.put("recall_last", d(rot.getLast(), "recall"));
        g.put("recall_min", rot.stream().mapToDouble(c -> d(c, "recall")).min().orElseThrow());
        g.put("p50_first_ms", d(rot.getFirst(), "p50_ms"));
        g.put("p50_last_ms", d(rot.getLast(), "p50_ms"));
        g.put("p50_ratio", d(rot.getLast(), "p50_ms") / d(rot.getFirst(), "p50_ms"));
        g.put("buckets_last", rot.getLast().get("buckets"));
        g.put("rows_scanned_first", rot.getFirst().get("rows_scanned"));
        g.put("rows_scanned_last", rot.getLast().get("rows_scanned"));
        if (drift != null) {
            g.put("drift_recall_last", d(drift.getLast(), "recall"));
            g.put("drift_p50_last_ms", d(drift.getLast(), "p50_ms"));
            g.put("p50_last_over_drift", d(rot.getLast(), "p50_ms") / d(drift.getLast(), "p50_ms"));
            g.put("disk_last_over_drift", d(rot.getLast(), "disk_bytes") / d(drift.getLast(), "disk_bytes"));
        }
        return g;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> checkpoints(List<Map<String, Object>> systems, String name) {
        for (Map<String, Object> s : systems) {
            if (name.equals(s.get("system"))) {
                return (List<Map<String, Object>>) s.get("checkpoints");
            }
        }
        return null;
    }

    private static double d(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalStateException("no number " + key + " in " + m.keySet());
        }
        return n.doubleValue();
    }
}
