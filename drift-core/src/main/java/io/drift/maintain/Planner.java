package io.drift.maintain;

import io.drift.vector.Distance;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maintenance policy, apart from its mechanism (DESIGN §7): from a {@link MaintenanceView} (a
 * Version's statistics) it decides which segments to drop, which partitions to merge and, bucket
 * by bucket, what to do. Pure: no I/O, no clock (the caller passes the time); every decision can be
 * tested on views made up by hand.
 *
 * <ul>
 *   <li><b>Partition merges</b>, size-tiered: tier 0 holds partitions below
 *       {@code 10·targetBucketSize} live rows, each next tier {@code partitionFanout} times larger;
 *       once a tier holds {@code fanout} partitions, they and every smaller one are merged, smallest
 *       first, as many as the budget holds (a merge never exceeds it).
 *   <li><b>Bucket operations</b>, partition by partition, most urgent bucket first, for buckets out of
 *       their cooldown (or dying, or in a sparse segment): see {@link BucketPass}.
 * </ul>
 */
public final class Planner {

    /** Share of the capacity past which a drifted bucket is split. */
    static final double DRIFT_SPLIT_FILL = 0.8;
    /** Neighbours a split steals from. */
    static final int NEIGHBOURS = 3;
    /**
     * Buckets nearest a scattered one whose centroids its rows are compared with: each row goes to
     * the nearest of them. With only the 3 nearest, rows landed in buckets whose centroid was not
     * their nearest, and after a random delete of half the rows (every bucket urgent) recall at a
     * given number of rows scanned fell well below a rebuild's (docs/BENCHMARKS.md, "Churn").
     */
    static final int SCATTER_CANDIDATES = 16;
    /**
     * How much farther (squared, on average) a scattered row may land than its own centroid: 3.
     * For the bucket nearest each bucket, {@code 1 + D²/rms²} is at most 2.1 on Fashion-MNIST (99th
     * percentile, k-means of 20,000 rows into 100), and on the synthetic mixture (25,000 rows, 125
     * buckets, 100 clusters) at most 1.5 inside a cluster and at least 7 across clusters.
     */
    static final double SCATTER_REACH = 3;

    private final JanitorSettings config;
    private final int target;
    private final int capacity;
    private final Distance metric;

    public Planner(JanitorSettings config, int targetBucketSize, Distance metric) {
        this.config = config;
        this.target = targetBucketSize;
        this.capacity = config.maxBucketCapacity(targetBucketSize);
        this.metric = metric;
    }

    /** The largest bucket before a split. */
    int capacity() {
        return capacity;
    }

    /** The segments of {@code view} without a live row: they can leave the Version. */
    public List<Integer> deadSegments(MaintenanceView view) {
        List<Integer> dead = new ArrayList<>();
        for (MaintenanceView.SegmentState s : view.segments()) {
            if (s.live() == 0) {
                dead.add(s.index());
            }
        }
        return dead;
    }

    /** Size tier of a partition with {@code live} rows. */
    int tier(long live) {
        long unit = 10L * target;
        int t = 0;
        for (long bound = unit; live >= bound && t < 62; bound *= config.partitionFanout()) {
            t++;
        }
        return t;
    }

    /** The partitions to merge now, within {@code budget} rows, if a tier is full. */
    public Optional<Operation.PartitionMerge> partitionMerge(MaintenanceView view, long budget) {
        Map<Long, Long> live = new TreeMap<>();
        for (MaintenanceView.SegmentState s : view.segments()) {
            live.merge(s.partition(), s.live(), Long::sum);
        }
        live.values().removeIf(l -> l == 0);
        Map<Integer, Integer> perTier = new TreeMap<>();
        for (long l : live.values()) {
            perTier.merge(tier(l), 1, Integer::sum);
        }
        int full = -1;
        for (Map.Entry<Integer, Integer> e : perTier.entrySet()) {
            if (e.getValue() >= config.partitionFanout()) {
                full = e.getKey();
                break;
            }
        }
        if (full < 0) {
            return Optional.empty();
        }
        // that tier and every smaller partition, smallest first, within the budget
        List<Map.Entry<Long, Long>> group = new ArrayList<>();
        for (Map.Entry<Long, Long> e : live.entrySet()) {
            if (tier(e.getValue()) <= full) {
                group.add(e);
            }
        }
        group.sort(Map.Entry.comparingByValue());
        Set<Long> chosen = new HashSet<>();
        long rows = 0;
        for (Map.Entry<Long, Long> e : group) {
            if (rows + e.getValue() > budget) {
                break; // a merge never exceeds the budget: too large a group waits for a larger budget
            }
            chosen.add(e.getKey());
            rows += e.getValue();
        }
        return chosen.size() < 2 ? Optional.empty() : Optional.of(new Operation.PartitionMerge(Set.copyOf(chosen), rows));
    }

    /** The bucket operations of one pass over {@code view} at time {@code nowMillis}, one at a time. */
    public BucketPass bucketPass(MaintenanceView view, long nowMillis) {
        return new BucketPass(this, view, nowMillis);
    }

    /** DESIGN §7's hot-zombie urgency of {@code b}. */
    double urgency(BucketState b) {
        return Urgency.of(b.live(), b.count(), b.temperature(), target, config.beta(), config.epsilon());
    }

    /** Whether at least the compaction's dead fraction of {@code b}'s rows are dead. */
    boolean dying(BucketState b) {
        return b.dead() >= config.compactDeadFraction() * b.count();
    }

    /**
     * Whether {@code b} may be changed at {@code nowMillis}: out of its cooldown, or dying (each
     * rewrite of a dying bucket frees at least the dead fraction of its rows, so the rewrites of one
     * bucket shrink geometrically), or in a sparse segment.
     */
    boolean eligible(BucketState b, long nowMillis) {
        return nowMillis - b.writtenMillis() >= config.cooldownMillis() || b.sparseSegment() || dying(b);
    }

    boolean scatters(double urgency) {
        return urgency > config.mergeUrgency();
    }

    /** Whether {@code b} is split: over the capacity, or over 0.8 of it with drift past the threshold. */
    boolean splits(BucketState b, double drift) {
        return b.count() > capacity || drift > config.splitDrift();
    }

    /** {@code b}'s drift, measured only for a bucket over 0.8 of the capacity (0 otherwise). */
    double drift(BucketState b) {
        return b.count() > DRIFT_SPLIT_FILL * capacity ? b.drift().getAsDouble() : 0;
    }

    /**
     * The (up to) {@code count} buckets of {@code buckets} whose centroids are nearest {@code b}'s,
     * among those not {@code touched} or {@code open} (they may take more rows).
     */
    List<BucketState> nearest(BucketState b, List<BucketState> buckets, BitSet touched, BitSet open, int count) {
        float[] c = b.centroid();
        List<BucketState> others = new ArrayList<>();
        double[] dist = new double[buckets.size()];
        for (BucketState o : buckets) {
            if (o != b && (!touched.get(o.id()) || open.get(o.id()))) {
                dist[others.size()] = metric.distance(c, 0, o.centroid(), 0, c.length);
                others.add(o);
            }
        }
        List<BucketState> near = new ArrayList<>();
        for (int at : ascending(dist, others.size())) {
            if (near.size() == count) {
                break;
            }
            near.add(others.get(at));
        }
        return near;
    }

    /**
     * The buckets of {@code near} that rows of {@code b} may be scattered into: those whose centroid
     * lies within {@code (SCATTER_REACH − 1)·rms²} of b's (squared L2), rms being b's RMS radius. A
     * row of b is on average {@code 1 + D²/rms²} times (squared) as far from a centroid at distance
     * D as from its own; a bucket alone in a cluster has no neighbour within reach, and scattering
     * it would spread a cluster over the buckets of others.
     */
    static List<BucketState> inReach(BucketState b, List<BucketState> near) {
        float rms = b.rmsRadius();
        double reach = (SCATTER_REACH - 1) * (double) rms * rms;
        float[] c = b.centroid();
        List<BucketState> out = new ArrayList<>(near.size());
        for (BucketState r : near) {
            if (Distance.L2.distance(c, 0, r.centroid(), 0, c.length) <= reach) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The positions {@code 0..n-1} ordered by {@code keys} (as floats), ascending, ties in position
     * order. A sort of primitive longs: the maintenance passes used to sort boxed positions and
     * lists through comparators, and each new array type deoptimized the JIT's compiled sort (the
     * compiler's recompilations then competed with searches for the CPU).
     */
    static int[] ascending(double[] keys, int n) {
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToIntBits((float) keys[i]);
            bits ^= (bits >> 31) & 0x7fffffff; // signed-int order of the bits = float order
            packed[i] = ((long) bits << 32) | i;
        }
        java.util.Arrays.sort(packed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) packed[i];
        }
        return order;
    }
}
