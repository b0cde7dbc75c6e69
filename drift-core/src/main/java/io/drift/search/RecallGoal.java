package io.drift.search;

import io.drift.vector.Distance;
import io.drift.vector.TopK;

/**
 * One search's recall accounting over the memtables and L1 (DESIGN §6): after each bucket the search
 * covers, the raw estimate of the recall reached, and whether the search's {@link StopRule} is met.
 * Per thread, reused.
 *
 * <p>The ball is the k-th distance among the memtable hits and the L1 candidates so far (unbounded
 * while there are fewer than k); the memtables hold the share of the ball's neighbours their hits
 * inside it make up, found at the {@link RecallModel#memtableRecall} rate; the rest is L1's, of which
 * the {@link RecallEstimator} gives the share the covered buckets hold. For DOT, whose distances
 * define no ball, L1's share is the selection probability handed out
 * ({@link BucketSelector#confidenceReached}), which the model's fit turns into recall all the same.
 */
final class RecallGoal {

    private final Distance metric;
    private BucketSelector selector;
    private RecallEstimator estimator;
    private int k;
    private RecallModel model;
    /** The model's memtable recall for this search's k, looked up once. */
    private double memtableRecall;
    private float[] memtableDist;
    private int memtableHits;
    private double target;
    private double remoteness;
    private StopRule rule;
    private double memtableShare;
    private Trace trace;
    private boolean reached;
    private float[] merged = new float[0];

    RecallGoal(Distance metric) {
        this.metric = metric;
    }

    /**
     * Starts a search for {@code k} (at most the rows there are) with recall target {@code target}
     * ({@code NaN}: it stops by its confidence alone) at {@code remoteness}, recording every step
     * into {@code trace} when not null. The rule is looked up at the first check, when the
     * memtables' share of the ball is known.
     */
    void start(int k, RecallModel model, float[] memtableDist, int memtableHits, double target, double remoteness,
               Trace trace, BucketSelector selector, RecallEstimator estimator) {
        this.k = k;
        this.model = model;
        this.memtableRecall = model.memtableRecall(k);
        this.memtableDist = memtableDist;
        this.memtableHits = memtableHits;
        this.target = target;
        this.remoteness = remoteness;
        this.rule = null;
        this.memtableShare = Double.NaN;
        this.trace = trace;
        this.selector = selector;
        this.estimator = estimator;
        this.reached = false;
        if (trace != null) {
            trace.clear(selector);
        }
    }

    /**
     * The search covered bucket {@code b}: scanned its {@code rows} rows, or proved (0 rows) it
     * holds no candidate. The estimate, which costs more than the confidence, is computed only once
     * the confidence reached its threshold.
     */
    void covered(TopK pool, int b, int rows) {
        if (Double.isNaN(memtableShare)) {
            memtableShare = memtableShare(pool);
            if (trace != null) {
                trace.memtableShare = memtableShare;
            } else if (!Double.isNaN(target)) {
                rule = model.stopRule(target, k, remoteness, memtableShare);
            }
        }
        if (trace != null) {
            trace.add(b, rows, selector.confidenceReached(), estimate(pool), pool);
        } else if (!reached && rule != null && selector.confidenceReached() >= rule.confidence()
                && estimate(pool) >= rule.estimate()) {
            reached = true;
            selector.finish();
        }
    }

    /** The rule the search stops by (null: by confidence alone, or no bucket covered yet). */
    StopRule rule() {
        return rule;
    }

    /** The memtables' share of the ball at the first check (1 before any, the memtables alone). */
    double firstMemtableShare() {
        return Double.isNaN(memtableShare) ? 1.0 : memtableShare;
    }

    /** The share of the ball the memtable hits make up now (with fewer than k candidates, of k). */
    private double memtableShare(TopK pool) {
        return (double) inside(kth(pool)) / k;
    }

    /** The k-th distance among the memtable hits and the pool; +∞ while there are fewer than k. */
    private float kth(TopK pool) {
        int n = memtableHits + pool.size();
        if (n < k) {
            return Float.POSITIVE_INFINITY;
        }
        if (merged.length < n) {
            merged = new float[Math.max(n, 2 * merged.length)];
        }
        System.arraycopy(memtableDist, 0, merged, 0, memtableHits);
        pool.copyDistances(merged, memtableHits);
        return select(merged, n, k - 1);
    }

    /** The memtable hits within {@code kth}, at most k. */
    private int inside(float kth) {
        int inside = 0;
        while (inside < memtableHits && inside < k && memtableDist[inside] <= kth) {
            inside++;
        }
        return inside;
    }

    /**
     * The raw estimate now: of the ball, the share the memtable hits make up is found at the
     * memtables' recall, the rest in L1 at the share the covered buckets hold.
     */
    double estimate(TopK pool) {
        float kth = kth(pool);
        if (kth == Float.POSITIVE_INFINITY) {
            return 0; // the ball is unbounded yet
        }
        int inside = inside(kth);
        double l1 = switch (metric) {
            case L2 -> estimator.estimate(Math.sqrt(Math.max(0f, kth)));
            // unit vectors: ‖q − x‖² = 2·(1 − cos)
            case COSINE -> estimator.estimate(Math.sqrt(Math.max(0f, 2 * kth)));
            case DOT -> selector.confidenceReached();
        };
        double inMemtables = (double) inside / k;
        return inMemtables * memtableRecall + (1 - inMemtables) * l1;
    }

    /** The {@code r}-th smallest of {@code a[0..n)} (0-based), reordering {@code a}: Hoare's selection. */
    static float select(float[] a, int n, int r) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (r <= j) {
                hi = j;
            } else if (r >= i) {
                lo = i;
            } else {
                return a[r];
            }
        }
        return a[r];
    }

    /**
     * The buckets a re-checked search covered, in order, and after each the rows it had scanned, the
     * confidence it had reached and its raw estimate.
     */
    static final class Trace {
        /** The true L1 neighbours' positions ({@code bucket << 32 | row}), sorted. */
        private final long[] truth;
        private long[] poolIds = new long[0];
        int[] order = new int[0];
        long[] rows = new long[0];
        double[] confidence = new double[0];
        double[] estimate = new double[0];
        /** Per step, the true neighbours in the candidate pool. */
        int[] inPool = new int[0];
        int steps;

        Trace(long[] truthPositions) {
            this.truth = truthPositions.clone();
            java.util.Arrays.sort(truth);
        }

        /** The query's remoteness ({@link RecallEstimator#remoteness}). */
        double remoteness;
        /** The memtables' share of the ball at the first check. */
        double memtableShare = 1.0;
        /** The guardrail buckets, which a search scans after it stopped. */
        int[] guard = new int[0];

        void clear(BucketSelector selector) {
            steps = 0;
            guard = selector.guardrail();
        }

        void add(int bucket, int scanned, double conf, double raw, TopK pool) {
            if (steps == order.length) {
                int size = Math.max(16, 2 * steps);
                order = java.util.Arrays.copyOf(order, size);
                rows = java.util.Arrays.copyOf(rows, size);
                confidence = java.util.Arrays.copyOf(confidence, size);
                estimate = java.util.Arrays.copyOf(estimate, size);
                inPool = java.util.Arrays.copyOf(inPool, size);
            }
            if (poolIds.length < pool.size()) {
                poolIds = new long[pool.k()];
            }
            int n = pool.copyIds(poolIds, 0);
            int hits = 0;
            for (int i = 0; i < n; i++) {
                hits += java.util.Arrays.binarySearch(truth, poolIds[i]) >= 0 ? 1 : 0;
            }
            order[steps] = bucket;
            rows[steps] = (steps == 0 ? 0 : rows[steps - 1]) + scanned;
            confidence[steps] = conf;
            inPool[steps] = hits;
            estimate[steps++] = raw;
        }
    }
}
