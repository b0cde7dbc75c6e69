package io.drift.search;

import io.drift.bucket.CentroidTable;
import java.util.Arrays;

/**
 * A query's estimated recall in L1 after some buckets were scanned: the share of its k-nearest ball
 * that the scanned buckets hold (DESIGN §6; in the spirit of Quake's adaptive partition scanning,
 * OSDI 2025). Per thread, reused, allocation-free once sized.
 *
 * <p>Geometry, per partition {@code p} (buckets clustered together, so their cells tile the space):
 * the query lies in the cell of its nearest centroid {@code c₀}; bucket {@code j}'s cell starts
 * beyond the plane halfway between {@code c₀} and {@code c_j}, at distance
 * {@code h_j = (D_j² − D₀²) / (2‖c_j − c₀‖)} from the query. Of the ball of radius {@code ρ} (the
 * current k-th distance), bucket {@code j} may hold the cap beyond that plane,
 * {@code v_j = cap(h_j/ρ)} of its volume ({@link BallCap}); the cell of {@code c₀} keeps
 * {@code v₀ = Π(1 − v_j)} and the rest is shared in proportion to the caps,
 * {@code (1 − v₀)·v_j / Σv}. Each share is weighted by the bucket's live fraction (a cell whose
 * rows were mostly deleted holds fewer neighbours) and normalised within the partition.
 *
 * <p>Across partitions, whose cells overlap, each partition holds its share of the live rows near
 * the query ({@link BucketSelector#partitionMass}). The estimate is the mass-weighted share of the
 * scanned buckets. A bucket the search proved cannot hold a candidate counts as scanned. Buckets
 * whose plane is provably so far that their share is negligible ({@code h_j ≥ (D_j − D₀)/2 ≥}
 * {@link BallCap#reach}{@code ·ρ}) share nothing, and their centroid distances are never computed.
 */
final class RecallEstimator {

    private float[] dist;
    private int n;
    private float nearestDistance;
    private int[] partitionOf;
    private int parts;
    private CentroidTable centroids;
    private BallCap cap;
    private double reach;

    private int[] nearest = new int[0];
    private double[] mass = new double[0];
    private double[] inside = new double[0];
    private double[] sumCap = new double[0];
    private double[] sumWeighted = new double[0];
    private double[] sumCovered = new double[0];
    /** Per bucket: its live fraction, 0 for buckets without live rows (the index's array). */
    private float[] alive;
    private float[] gap = new float[0];
    private int[] candidates = new int[0];
    private int candidateCount;
    private boolean[] covered = new boolean[0];
    private int[] coveredList = new int[0];
    private int coveredCount;

    /**
     * Starts a query over {@code n} buckets.
     *
     * @param dist        per bucket, the Euclidean distance from the query to its centroid ({@code +∞}
     *                    when ranking did not reach it)
     * @param selector    started on the same query: each partition's nearest live bucket and share
     *                    of the live rows near it
     * @param alive       per bucket, its live share of its rows (0: no live rows)
     */
    void start(float[] dist, int n, int[] partitionOf, int parts, BucketSelector selector, float[] alive,
               CentroidTable centroids, BallCap cap) {
        ensureCapacity(n, parts);
        this.dist = dist;
        this.n = n;
        this.partitionOf = partitionOf;
        this.parts = parts;
        this.centroids = centroids;
        this.cap = cap;
        this.reach = cap.reach();
        this.alive = alive;
        nearestDistance = Float.POSITIVE_INFINITY;
        double total = 0;
        for (int p = 0; p < parts; p++) {
            nearest[p] = selector.nearestBucket(p);
            mass[p] = nearest[p] < 0 ? 0 : selector.partitionMass(p);
            total += mass[p];
            if (nearest[p] >= 0) {
                nearestDistance = Math.min(nearestDistance, dist[nearest[p]]);
            }
        }
        for (int p = 0; p < parts; p++) {
            mass[p] = total > 0 ? mass[p] / total : 0;
        }
        for (int i = 0; i < coveredCount; i++) {
            covered[coveredList[i]] = false;
        }
        coveredCount = 0;
        candidateCount = -1;
    }

    /**
     * The query's distance to its nearest live centroid in units of {@code scale} (the median bucket
     * radius): how far it lies from every stored row; 0 when no centroid was ranked.
     */
    double remoteness(double scale) {
        return nearestDistance < Float.POSITIVE_INFINITY ? nearestDistance / scale : 0;
    }

    /** Bucket {@code b} was scanned, or proved to hold no candidate. */
    void cover(int b) {
        if (!covered[b]) {
            covered[b] = true;
            coveredList[coveredCount++] = b;
        }
    }

    /**
     * The estimated share of the ball of radius {@code rho} (Euclidean) held by the covered buckets;
     * 0 for an unbounded ball (fewer than k candidates yet). Radii should not grow between calls:
     * the buckets whose planes lie beyond the first finite radius are dropped for good.
     */
    double estimate(double rho) {
        if (!(rho < Double.POSITIVE_INFINITY)) {
            return 0;
        }
        if (candidateCount < 0) {
            collectCandidates(rho);
        }
        Arrays.fill(inside, 0, parts, 1.0);
        Arrays.fill(sumCap, 0, parts, 0.0);
        Arrays.fill(sumWeighted, 0, parts, 0.0);
        Arrays.fill(sumCovered, 0, parts, 0.0);
        for (int i = 0; i < candidateCount; i++) {
            int b = candidates[i];
            double t = gap[b] / rho;
            if (t >= reach) {
                continue;
            }
            double v = cap.share(t);
            int p = partitionOf[b];
            inside[p] *= 1 - v;
            sumCap[p] += v;
            double w = v * alive[b];
            sumWeighted[p] += w;
            if (covered[b]) {
                sumCovered[p] += w;
            }
        }
        double estimate = 0;
        for (int p = 0; p < parts; p++) {
            int c0 = nearest[p];
            if (c0 < 0 || mass[p] == 0) {
                continue;
            }
            double w0 = inside[p] * alive[c0];
            double scale = sumCap[p] > 0 ? (1 - inside[p]) / sumCap[p] : 0;
            double whole = w0 + scale * sumWeighted[p];
            double found = (covered[c0] ? w0 : 0) + scale * sumCovered[p];
            estimate += mass[p] * (whole > 0 ? found / whole : 0);
        }
        return Math.min(1.0, estimate);
    }

    /** The buckets whose planes may cut the ball of radius {@code rho}, with their plane distances. */
    private void collectCandidates(double rho) {
        candidateCount = 0;
        for (int b = 0; b < n; b++) {
            if (alive[b] == 0 || !(dist[b] < Float.POSITIVE_INFINITY)) {
                continue;
            }
            int c0 = nearest[partitionOf[b]];
            if (b == c0 || (dist[b] - dist[c0]) * 0.5 >= rho * reach) {
                continue;
            }
            double d0 = dist[c0];
            double db = dist[b];
            double between = centroids.between(b, c0);
            gap[b] = between > 0 ? (float) ((db * db - d0 * d0) / (2 * between)) : 0f;
            candidates[candidateCount++] = b;
        }
    }

    private void ensureCapacity(int n, int parts) {
        if (gap.length < n) {
            gap = new float[n];
            candidates = new int[n];
            covered = new boolean[n];
            coveredList = new int[n];
            coveredCount = 0;
        }
        if (nearest.length < parts) {
            nearest = new int[parts];
            mass = new double[parts];
            inside = new double[parts];
            sumCap = new double[parts];
            sumWeighted = new double[parts];
            sumCovered = new double[parts];
        }
    }
}
