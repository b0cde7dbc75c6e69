package io.drift.dataset;

import io.drift.Metric;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * A seeded Gaussian mixture whose cluster centres move over phases (DESIGN §10): data whose
 * distribution drifts while it is ingested.
 *
 * <p>The {@code clusters} centres start with independent standard normal coordinates. Each
 * following phase adds to every coordinate of every centre an independent
 * {@code N(0, driftPerPhase²)} step, so a centre moves by about {@code driftPerPhase·√dim} per
 * phase. A row belongs to a phase, picks a cluster uniformly at random and adds
 * {@code N(0, spread²)} noise to each coordinate of that cluster's centre in its phase.
 *
 * <p>Base rows are emitted in drift order: the rows of phase 0 first, then phase 1, and so on;
 * row {@code i} of {@code n} is in phase {@code ⌊i·phases/n⌋}. Queries come from the same mixture
 * and are spread evenly over all phases. Values are non-integer floats (they are not rounded),
 * which exercises floating-point codecs.
 *
 * <p>Generation is deterministic for a {@link Params} value: every row draws from its own random
 * stream derived from the seed and its index, so rows are generated in parallel without changing
 * the result.
 */
public final class SyntheticDrift {
    static final int DEFAULT_PHASES = 10;
    static final float DEFAULT_SPREAD = 0.5f;
    static final float DEFAULT_DRIFT_PER_PHASE = 0.25f;

    private static final long CENTRE_STREAM = 0x43454e5452455321L;
    private static final long BASE_STREAM = 0x4241534520524f57L;
    private static final long QUERY_STREAM = 0x5155455259524f57L;
    private static final int ROWS_PER_TASK = 1024;

    private SyntheticDrift() {}

    /**
     * The parameters of a synthetic dataset.
     *
     * @param n base rows, {@code >= 0}
     * @param dim vector dimension, {@code >= 1}
     * @param queries query rows, {@code >= 0}
     * @param clusters mixture components, {@code >= 1}
     * @param phases drift phases, {@code >= 1}
     * @param spread standard deviation of a row around its centre, per coordinate; positive
     * @param driftPerPhase standard deviation of a centre's step per phase, per coordinate; {@code >= 0}
     * @param seed the random seed
     */
    public record Params(
            int n, int dim, int queries, int clusters, int phases, float spread, float driftPerPhase, long seed) {
        public Params {
            requireAtLeast("n", n, 0);
            requireAtLeast("dim", dim, 1);
            requireAtLeast("queries", queries, 0);
            requireAtLeast("clusters", clusters, 1);
            requireAtLeast("phases", phases, 1);
            if (!(spread > 0) || !Float.isFinite(spread)) {
                throw new IllegalArgumentException("spread must be positive and finite, got " + spread);
            }
            if (!(driftPerPhase >= 0) || !Float.isFinite(driftPerPhase)) {
                throw new IllegalArgumentException("driftPerPhase must be non-negative and finite, got " + driftPerPhase);
            }
            if ((long) n * dim > Xvecs.MAX_ARRAY || (long) queries * dim > Xvecs.MAX_ARRAY) {
                throw new IllegalArgumentException("too large: " + Math.max(n, queries) + " rows x " + dim
                        + " dimensions exceed the " + Xvecs.MAX_ARRAY + " floats one array can hold");
            }
            if ((long) clusters * dim > Xvecs.MAX_ARRAY) {
                throw new IllegalArgumentException("too large: " + clusters + " centres x " + dim + " dimensions");
            }
        }

        private static void requireAtLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
            }
        }

        /**
         * Parameters with defaults for the rest: {@code max(8, min(256, n/1000))} clusters, 10
         * phases, spread 0.5 and drift 0.25 per phase (relative to centre coordinates of standard
         * deviation 1).
         */
        public static Params of(int n, int dim, int queries, long seed) {
            int clusters = Math.max(8, Math.min(256, n / 1000));
            return new Params(n, dim, queries, clusters, DEFAULT_PHASES, DEFAULT_SPREAD, DEFAULT_DRIFT_PER_PHASE, seed);
        }

        /**
         * A name identifying these parameters, for example
         * {@code synthetic-n200000-d128-q1000-c200-p10-s42}; a non-default spread or drift is
         * appended as {@code -spread0.3-drift0.1}.
         */
        public String name() {
            StringBuilder sb = new StringBuilder("synthetic")
                    .append("-n").append(n).append("-d").append(dim).append("-q").append(queries)
                    .append("-c").append(clusters).append("-p").append(phases).append("-s").append(seed);
            if (spread != DEFAULT_SPREAD || driftPerPhase != DEFAULT_DRIFT_PER_PHASE) {
                sb.append("-spread").append(spread).append("-drift").append(driftPerPhase);
            }
            return sb.toString();
        }
    }

    /** Generates the dataset: named {@link Params#name()}, {@link Metric#L2}. */
    public static Dataset generate(Params p) {
        float[][] centres = centres(p);
        float[] base = new float[p.n() * p.dim()];
        fill(base, p.n(), p, centres, BASE_STREAM, row -> phaseOf(row, p.n(), p.phases()));
        float[] queries = new float[p.queries() * p.dim()];
        fill(queries, p.queries(), p, centres, QUERY_STREAM, row -> phaseOf(row, p.queries(), p.phases()));
        return new Dataset(p.name(), Metric.L2, new Vectors(p.dim(), base), new Vectors(p.dim(), queries));
    }

    /** The phase of each base row: non-decreasing, from 0 to at most {@code phases - 1}. */
    public static int[] phases(Params p) {
        int[] out = new int[p.n()];
        for (int i = 0; i < out.length; i++) {
            out[i] = phaseOf(i, p.n(), p.phases());
        }
        return out;
    }

    private static int phaseOf(int row, int rows, int phases) {
        return (int) ((long) row * phases / rows);
    }

    /** The centres of every phase: {@code centres[phase]} is {@code clusters x dim}, row-major. */
    private static float[][] centres(Params p) {
        SplittableRandom random = new SplittableRandom(streamSeed(p.seed(), CENTRE_STREAM, 0));
        int size = p.clusters() * p.dim();
        float[][] centres = new float[p.phases()][size];
        for (int i = 0; i < size; i++) {
            centres[0][i] = (float) random.nextGaussian();
        }
        for (int phase = 1; phase < p.phases(); phase++) {
            float[] previous = centres[phase - 1];
            float[] current = centres[phase];
            for (int i = 0; i < size; i++) {
                current[i] = previous[i] + (float) (p.driftPerPhase() * random.nextGaussian());
            }
        }
        return centres;
    }

    private static void fill(
            float[] out, int rows, Params p, float[][] centres, long stream, IntUnaryOperator phase) {
        int dim = p.dim();
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        IntStream.range(0, tasks).parallel().forEach(task -> {
            int end = Math.min(rows, (task + 1) * ROWS_PER_TASK);
            for (int row = task * ROWS_PER_TASK; row < end; row++) {
                SplittableRandom random = new SplittableRandom(streamSeed(p.seed(), stream, row));
                float[] centre = centres[phase.applyAsInt(row)];
                int c = random.nextInt(p.clusters()) * dim;
                int off = row * dim;
                for (int j = 0; j < dim; j++) {
                    out[off + j] = centre[c + j] + (float) (p.spread() * random.nextGaussian());
                }
            }
        });
    }

    /** A well-mixed seed for the random stream of {@code index} within {@code stream}. */
    static long streamSeed(long seed, long stream, long index) {
        return mix(mix(seed ^ mix(stream)) + index);
    }

    /** The SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
