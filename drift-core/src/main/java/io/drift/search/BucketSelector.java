package io.drift.search;

/**
 * Saturating-density bucket selection with probabilistic stopping (DESIGN §6.2–6.3), for one
 * query at a time; per thread, reused, allocation-free once sized.
 *
 * <p>For bucket {@code b} with centroid distance {@code D_b} and reliability {@code R(b)}, the
 * weight is {@code w_b = exp(-λ·(D_b - D_min)/s)·R(b)}; {@code P_eff(b) = w_b / Σ w}.
 *
 * <p>The buckets may come from several <em>partitions</em> (segments clustered independently, so
 * their cells may overlap, or hold different regions when the data drifted between flushes):
 * then {@code D_min} is each partition's own nearest centroid, the weights are normalised within
 * each partition and scaled by the partition's share of the live rows <em>near the query</em>,
 * {@code P_eff(b) = M_p·w_b / (Σ_{b' ∈ p} w_b' · Σ_p' M_p')} with the kernel estimate
 * {@code M_p = Σ_{b ∈ p} live(b)·exp(-λ_p·(D_b - D*)/s)}, {@code D*} the nearest centroid of all,
 * {@code λ_p} = {@value #PARTITION_LAMBDA}. Partitions that overlap get about their share of the
 * live rows (a global {@code D_min} gave a partition whose nearest centroid was a little farther
 * {@code e^-λ·Δ} of the weight although it held its part of the neighbours); a partition far
 * from the query gets almost none (scaling by the global live share spent most of the
 * confidence on partitions that held other classes after the data drifted).
 * Buckets with
 * {@code R(b) = 0} (no live rows) are never selected. {@link #next()} hands out buckets by
 * descending weight until the handed-out share reaches the target confidence, then the guardrail
 * buckets (the {@code g} nearest centroids with live rows) that were not handed out yet. A target
 * of 1 hands out every bucket with live rows, and so does asking for more until the end.
 */
final class BucketSelector {

    /** Weights below {@code e^-40} of the best are treated as zero. */
    private static final double MAX_EXPONENT = 40;

    /**
     * {@code λ_p}, the bandwidth of a partition's live rows near the query, in units of {@code s}.
     * Measured on 6 partitions of 60,000 Fashion-MNIST rows in their own order (overlapping) and of
     * 12,000 synthetic rows flushed while the clusters moved, and on the churn workload's indexes
     * (docs/ARCHITECTURE.md, "Partitions"): at 2 the overlapping case equals the global live share, and the
     * drifted ones find more neighbours in fewer rows; at 3 and above the moving clusters lose
     * recall (0.93 at confidence 0.9, against 0.965 at 2).
     */
    static final double PARTITION_LAMBDA = 2.0;

    private double[] weight = new double[0];
    private float[] partMin = new float[0];
    /** Per partition, its nearest bucket with live rows, or -1. */
    private int[] partNearest = new int[0];
    private double[] partSum = new double[0];
    private double[] partMass = new double[0];
    private int[] heap = new int[0];
    private int[] stamp = new int[0];
    private int[] guard = new int[0];
    /** Live buckets whose weight underflowed to 0, in bucket order: handed out only on demand. */
    private int[] rest = new int[0];
    private int restSize;
    private int restNext;
    private int epoch;
    private int parts;
    private int heapSize;
    private int guardCount;
    private int guardNext;
    private boolean exhaustive;
    private double total;
    private double handedOut;
    private double stopAt;

    /**
     * Starts a query over {@code n} buckets.
     *
     * @param dist        {@code D_b}: smaller is nearer (a distance, or a negated inner product)
     * @param scale       {@code s}, the distance over which a step of {@code λ} in the exponent is taken
     * @param reliability {@code R(b)}, 0 for buckets without live rows
     * @param confidence  the target share in (0, 1]; 1 means every bucket with live rows
     * @param partitionOf the partition of each bucket, {@code 0 .. parts - 1}
     * @param parts       the number of partitions
     * @param live        per bucket, its live rows
     */
    void start(float[] dist, int n, double scale, double lambda, float[] reliability, int guardrail,
               double confidence, int[] partitionOf, int parts, int[] live) {
        ensureCapacity(n, guardrail);
        if (++epoch == 0) { // wrapped: old stamps could collide
            java.util.Arrays.fill(stamp, 0);
            epoch = 1;
        }
        if (partMin.length < parts) {
            partMin = new float[parts];
            partNearest = new int[parts];
            partSum = new double[parts];
            partMass = new double[parts];
        }
        java.util.Arrays.fill(partMin, 0, parts, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(partNearest, 0, parts, -1);
        java.util.Arrays.fill(partSum, 0, parts, 0.0);
        for (int b = 0; b < n; b++) {
            if (reliability[b] > 0 && dist[b] < partMin[partitionOf[b]]) {
                partMin[partitionOf[b]] = dist[b];
                partNearest[partitionOf[b]] = b;
            }
        }
        exhaustive = confidence >= 1.0;
        this.parts = parts;
        double k = lambda / scale;
        double sum = 0;
        heapSize = 0;
        restSize = 0;
        restNext = 0;
        guardCount = 0;
        guardNext = 0;
        for (int b = 0; b < n; b++) {
            double w = 0;
            if (reliability[b] > 0) {
                double x = k * (dist[b] - partMin[partitionOf[b]]);
                w = x < MAX_EXPONENT ? Math.exp(-x) * reliability[b] : 0;
                if (w > 0) {
                    heap[heapSize++] = b;
                } else {
                    rest[restSize++] = b;
                }
                if (guardrail > 0) {
                    offerGuard(b, dist, guardrail);
                }
            }
            weight[b] = w;
            partSum[partitionOf[b]] += w;
        }
        if (parts == 1) {
            sum = partSum[0];
        } else {
            nearQuery(dist, n, scale, reliability, partitionOf, parts, live);
            for (int i = 0; i < heapSize; i++) {
                int b = heap[i];
                int p = partitionOf[b];
                weight[b] = weight[b] / partSum[p] * partMass[p];
                sum += weight[b];
            }
        }
        total = sum;
        handedOut = 0;
        stopAt = confidence * sum;
        for (int i = (heapSize >>> 1) - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** {@link #start} over buckets that form one partition. */
    void start(float[] dist, int n, double scale, double lambda, float[] reliability, int guardrail,
               double confidence) {
        start(dist, n, scale, lambda, reliability, guardrail, confidence, new int[n], 1, null);
    }

    /** {@code M_p / Σ M}, each partition's share of the live rows near the query, into {@code partMass}. */
    private void nearQuery(float[] dist, int n, double scale, float[] reliability, int[] partitionOf, int parts,
                           int[] live) {
        float nearest = Float.POSITIVE_INFINITY;
        for (int p = 0; p < parts; p++) {
            nearest = Math.min(nearest, partMin[p]);
        }
        java.util.Arrays.fill(partMass, 0, parts, 0.0);
        double k = PARTITION_LAMBDA / scale;
        double total = 0;
        for (int b = 0; b < n; b++) {
            if (reliability[b] > 0) {
                double x = k * (dist[b] - nearest);
                if (x < MAX_EXPONENT) {
                    double m = live[b] * Math.exp(-x);
                    partMass[partitionOf[b]] += m;
                    total += m;
                }
            }
        }
        for (int p = 0; p < parts; p++) {
            partMass[p] = total > 0 ? partMass[p] / total : 0;
        }
    }

    /**
     * The next bucket to visit, or -1 when the search may stop. With {@code more} (the caller has
     * fewer candidates than it must return) buckets keep coming past the target confidence.
     */
    int next(boolean more) {
        if (heapSize > 0 && (exhaustive || more || handedOut < stopAt)) {
            int b = heap[0];
            heap[0] = heap[--heapSize];
            siftDown(0);
            handedOut += weight[b];
            stamp[b] = epoch;
            return b;
        }
        while (guardNext < guardCount) {
            int b = guard[guardNext++];
            if (stamp[b] != epoch) {
                stamp[b] = epoch;
                handedOut += weight[b];
                return b;
            }
        }
        if (exhaustive || more) {
            while (restNext < restSize) {
                int b = rest[restNext++];
                if (stamp[b] != epoch) {
                    stamp[b] = epoch;
                    return b;
                }
            }
        }
        return -1;
    }

    /** Partition {@code p}'s nearest bucket with live rows (its centroid ranked), or -1. */
    int nearestBucket(int p) {
        return partNearest[p];
    }

    /**
     * Partition {@code p}'s share of the live rows near the query (the kernel estimate above); 1 for
     * a single partition.
     */
    double partitionMass(int p) {
        return parts == 1 ? 1.0 : partMass[p];
    }

    /**
     * From now on hands out only the guardrail buckets not handed out yet (and more only when asked
     * for {@code more}): the caller reached its goal by its own measure.
     */
    void finish() {
        stopAt = 0;
        exhaustive = false;
    }

    /** The guardrail buckets of the query, nearest first. */
    int[] guardrail() {
        return java.util.Arrays.copyOf(guard, guardCount);
    }

    /** The share of the normalised probability handed out so far. */
    double confidenceReached() {
        return total > 0 ? Math.min(1.0, handedOut / total) : 1.0;
    }

    private void offerGuard(int b, float[] dist, int g) {
        if (guardCount == g && dist[b] >= dist[guard[g - 1]]) {
            return;
        }
        int i = guardCount < g ? guardCount++ : g - 1;
        while (i > 0 && dist[guard[i - 1]] > dist[b]) {
            guard[i] = guard[i - 1];
            i--;
        }
        guard[i] = b;
    }

    private void siftDown(int i) {
        int b = heap[i];
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < heapSize && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], b)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = b;
    }

    /** Larger weight first; equal weights by bucket number, so the order is deterministic. */
    private boolean before(int a, int b) {
        return weight[a] > weight[b] || (weight[a] == weight[b] && a < b);
    }

    private void ensureCapacity(int n, int guardrail) {
        if (weight.length < n) {
            weight = new double[n];
            heap = new int[n];
            rest = new int[n];
            stamp = new int[n];
            epoch = 0;
        }
        if (guard.length < guardrail) {
            guard = new int[guardrail];
        }
    }
}
