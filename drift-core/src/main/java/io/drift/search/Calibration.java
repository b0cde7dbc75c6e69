package io.drift.search;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How recall@k follows the target confidence on one index, measured on its own data
 * (DESIGN §6: "a user thinks in recall, not confidence").
 *
 * <p>Measurement: stored rows drawn at random serve as queries. For each, a near-exhaustive search
 * finds its true {@code k} nearest other rows, and one pass of the bucket selector gives, for every
 * bucket, the share of selection probability handed out before the search reaches it (0 for the
 * guardrail buckets). A search at confidence {@code c} visits exactly the buckets whose share is
 * below {@code c}, so it can find a neighbour iff the neighbour's bucket has share {@code < c}.
 * The sorted shares of all query–neighbour pairs are the calibration: the recall expected at
 * {@code c} is the fraction of shares below {@code c}, and the confidence for a recall target
 * {@code t} is just above the {@code t}-quantile of the shares. One selector pass per query gives
 * the whole curve. What it leaves out, neighbours lost by the SQ8 scan before rerank, is what the
 * benchmark's measured recall against the estimate shows (docs/BENCHMARKS.md).
 *
 * <p>Immutable.
 */
public final class Calibration {

    /** The width of the reference search's rerank pool, in multiples of k. */
    private static final int REFERENCE_RERANK = 4;

    /** The confidence of the reference search: every bucket that could hold a neighbour, in practice. */
    private static final double REFERENCE_CONFIDENCE = 0.99999;

    private final double[] shares;
    private final int queries;
    private final int k;

    /**
     * @param shares per query–neighbour pair, the share of selection probability handed out
     *     before the neighbour's bucket is reached, in [0, 1]
     */
    public Calibration(double[] shares, int queries, int k) {
        if (shares.length == 0) {
            throw new IllegalArgumentException("a calibration needs at least one measured neighbour");
        }
        this.shares = shares.clone();
        Arrays.sort(this.shares);
        if (!(this.shares[0] >= 0 && this.shares[this.shares.length - 1] <= 1)) {
            throw new IllegalArgumentException("shares must lie in [0, 1]");
        }
        this.queries = queries;
        this.k = k;
    }

    static Calibration measure(L1Index index, int queries, int k, long seed) {
        if (queries < 1 || k < 1) {
            throw new IllegalArgumentException("calibration needs at least one query and k >= 1");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = (int) Math.min(queries, index.rows());
        int buckets = index.bucketCount();
        float[] query = new float[index.dim()];
        int[] order = new int[buckets];
        double[] shareBefore = new double[buckets];
        double[] shares = new double[n * k];
        int m = 0;
        SearchParams reference = SearchParams.defaults().withTargetConfidence(REFERENCE_CONFIDENCE)
                .withRerankFactor(REFERENCE_RERANK);
        for (int i = 0; i < n; i++) {
            // a uniform row: a bucket chosen by its size, then a row in it
            long pick = rnd.nextLong(index.rows());
            int b = 0;
            while (pick >= index.bucketRows(b)) {
                pick -= index.bucketRows(b++);
            }
            long self = index.storedRow(b, (int) pick, query);
            long[] found = index.search(query, k + 1, reference, false).ids();
            int ordered = index.visitOrder(query, order, shareBefore);
            int taken = 0;
            for (long id : found) {
                if (id == self || taken == k) {
                    continue; // the query finds itself; it is not one of its neighbours
                }
                taken++;
                double share = 1.0;
                for (int j = 0; j < ordered; j++) {
                    if (index.holds(order[j], id)) {
                        share = shareBefore[order[j]];
                        break;
                    }
                }
                shares[m++] = share;
            }
        }
        return new Calibration(Arrays.copyOf(shares, m), n, k);
    }

    /** The recall to expect at confidence {@code c}: the fraction of neighbours a search at {@code c} reaches. */
    public double recallAt(double c) {
        if (c >= 1.0) {
            return 1.0;
        }
        return (double) below(c) / shares.length;
    }

    /** The smallest confidence whose expected recall reaches {@code target}. */
    public double confidenceFor(double target) {
        if (target >= 1.0) {
            return 1.0;
        }
        int need = (int) Math.ceil(target * shares.length); // pairs that must lie below c
        if (need <= 0) {
            return Math.nextUp(shares[0]) > 1.0 ? 1.0 : Math.max(Math.nextUp(0.0), shares[0]);
        }
        double c = Math.nextUp(shares[need - 1]);
        return c >= 1.0 ? 1.0 : Math.max(c, Math.nextUp(0.0));
    }

    private int below(double c) {
        int lo = 0;
        int hi = shares.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (shares[mid] < c) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Queries measured. */
    public int queries() {
        return queries;
    }

    public int k() {
        return k;
    }

    /** The measured query–neighbour pairs. */
    public int pairs() {
        return shares.length;
    }
}
