package io.drift.maintain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the janitor maintains a collection's L1 buckets (DESIGN §7), as the engine keeps them: part
 * of the collection's settings, written into every manifest. Users set them through
 * {@code io.drift.JanitorConfig}; the measurements behind the defaults are in
 * docs/ARCHITECTURE.md ("The janitor").
 *
 * @param enabled             whether maintenance runs at all ({@code false}: the "index rot" baseline)
 * @param intervalMillis      pause between two maintenance passes
 * @param maxBucketFactor     {@code maxBucketCapacity = maxBucketFactor · targetBucketSize}: a bucket with
 *                            more rows is split
 * @param mergeUrgency        a bucket whose urgency passes this is scatter-merged into its neighbours
 * @param beta                weight of the dead share in the urgency
 * @param epsilon             keeps the urgency finite for a bucket of temperature 0
 * @param cooling             each pass multiplies every temperature by this
 * @param splitDrift          a bucket over 0.8 of the capacity whose live mean drifted this far from
 *                            its centroid (relative to its RMS radius) is split
 * @param stealChecks         rows of the 3 neighbours a split compares with its new centroids
 * @param stealMoves          rows a split may take from its neighbours
 * @param stealMargin         {@code δ}: a row moves only if {@code d²_new < (1 − δ)·d²_own}
 * @param compactDeadFraction a bucket with this share of dead rows is rewritten without them
 * @param segmentLiveFraction a segment with less than this share of live rows has its live buckets
 *                            copied out
 * @param partitionFanout     partitions of one size tier merged together once this many exist
 * @param cooldownMillis      a bucket written by maintenance is left alone this long
 * @param rowsPerPass         rows a pass may rewrite
 * @param bytesPerPass        segment bytes a pass may write (estimated from the rows before writing)
 */
public record JanitorSettings(boolean enabled, long intervalMillis, double maxBucketFactor, double mergeUrgency,
                            double beta, double epsilon, double cooling, double splitDrift, int stealChecks,
                            int stealMoves, double stealMargin, double compactDeadFraction,
                            double segmentLiveFraction, int partitionFanout, long cooldownMillis, long rowsPerPass,
                            long bytesPerPass) {

    private static final JanitorSettings DEFAULTS = new JanitorSettings(true, 1000, 2.0, 1.5, 3.0, 0.001, 0.98, 0.15,
            200, 50, 0.025, 0.3, 0.5, 4, 60_000, 200_000, 256L << 20);

    public JanitorSettings {
        positive("intervalMillis", intervalMillis);
        if (!(maxBucketFactor > 1)) {
            throw new IllegalArgumentException("maxBucketFactor must be above 1, got " + maxBucketFactor);
        }
        check("mergeUrgency", mergeUrgency, mergeUrgency > 0, "positive");
        check("beta", beta, beta >= 0, "non-negative");
        check("epsilon", epsilon, epsilon > 0, "positive");
        check("cooling", cooling, cooling > 0 && cooling <= 1, "in (0, 1]");
        check("splitDrift", splitDrift, splitDrift > 0, "positive");
        check("stealMargin", stealMargin, stealMargin >= 0 && stealMargin < 1, "in [0, 1)");
        check("compactDeadFraction", compactDeadFraction, compactDeadFraction > 0 && compactDeadFraction <= 1, "in (0, 1]");
        check("segmentLiveFraction", segmentLiveFraction, segmentLiveFraction >= 0 && segmentLiveFraction <= 1, "in [0, 1]");
        check("stealChecks", stealChecks, stealChecks >= 0, "non-negative");
        check("stealMoves", stealMoves, stealMoves >= 0, "non-negative");
        check("cooldownMillis", cooldownMillis, cooldownMillis >= 0, "non-negative");
        if (partitionFanout < 2) {
            throw new IllegalArgumentException("partitionFanout must be at least 2, got " + partitionFanout);
        }
        positive("rowsPerPass", rowsPerPass);
        positive("bytesPerPass", bytesPerPass);
    }

    private static void check(String name, double v, boolean ok, String range) {
        if (!ok) {
            throw new IllegalArgumentException(name + " must be " + range + ", got " + v);
        }
    }

    private static void positive(String name, long v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }

    /** DESIGN §7's defaults; see the record description. */
    public static JanitorSettings defaults() {
        return DEFAULTS;
    }

    /** Largest bucket before a split, for a collection's target bucket size. */
    public int maxBucketCapacity(int targetBucketSize) {
        return (int) Math.ceil(maxBucketFactor * targetBucketSize);
    }

    /** Rows a pass may rewrite in a collection of dimension {@code dim}: the tighter of both budgets. */
    public long rowBudget(int dim) {
        return Math.max(1, Math.min(rowsPerPass, bytesPerPass / (5L * dim + 16)));
    }

    /** As manifest entries under {@code janitor.}. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("janitor.enabled", Boolean.toString(enabled));
        m.put("janitor.interval_millis", Long.toString(intervalMillis));
        m.put("janitor.max_bucket_factor", Double.toString(maxBucketFactor));
        m.put("janitor.merge_urgency", Double.toString(mergeUrgency));
        m.put("janitor.beta", Double.toString(beta));
        m.put("janitor.epsilon", Double.toString(epsilon));
        m.put("janitor.cooling", Double.toString(cooling));
        m.put("janitor.split_drift", Double.toString(splitDrift));
        m.put("janitor.steal_checks", Integer.toString(stealChecks));
        m.put("janitor.steal_moves", Integer.toString(stealMoves));
        m.put("janitor.steal_margin", Double.toString(stealMargin));
        m.put("janitor.compact_dead_fraction", Double.toString(compactDeadFraction));
        m.put("janitor.segment_live_fraction", Double.toString(segmentLiveFraction));
        m.put("janitor.partition_fanout", Integer.toString(partitionFanout));
        m.put("janitor.cooldown_millis", Long.toString(cooldownMillis));
        m.put("janitor.rows_per_pass", Long.toString(rowsPerPass));
        m.put("janitor.bytes_per_pass", Long.toString(bytesPerPass));
        return m;
    }

    /** Reads what {@link #toMap()} wrote; missing keys default. */
    public static JanitorSettings fromMap(Map<String, String> m) {
        JanitorSettings d = DEFAULTS;
        return new JanitorSettings(
                Boolean.parseBoolean(m.getOrDefault("janitor.enabled", Boolean.toString(d.enabled))),
                Long.parseLong(m.getOrDefault("janitor.interval_millis", Long.toString(d.intervalMillis))),
                Double.parseDouble(m.getOrDefault("janitor.max_bucket_factor", Double.toString(d.maxBucketFactor))),
                Double.parseDouble(m.getOrDefault("janitor.merge_urgency", Double.toString(d.mergeUrgency))),
                Double.parseDouble(m.getOrDefault("janitor.beta", Double.toString(d.beta))),
                Double.parseDouble(m.getOrDefault("janitor.epsilon", Double.toString(d.epsilon))),
                Double.parseDouble(m.getOrDefault("janitor.cooling", Double.toString(d.cooling))),
                Double.parseDouble(m.getOrDefault("janitor.split_drift", Double.toString(d.splitDrift))),
                Integer.parseInt(m.getOrDefault("janitor.steal_checks", Integer.toString(d.stealChecks))),
                Integer.parseInt(m.getOrDefault("janitor.steal_moves", Integer.toString(d.stealMoves))),
                Double.parseDouble(m.getOrDefault("janitor.steal_margin", Double.toString(d.stealMargin))),
                Double.parseDouble(m.getOrDefault("janitor.compact_dead_fraction", Double.toString(d.compactDeadFraction))),
                Double.parseDouble(m.getOrDefault("janitor.segment_live_fraction", Double.toString(d.segmentLiveFraction))),
                Integer.parseInt(m.getOrDefault("janitor.partition_fanout", Integer.toString(d.partitionFanout))),
                Long.parseLong(m.getOrDefault("janitor.cooldown_millis", Long.toString(d.cooldownMillis))),
                Long.parseLong(m.getOrDefault("janitor.rows_per_pass", Long.toString(d.rowsPerPass))),
                Long.parseLong(m.getOrDefault("janitor.bytes_per_pass", Long.toString(d.bytesPerPass))));
    }
}
