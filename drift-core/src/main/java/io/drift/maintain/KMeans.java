package io.drift.maintain;

import io.drift.vector.VectorKernels;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means for building buckets (DESIGN §5): greedy k-means++ seeding, Lloyd iterations on the SIMD
 * kernels over all cores, seeding on a sample for large inputs, empty clusters re-seeded with
 * the point farthest from its centroid. Deterministic for a seed whatever the core count: work
 * is cut into fixed chunks and partial sums are merged in chunk order.
 */
public final class KMeans {
    /** Rows per parallel task. */
    private static final int CHUNK = 2048;

    /**
     * @param seed random seed
     * @param maxIterations Lloyd iterations at most
     * @param tolerance stop when inertia improves by less than this fraction
     * @param seedingSample rows k-means++ seeding looks at, at most
     */
    public record Params(long seed, int maxIterations, double tolerance, int seedingSample) {
        public Params {
            if (maxIterations < 1 || !(tolerance >= 0) || seedingSample < 1) {
                throw new IllegalArgumentException("invalid k-means parameters: " + maxIterations + " iterations, tolerance "
                        + tolerance + ", seeding sample " + seedingSample);
            }
        }

        /** 25 iterations, tolerance 1e-4, seeding on at most 20,000 rows. */
        public static Params defaults(long seed) {
            return new Params(seed, 25, 1e-4, 20_000);
        }
    }

    /**
     * A clustering: {@code centroids} is {@code k × d} row-major, {@code assignment[i]} the cluster
     * of row {@code i}, {@code sizes[c]} the rows of cluster {@code c} (all positive), inertia the
     * sum of squared distances of rows to their centroids.
     */
    public record Result(int k, int dim, float[] centroids, int[] assignment, int[] sizes, double inertia, int iterations) {}

    private KMeans() {}

    /**
     * Clusters rows {@code data[0..n·d)} into {@code k} clusters (squared L2).
     *
     * @throws IllegalArgumentException when {@code k} is not in {@code 1..n}, or a value is not finite
     */
    public static Result fit(float[] data, int n, int d, int k, Params p) {
        Objects.requireNonNull(data, "data");
        if (d < 1 || n < 1 || (long) n * d > data.length) {
            throw new IllegalArgumentException("need n >= 1 rows of d >= 1 floats, got n=" + n + ", d=" + d
                    + " in " + data.length + " floats");
        }
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in 1.." + n + ", got " + k);
        }
        for (int i = 0; i < n * d; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException("row " + i / d + " dimension " + i % d + " is " + data[i]);
            }
        }
        float[] centroids = seed(data, n, d, k, p);
        int[] assignment = new int[n];
        float[] dist = new float[n];
        double previous = Double.POSITIVE_INFINITY;
        double inertia = 0;
        int iteration = 0;
        int[] sizes = new int[k];
        while (iteration < p.maxIterations()) {
            iteration++;
            inertia = assign(data, n, d, centroids, k, assignment, dist);
            Arrays.fill(sizes, 0);
            double[] sums = sums(data, n, d, k, assignment, sizes);
            reseedEmpty(data, d, k, assignment, dist, sizes, sums, null);
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < d; i++) {
                    centroids[c * d + i] = (float) (sums[c * d + i] / sizes[c]);
                }
            }
            if (previous != Double.POSITIVE_INFINITY && previous - inertia <= p.tolerance() * previous) {
                break;
            }
            previous = inertia;
        }
        inertia = assign(data, n, d, centroids, k, assignment, dist);
        Arrays.fill(sizes, 0);
        for (int a : assignment) {
            sizes[a]++;
        }
        // A final assignment can in principle empty a cluster again; move the farthest row into it.
        inertia -= reseedEmpty(data, d, k, assignment, dist, sizes, null, centroids);
        return new Result(k, d, centroids, assignment, sizes, inertia, iteration);
    }

    /**
     * Greedy k-means++ on a seeded sample: each next centre is the best, by the potential it
     * leaves, of {@code 2 + ln k} rows drawn with probability ∝ D².
     */
    private static float[] seed(float[] data, int n, int d, int k, Params p) {
        SplittableRandom rnd = new SplittableRandom(p.seed());
        int m = Math.max(k, Math.min(n, p.seedingSample()));
        int[] sample = new int[m];
        if (m == n) {
            Arrays.setAll(sample, i -> i);
        } else {
            int[] idx = new int[n];
            Arrays.setAll(idx, i -> i);
            for (int i = 0; i < m; i++) {
                int j = i + rnd.nextInt(n - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            System.arraycopy(idx, 0, sample, 0, m);
            Arrays.sort(sample);
        }
        VectorKernels kern = VectorKernels.get();
        float[] centroids = new float[k * d];
        int first = sample[rnd.nextInt(m)];
        System.arraycopy(data, first * d, centroids, 0, d);
        double[] best = new double[m];
        for (int j = 0; j < m; j++) {
            best[j] = kern.l2Squared(data, sample[j] * d, centroids, 0, d);
        }
        int trials = 2 + (int) Math.log(k); // greedy k-means++, as scikit-learn does
        double[] candidateBest = new double[m];
        double[] chosenBest = new double[m];
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double b : best) {
                total += b;
            }
            double bestPotential = Double.POSITIVE_INFINITY;
            int pick = -1;
            for (int t = 0; t < trials; t++) {
                int candidate;
                if (total <= 0) {
                    candidate = sample[rnd.nextInt(m)]; // all sample rows coincide with centres
                } else {
                    double r = rnd.nextDouble() * total;
                    int j = 0;
                    while (j < m - 1 && (r -= best[j]) > 0) {
                        j++;
                    }
                    candidate = sample[j];
                }
                final int cand = candidate;
                IntStream.range(0, m).parallel().forEach(j ->
                        candidateBest[j] = Math.min(best[j], kern.l2Squared(data, sample[j] * d, data, cand * d, d)));
                double potential = 0;
                for (double b : candidateBest) {
                    potential += b;
                }
                if (potential < bestPotential) {
                    bestPotential = potential;
                    pick = candidate;
                    System.arraycopy(candidateBest, 0, chosenBest, 0, m);
                }
            }
            System.arraycopy(data, pick * d, centroids, c * d, d);
            System.arraycopy(chosenBest, 0, best, 0, m);
        }
        return centroids;
    }

    /** Nearest centroid of every row, on all cores; returns the inertia (summed in chunk order). */
    private static double assign(float[] data, int n, int d, float[] centroids, int k, int[] assignment, float[] dist) {
        VectorKernels kern = VectorKernels.get();
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[] partial = new double[chunks];
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            double s = 0;
            for (int i = ch * CHUNK, end = Math.min(n, i + CHUNK); i < end; i++) {
                int bestC = 0;
                float bestD = Float.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    float dc = kern.l2Squared(data, i * d, centroids, c * d, d);
                    if (dc < bestD) {
                        bestD = dc;
                        bestC = c;
                    }
                }
                assignment[i] = bestC;
                dist[i] = bestD;
                s += bestD;
            }
            partial[ch] = s;
        });
        double inertia = 0;
        for (double s : partial) {
            inertia += s;
        }
        return inertia;
    }

    /** Per-cluster coordinate sums in double, merged in chunk order; fills {@code sizes}. */
    private static double[] sums(float[] data, int n, int d, int k, int[] assignment, int[] sizes) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[][] partial = new double[chunks][];
        int[][] counts = new int[chunks][];
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            double[] s = new double[k * d];
            int[] cnt = new int[k];
            for (int i = ch * CHUNK, end = Math.min(n, i + CHUNK); i < end; i++) {
                int c = assignment[i];
                cnt[c]++;
                for (int j = 0; j < d; j++) {
                    s[c * d + j] += data[i * d + j];
                }
            }
            partial[ch] = s;
            counts[ch] = cnt;
        });
        double[] sums = new double[k * d];
        for (int ch = 0; ch < chunks; ch++) {
            for (int j = 0; j < sums.length; j++) {
                sums[j] += partial[ch][j];
            }
            for (int c = 0; c < k; c++) {
                sizes[c] += counts[ch][c];
            }
        }
        return sums;
    }

    /**
     * Gives every empty cluster the row farthest from its own centroid (taken out of a cluster of
     * two or more), so no cluster is ever returned empty. Updates {@code sums} when given (during
     * Lloyd iterations), else moves the empty cluster's centroid onto the row. Returns the squared
     * distances the moved rows no longer contribute.
     */
    private static double reseedEmpty(float[] data, int d, int k, int[] assignment, float[] dist, int[] sizes,
                                      double[] sums, float[] centroids) {
        double removed = 0;
        for (int c = 0; c < k; c++) {
            if (sizes[c] > 0) {
                continue;
            }
            int far = -1;
            for (int i = 0; i < assignment.length; i++) {
                if (sizes[assignment[i]] > 1 && (far < 0 || dist[i] > dist[far])) {
                    far = i;
                }
            }
            int from = assignment[far];
            sizes[from]--;
            sizes[c] = 1;
            assignment[far] = c;
            removed += dist[far];
            dist[far] = 0;
            if (sums != null) {
                for (int j = 0; j < d; j++) {
                    sums[from * d + j] -= data[far * d + j];
                    sums[c * d + j] = data[far * d + j];
                }
            } else {
                System.arraycopy(data, far * d, centroids, c * d, d);
            }
        }
        return removed;
    }
}
