package io.drift.maintain;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means for building buckets (DESIGN §5), squared L2.
 *
 * <p><b>Flat</b>, while one Lloyd iteration over the sample costs at most {@link Params#flatWork}
 * multiply-adds: greedy k-means++ seeding, then Lloyd iterations on a seeded sample of at most
 * {@link Params#rowsPerCentroid} rows per centroid (all rows when there are fewer), then, if that
 * was a sample, one Lloyd step over all rows.
 *
 * <p><b>Two-level</b> beyond that (the cost of flat Lloyd grows with k², this with about
 * k<sup>1.5</sup>): {@code k1 = round(√k)} top clusters trained the flat way, every row assigned
 * to its nearest top centroid; then each top cluster split on its own into a share of the k
 * centroids proportional to its rows, all top clusters in parallel, each split stopping after at
 * most {@value #SUB_ITERATIONS} iterations; then one Lloyd step over all rows in which a row of top
 * cluster {@code g} picks the nearest centroid of {@code g} and of the {@value #NEIGHBOURS} − 1 top
 * clusters whose centres are nearest {@code g}'s (it repairs most rows the top split cut off from
 * their best centroid).
 *
 * <p>Both end with an exact assignment over all k centroids: every row goes to its nearest
 * centroid (ties to the lower index, distances compared through {@code ‖c‖² − 2·x·c} in float). A
 * cluster left empty by an assignment gets the row farthest from its own centroid (taken from a
 * cluster of two or more); after the last assignment the emptied cluster's centroid moves onto
 * that row, so no cluster is returned empty.
 *
 * <p>Deterministic for a seed whatever the core count: rows are cut into fixed chunks whose
 * partial sums are merged in chunk order, per-cluster sums add rows in row order, each top
 * cluster's split draws from its own seed, and no sum depends on the order the Vector API
 * reduces lanes in (see {@link DotBlocks}).
 */
public final class KMeans {
    /** Rows per parallel task. */
    private static final int CHUNK = 256;
    /** Floats of rows an assignment keeps in cache while it runs through the centroid blocks. */
    private static final int TILE_FLOATS = 64 * 1024;
    /** Lloyd iterations of each top cluster's split, at most. */
    static final int SUB_ITERATIONS = 10;
    /** Top clusters whose centroids a row of the two-level refinement step chooses among. */
    static final int NEIGHBOURS = 5;

    /**
     * @param seed random seed
     * @param maxIterations Lloyd iterations at most (of a flat clustering, and of the top level)
     * @param tolerance stop when inertia improves by less than this fraction
     * @param seedingSample rows k-means++ seeding looks at, at most
     * @param rowsPerCentroid Lloyd iterations run on a sample of at most this many rows per centroid
     * @param flatWork multiply-adds (sample rows × k × d) one Lloyd iteration of a flat clustering
     *     may cost; beyond that, and for {@code k >= 4}, the clustering is two-level
     */
    public record Params(long seed, int maxIterations, double tolerance, int seedingSample, int rowsPerCentroid,
                         long flatWork) {
        /** Rows per centroid Lloyd iterations look at: 256, as FAISS does. */
        public static final int DEFAULT_ROWS_PER_CENTROID = 256;
        /** 10⁹ multiply-adds: about 12 ms per flat Lloyd iteration on two Zen 4 cores. */
        public static final long DEFAULT_FLAT_WORK = 1_000_000_000L;

        public Params {
            if (maxIterations < 1 || !(tolerance >= 0) || seedingSample < 1 || rowsPerCentroid < 1 || flatWork < 0) {
                throw new IllegalArgumentException("invalid k-means parameters: " + maxIterations + " iterations, tolerance "
                        + tolerance + ", seeding sample " + seedingSample + ", " + rowsPerCentroid
                        + " rows per centroid, flat work " + flatWork);
            }
        }

        /** Default sampling ({@value #DEFAULT_ROWS_PER_CENTROID} rows per centroid) and flat work. */
        public Params(long seed, int maxIterations, double tolerance, int seedingSample) {
            this(seed, maxIterations, tolerance, seedingSample, DEFAULT_ROWS_PER_CENTROID, DEFAULT_FLAT_WORK);
        }

        /** 25 iterations, tolerance 1e-4, seeding on at most 20,000 rows, default sampling and flat work. */
        public static Params defaults(long seed) {
            return new Params(seed, 25, 1e-4, 20_000);
        }

        /**
         * For the clusterings an index repeats as it changes (a flush, a partition merge): 8
         * iterations on a sample of 64 rows per centroid. On Fashion-MNIST it covers a query's 10
         * nearest neighbours within the same rows scanned as {@link #defaults} (within ±0.005 at
         * 500, 1,000 and 2,000 rows, for 3,000, 10,000 and 30,000 rows clustered) in 0.2-0.5 of the
         * time (docs/BENCHMARKS.md, "Engine under writes").
         */
        public static Params incremental(long seed) {
            return new Params(seed, 8, 1e-4, 20_000, 64, DEFAULT_FLAT_WORK);
        }
    }

    /**
     * A clustering: {@code centroids} is {@code k × d} row-major, {@code assignment[i]} the cluster
     * of row {@code i}, {@code sizes[c]} the rows of cluster {@code c} (all positive), inertia the
     * sum of squared distances of rows to their centroids. {@code iterations} counts Lloyd
     * iterations along the longest path: flat, the iterations on the sample plus the step over all
     * rows if it was a sample; two-level, the top level's plus the longest split's plus the refinement step.
     */
    public record Result(int k, int dim, float[] centroids, int[] assignment, int[] sizes, double inertia, int iterations) {}

    /** Centroids trained on some rows, the Lloyd iterations that took, and whether they were a sample. */
    record Trained(float[] centroids, int iterations, boolean sampled) {}

    private KMeans() {}

    /**
     * Clusters rows {@code data[0..n·d)} into {@code k} clusters.
     *
     * @throws IllegalArgumentException when {@code k} is not in {@code 1..n}, or a value is not finite
     */
    public static Result fit(float[] data, int n, int d, int k, Params p) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(p, "params");
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
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        double flatWork = (double) Math.min(n, (long) p.rowsPerCentroid() * k) * k * d;
        float[] centroids;
        int iterations;
        if (k < 4 || flatWork <= p.flatWork()) {
            Trained t = train(data, d, all, k, p.seed(), p.maxIterations(), p);
            centroids = t.centroids();
            iterations = t.iterations();
            if (t.sampled()) {
                int[] everything = new int[k];
                Arrays.setAll(everything, c -> c);
                refine(data, d, n, new int[][] {all}, new int[][] {everything}, centroids, k);
                iterations++;
            }
        } else {
            Trained t = TwoLevel.train(data, d, all, k, p);
            centroids = t.centroids();
            iterations = t.iterations();
        }
        int[] assignment = new int[n];
        float[] dist = new float[n];
        double inertia = assign(data, d, all, null, centroids, k, assignment, dist, true);
        int[] sizes = new int[k];
        count(assignment, sizes);
        inertia -= reseedEmpty(data, d, all, k, assignment, dist, sizes, centroids);
        return new Result(k, d, centroids, assignment, sizes, inertia, iterations);
    }

    /**
     * One Lloyd step over all {@code n} rows: each row of {@code groups[g]} is assigned to the
     * nearest of centroids {@code candidates[g]} (groups in parallel), empty clusters are re-seeded,
     * and every centroid becomes the mean of its rows.
     */
    static void refine(float[] data, int d, int n, int[][] groups, int[][] candidates, float[] centroids, int k) {
        int[] assignment = new int[n];
        float[] dist = new float[n];
        IntStream.range(0, groups.length).parallel().forEach(g -> {
            int[] rows = groups[g];
            if (rows.length == 0) {
                return;
            }
            int[] cand = candidates[g];
            float[] own = new float[cand.length * d];
            for (int c = 0; c < cand.length; c++) {
                System.arraycopy(centroids, cand[c] * d, own, c * d, d);
            }
            int[] local = new int[rows.length];
            float[] localDist = new float[rows.length];
            assign(data, d, rows, null, own, cand.length, local, localDist, false);
            for (int j = 0; j < rows.length; j++) {
                assignment[rows[j]] = cand[local[j]];
                dist[rows[j]] = localDist[j];
            }
        });
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        int[] sizes = new int[k];
        count(assignment, sizes);
        reseedEmpty(data, d, all, k, assignment, dist, sizes, null);
        double[] sums = new double[k * d];
        sums(data, d, all, k, assignment, sizes, sums);
        means(sums, sizes, d, centroids);
    }

    /**
     * Flat k-means over {@code rows}: greedy k-means++ seeding on at most {@code seedingSample} of
     * them, then at most {@code maxIterations} Lloyd iterations on a seeded sample of at most
     * {@code rowsPerCentroid · k}.
     */
    static Trained train(float[] data, int d, int[] rows, int k, long seed, int maxIterations, Params p) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int m = (int) Math.min(rows.length, Math.max(k, (long) p.rowsPerCentroid() * k));
        int[] train = m == rows.length ? rows : sample(rows, m, rnd);
        int s = Math.max(k, Math.min(m, p.seedingSample()));
        float[] centroids = seed(data, d, s == m ? train : sample(train, s, rnd), k, rnd);
        float[] norms = rowNorms(data, d, train);
        int[] assignment = new int[m];
        int[] before = new int[m];
        float[] dist = new float[m];
        int[] sizes = new int[k];
        double[] sums = new double[k * d];
        double previous = Double.POSITIVE_INFINITY;
        int iteration = 0;
        while (iteration < maxIterations) {
            iteration++;
            double inertia = assign(data, d, train, norms, centroids, k, assignment, dist, false);
            count(assignment, sizes);
            reseedEmpty(data, d, train, k, assignment, dist, sizes, null);
            if (iteration == 1) {
                sums(data, d, train, k, assignment, sizes, sums);
            } else {
                moveSums(data, d, train, before, assignment, sums);
            }
            means(sums, sizes, d, centroids);
            System.arraycopy(assignment, 0, before, 0, m);
            if (previous != Double.POSITIVE_INFINITY && previous - inertia <= p.tolerance() * previous) {
                break;
            }
            previous = inertia;
        }
        return new Trained(centroids, iteration, m < rows.length);
    }

    /** {@code m} of {@code rows} drawn without replacement, in ascending order. */
    private static int[] sample(int[] rows, int m, SplittableRandom rnd) {
        int[] idx = rows.clone();
        for (int i = 0; i < m; i++) {
            int j = i + rnd.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] sample = Arrays.copyOf(idx, m);
        Arrays.sort(sample);
        return sample;
    }

    /**
     * Greedy k-means++ over {@code rows}: each next centre is the best, by the potential it leaves,
     * of {@code 2 + ln k} candidates (rounded up to a multiple of four, the blocks take them in
     * fours) drawn with probability ∝ D², as scikit-learn does.
     */
    private static float[] seed(float[] data, int d, int[] rows, int k, SplittableRandom rnd) {
        DotBlocks blocks = DotBlocks.get();
        int w = blocks.width();
        int m = rows.length;
        int blockCount = (m + w - 1) / w;
        int padded = blockCount * w;
        float[] rowsT = transposed(data, d, rows, m, w);
        float[] norms = Arrays.copyOf(rowNorms(data, d, rows), padded);
        int trials = (2 + (int) Math.log(k) + 3) & ~3;
        float[] best = new float[padded]; // padding rows stay at 0: never drawn, add nothing
        Arrays.fill(best, 0, m, Float.POSITIVE_INFINITY);
        float[][] after = new float[trials][padded];
        int[] candidates = new int[trials];
        float[] cand = new float[trials * d];
        float[] candNorms = new float[trials];
        float[] centroids = new float[k * d];
        int blocksPerTask = Math.max(1, CHUNK / w);
        int tasks = (blockCount + blocksPerTask - 1) / blocksPerTask;
        double[][] partial = new double[tasks][trials];
        for (int c = 0; c < k; c++) {
            int tried;
            if (c == 0) {
                Arrays.fill(candidates, rows[rnd.nextInt(m)]);
                tried = 4;
            } else {
                tried = trials;
                drawCandidates(rows, best, candidates, rnd);
            }
            for (int t = 0; t < tried; t++) {
                System.arraycopy(data, candidates[t] * d, cand, t * d, d);
                candNorms[t] = blocks.squaredNorm(cand, t * d, d);
            }
            final int quads = tried / 4;
            IntStream.range(0, tasks).parallel().forEach(task -> {
                float[] acc = new float[4 * w];
                for (int q = 0; q < quads; q++) {
                    Arrays.fill(acc, 0f);
                    float[] quadNorms = Arrays.copyOfRange(candNorms, 4 * q, 4 * q + 4);
                    for (int b = task * blocksPerTask, end = Math.min(blockCount, b + blocksPerTask); b < end; b++) {
                        blocks.seed4(cand, 4 * q * d, quadNorms, rowsT, b * w * d, d, norms, best, b * w, after, 4 * q, acc);
                    }
                    for (int r = 0; r < 4; r++) {
                        double sum = 0;
                        for (int j = 0; j < w; j++) {
                            sum += acc[r * w + j];
                        }
                        partial[task][4 * q + r] = sum;
                    }
                }
            });
            int pick = leastPotential(partial, tried);
            System.arraycopy(data, candidates[pick] * d, centroids, c * d, d);
            System.arraycopy(after[pick], 0, best, 0, padded);
        }
        return centroids;
    }

    /**
     * Fills {@code candidates} with rows drawn with probability proportional to {@code best}, their
     * squared distance to the nearest centre so far (D² sampling); uniformly when every row sits
     * on a centre.
     */
    private static void drawCandidates(int[] rows, float[] best, int[] candidates, SplittableRandom rnd) {
        int m = rows.length;
        double total = 0;
        for (int j = 0; j < m; j++) {
            total += best[j];
        }
        for (int t = 0; t < candidates.length; t++) {
            if (total <= 0) {
                candidates[t] = rows[rnd.nextInt(m)]; // all rows coincide with centres
            } else {
                double r = rnd.nextDouble() * total;
                int j = 0;
                while (j < m - 1 && (r -= best[j]) > 0) {
                    j++;
                }
                candidates[t] = rows[j];
            }
        }
    }

    /** The candidate (of the first {@code tried}) whose potential, summed over the tasks' parts, is least. */
    private static int leastPotential(double[][] partial, int tried) {
        int pick = 0;
        double bestPotential = Double.POSITIVE_INFINITY;
        for (int t = 0; t < tried; t++) {
            double potential = 0;
            for (double[] sums : partial) {
                potential += sums[t];
            }
            if (potential < bestPotential) {
                bestPotential = potential;
                pick = t;
            }
        }
        return pick;
    }

    /** Squared norms of rows. */
    private static float[] rowNorms(float[] data, int d, int[] rows) {
        DotBlocks blocks = DotBlocks.get();
        float[] norms = new float[rows.length];
        int chunks = (rows.length + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            for (int j = ch * CHUNK, end = Math.min(rows.length, j + CHUNK); j < end; j++) {
                norms[j] = blocks.squaredNorm(data, rows[j] * d, d);
            }
        });
        return norms;
    }

    /**
     * Rows (or, with {@code rows} null, the first {@code count} vectors of {@code src}) in transposed
     * blocks of {@code w}: dimension {@code i} of vector {@code b·w + j} at {@code b·w·d + i·w + j};
     * the last block is padded with zeros.
     */
    private static float[] transposed(float[] src, int d, int[] rows, int count, int w) {
        int blockCount = (count + w - 1) / w;
        float[] t = new float[blockCount * w * d];
        IntStream.range(0, blockCount).parallel().forEach(b -> {
            for (int j = 0; j < w && b * w + j < count; j++) {
                int v = b * w + j;
                int o = (rows == null ? v : rows[v]) * d;
                for (int i = 0; i < d; i++) {
                    t[b * w * d + i * w + j] = src[o + i];
                }
            }
        });
        return t;
    }

    /**
     * Nearest centroid of every row (ties to the lower index), on all cores, comparing
     * {@code ‖c‖² − 2·x·c} through blocked dot products. {@code dist} gets the exact squared
     * distance to the chosen centroid when {@code exact}, else {@code ‖x‖² + ‖c‖² − 2·x·c} (with
     * {@code ‖x‖²} from {@code rowNorms} when given). Returns the inertia, summed in chunk order.
     */
    static double assign(float[] data, int d, int[] rows, float[] rowNorms, float[] centroids, int k,
                                 int[] assignment, float[] dist, boolean exact) {
        DotBlocks blocks = DotBlocks.get();
        int w = blocks.width();
        if (k < w) {
            return assignFew(data, d, rows, centroids, k, assignment, dist, blocks);
        }
        int blockCount = (k + w - 1) / w;
        float[] ct = transposed(centroids, d, null, k, w);
        float[] norms = new float[blockCount * w];
        Arrays.fill(norms, k, norms.length, Float.POSITIVE_INFINITY); // padding is never nearest
        for (int c = 0; c < k; c++) {
            norms[c] = blocks.squaredNorm(centroids, c * d, d);
        }
        int tile = Math.max(4, Math.min(CHUNK, TILE_FLOATS / d & ~3));
        int m = rows.length;
        int chunks = (m + CHUNK - 1) / CHUNK;
        double[] partial = new double[chunks];
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            int from = ch * CHUNK, end = Math.min(m, from + CHUNK);
            // three spare slots: a last group of fewer than four rows repeats its last row
            float[] best = new float[(end - from + 3) * w];
            int[] index = new int[best.length];
            Arrays.fill(best, Float.POSITIVE_INFINITY);
            for (int t = from; t < end; t += tile) {
                int last = Math.min(end, t + tile) - 1;
                for (int b = 0; b < blockCount; b++) {
                    for (int j = t; j <= last; j += 4) {
                        blocks.nearest4(data, rows[j] * d, rows[Math.min(j + 1, last)] * d,
                                rows[Math.min(j + 2, last)] * d, rows[Math.min(j + 3, last)] * d,
                                ct, b * w * d, d, norms, b * w, best, index, j - from);
                    }
                }
            }
            double sum = 0;
            for (int j = from; j < end; j++) {
                int at = (j - from) * w;
                int c = index[at];
                float s = best[at];
                for (int q = 1; q < w; q++) {
                    float v = best[at + q];
                    if (v < s || v == s && index[at + q] < c) {
                        s = v;
                        c = index[at + q];
                    }
                }
                int o = rows[j] * d;
                float dj;
                if (exact) {
                    dj = blocks.squaredDistance(data, o, centroids, c * d, d);
                } else {
                    dj = Math.max(0f, (rowNorms != null ? rowNorms[j] : blocks.squaredNorm(data, o, d)) + s);
                }
                assignment[j] = c;
                dist[j] = dj;
                sum += dj;
            }
            partial[ch] = sum;
        });
        return sum(partial);
    }

    /**
     * {@link #assign} for fewer centroids than a block is wide (a flush's few buckets): a block
     * would be mostly padding, so each row is compared with each centroid directly, exactly.
     */
    private static double assignFew(float[] data, int d, int[] rows, float[] centroids, int k, int[] assignment,
                                    float[] dist, DotBlocks blocks) {
        int m = rows.length;
        int chunks = (m + CHUNK - 1) / CHUNK;
        double[] partial = new double[chunks];
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            double sum = 0;
            for (int j = ch * CHUNK, end = Math.min(m, j + CHUNK); j < end; j++) {
                int o = rows[j] * d;
                int c = 0;
                float s = blocks.squaredDistance(data, o, centroids, 0, d);
                for (int q = 1; q < k; q++) {
                    float v = blocks.squaredDistance(data, o, centroids, q * d, d);
                    if (v < s) {
                        s = v;
                        c = q;
                    }
                }
                assignment[j] = c;
                dist[j] = s;
                sum += s;
            }
            partial[ch] = sum;
        });
        return sum(partial);
    }

    /** The chunks' partial sums added in chunk order, so a result does not depend on threads. */
    private static double sum(double[] partial) {
        double total = 0;
        for (double v : partial) {
            total += v;
        }
        return total;
    }

    static void count(int[] assignment, int[] sizes) {
        Arrays.fill(sizes, 0);
        for (int a : assignment) {
            sizes[a]++;
        }
    }

    /** Per-cluster coordinate sums in double, each cluster's rows added in row order. */
    private static void sums(float[] data, int d, int[] rows, int k, int[] assignment, int[] sizes, double[] sums) {
        int[] start = new int[k + 1];
        for (int c = 0; c < k; c++) {
            start[c + 1] = start[c] + sizes[c];
        }
        int[] fill = Arrays.copyOf(start, k);
        int[] order = new int[rows.length];
        for (int j = 0; j < rows.length; j++) {
            order[fill[assignment[j]]++] = rows[j];
        }
        IntStream.range(0, k).parallel().forEach(c -> {
            Arrays.fill(sums, c * d, c * d + d, 0);
            for (int j = start[c]; j < start[c + 1]; j++) {
                int o = order[j] * d;
                for (int i = 0; i < d; i++) {
                    sums[c * d + i] += data[o + i];
                }
            }
        });
    }

    /**
     * Moves the rows whose cluster changed from their old cluster's sums to their new one's, in row
     * order: later Lloyd iterations move few rows, so this beats adding up every row again.
     */
    private static void moveSums(float[] data, int d, int[] rows, int[] before, int[] after, double[] sums) {
        for (int j = 0; j < rows.length; j++) {
            int from = before[j], to = after[j];
            if (from != to) {
                int o = rows[j] * d;
                for (int i = 0; i < d; i++) {
                    sums[from * d + i] -= data[o + i];
                    sums[to * d + i] += data[o + i];
                }
            }
        }
    }

    private static void means(double[] sums, int[] sizes, int d, float[] centroids) {
        for (int c = 0; c < sizes.length; c++) {
            for (int i = 0; i < d; i++) {
                centroids[c * d + i] = (float) (sums[c * d + i] / sizes[c]);
            }
        }
    }

    /**
     * Gives every empty cluster, in order, the row farthest from its own centroid (ties to the lower
     * position) among clusters of two or more, so no cluster is left empty: a scan per empty cluster
     * when there are few, one sort when there are many (the same rows either way). Moves the empty
     * cluster's centroid onto the row when {@code centroids} is given. Returns the squared
     * distances the moved rows no longer contribute.
     */
    private static double reseedEmpty(float[] data, int d, int[] rows, int k, int[] assignment, float[] dist,
                                      int[] sizes, float[] centroids) {
        int empty = 0;
        for (int c = 0; c < k; c++) {
            if (sizes[c] == 0) {
                empty++;
            }
        }
        if (empty == 0) {
            return 0;
        }
        // farthest first; a cluster only shrinks here, so a row passed over never qualifies later
        Integer[] order = null;
        if (empty > 8) {
            order = new Integer[assignment.length];
            Arrays.setAll(order, j -> j);
            Arrays.sort(order, (a, b) -> dist[a] != dist[b] ? Float.compare(dist[b], dist[a]) : Integer.compare(a, b));
        }
        double removed = 0;
        int next = 0;
        for (int c = 0; c < k; c++) {
            if (sizes[c] > 0) {
                continue;
            }
            int far = -1;
            if (order == null) {
                for (int j = 0; j < assignment.length; j++) {
                    if (sizes[assignment[j]] > 1 && (far < 0 || dist[j] > dist[far])) {
                        far = j;
                    }
                }
            } else {
                while (sizes[assignment[order[next]]] < 2) {
                    next++;
                }
                far = order[next++];
            }
            sizes[assignment[far]]--;
            sizes[c] = 1;
            assignment[far] = c;
            removed += dist[far];
            dist[far] = 0;
            if (centroids != null) {
                System.arraycopy(data, rows[far] * d, centroids, c * d, d);
            }
        }
        return removed;
    }
}
