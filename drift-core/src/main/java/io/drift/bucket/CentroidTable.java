package io.drift.bucket;

import io.drift.graph.FloatVectors;
import io.drift.graph.GraphVectors;
import io.drift.graph.HnswBuilder;
import io.drift.graph.HnswGraph;
import io.drift.graph.HnswSearcher;
import io.drift.vector.Distance;
import io.drift.vector.VectorKernels;
import java.util.Arrays;

/**
 * The centroids of a set of buckets in one flat row-major array, with what the search needs
 * besides (squared norms, the median RMS radius), ranked against a query.
 *
 * <p>The centroid distance {@code D_b} is the Euclidean distance {@code ‖q - C_b‖} for L2 and
 * COSINE (whose rows and queries are unit vectors) and the negated inner product {@code -q·C_b}
 * for DOT. Up to a threshold number of buckets ranking is a flat SIMD scan of the float
 * centroids; from there on an HNSW graph over the centroids returns the nearest
 * {@link #GRAPH_EF}. Immutable.
 */
public final class CentroidTable {

    /** Centroid count from which ranking uses the graph (docs/BENCHMARKS.md, "centroid ranking"). */
    public static final int DEFAULT_GRAPH_THRESHOLD = 2048;
    /** Centroids the graph search returns; the rest weigh 0. */
    public static final int GRAPH_EF = 96;
    static final int GRAPH_M = 16;
    static final int GRAPH_EF_CONSTRUCTION = 100;

    private final Distance metric;
    private final int dim;
    private final int size;
    private final float[] centroids;
    /** Centroids up to which {@link #between} keeps every pair it computed. */
    static final int PAIR_CACHE_LIMIT = 2048;
    /** {@link #between} of pairs {@code a < b} at {@code b(b−1)/2 + a}; negative: not computed yet. */
    private final float[] pairs;
    private final float[] squaredNorms;
    private final float medianRmsRadius;
    private final Distance rankMetric;
    private final HnswGraph graph;
    private final FloatVectors graphVectors;

    /**
     * @param centroids      {@code size × dim} floats, row-major (kept, not copied)
     * @param rmsRadius      per bucket, the RMS distance of its rows to the centroid
     * @param graphThreshold from this many centroids on, ranking goes through an HNSW graph over
     *                       the centroids instead of the flat scan
     */
    public CentroidTable(Distance metric, int dim, float[] centroids, float[] rmsRadius, int graphThreshold) {
        this.metric = metric;
        this.dim = dim;
        this.size = rmsRadius.length;
        if (centroids.length != size * dim) {
            throw new IllegalArgumentException("centroid table: " + centroids.length + " floats and " + size
                    + " RMS radii for dimension " + dim);
        }
        this.centroids = centroids;
        if (size <= PAIR_CACHE_LIMIT && size > 1) {
            pairs = new float[size * (size - 1) / 2];
            Arrays.fill(pairs, -1f);
        } else {
            pairs = null;
        }
        this.squaredNorms = new float[size];
        VectorKernels k = VectorKernels.get();
        for (int b = 0; b < size; b++) {
            squaredNorms[b] = k.dot(centroids, b * dim, centroids, b * dim, dim);
        }
        float[] sorted = rmsRadius.clone();
        Arrays.sort(sorted);
        float median = size == 0 ? 0f : sorted[(size - 1) / 2];
        // a collection of single-row buckets has radius 0 everywhere; any positive scale will do
        this.medianRmsRadius = median > 0 ? median : 1f;

        // L2 geometry for L2 and COSINE, inner products for DOT
        this.rankMetric = metric == Distance.DOT ? Distance.DOT : Distance.L2;
        boolean ip = rankMetric == Distance.DOT;
        this.graphVectors = new FloatVectors(centroids, dim, ip);
        this.graph = size >= graphThreshold ? buildGraph(graphVectors, size, ip) : null;
    }

    /** The graph over the centroids, inserted in order on this thread (deterministic for the data). */
    private static HnswGraph buildGraph(FloatVectors vectors, int size, boolean innerProduct) {
        HnswGraph g = new HnswGraph(GRAPH_M, 1);
        HnswBuilder builder = new HnswBuilder(g, vectors, GRAPH_EF_CONSTRUCTION, !innerProduct, !innerProduct);
        for (int b = 0; b < size; b++) {
            builder.insert(b);
        }
        return g;
    }

    /** Per-thread ranking state. */
    public Ranker ranker() {
        return new Ranker();
    }

    /** Per-thread scratch for {@link #distances}. */
    public final class Ranker {
        final HnswSearcher searcher = graph == null ? null : new HnswSearcher(graph);
        final GraphVectors.Scorer scorer = graphVectors.scorer();
        final int[] nodes = new int[GRAPH_EF];
        final float[] nodeDist = new float[GRAPH_EF];
    }

    public int size() {
        return size;
    }

    public int dim() {
        return dim;
    }

    /**
     * Writes {@code D_b} for every bucket into {@code out[0..size)}. For COSINE the query must be a
     * unit vector. Flat ranking gives every bucket its distance; graph ranking gives the
     * {@link #GRAPH_EF} nearest centroids theirs and every other bucket {@code +∞}, which the
     * selection weighs as 0.
     */
    public void distances(float[] query, float[] out, Ranker r) {
        if (size == 0) {
            return;
        }
        if (graph != null) {
            Arrays.fill(out, 0, size, Float.POSITIVE_INFINITY);
            r.scorer.query(query, 0);
            int found = r.searcher.search(r.scorer, GRAPH_EF, r.nodes, r.nodeDist);
            for (int i = 0; i < found; i++) {
                float d = r.nodeDist[i];
                out[r.nodes[i]] = rankMetric == Distance.L2 ? (float) Math.sqrt(Math.max(0f, d)) : d;
            }
            return;
        }
        VectorKernels k = VectorKernels.get();
        if (rankMetric == Distance.DOT) {
            k.dotRows(query, centroids, 0, dim, size, out, 0);
            for (int b = 0; b < size; b++) {
                out[b] = -out[b];
            }
        } else {
            k.l2SquaredRows(query, centroids, 0, dim, size, out, 0);
            for (int b = 0; b < size; b++) {
                out[b] = (float) Math.sqrt(out[b]);
            }
        }
    }

    /** {@code D_b} of bucket {@code b}. */
    public float distance(float[] query, int b) {
        VectorKernels k = VectorKernels.get();
        return rankMetric == Distance.DOT
                ? -k.dot(query, 0, centroids, b * dim, dim)
                : (float) Math.sqrt(k.l2Squared(query, 0, centroids, b * dim, dim));
    }

    /**
     * The Euclidean distance between the centroids of buckets {@code a} and {@code b}. Up to
     * {@value #PAIR_CACHE_LIMIT} centroids, each pair is computed once and kept (a lazily filled
     * triangle; threads that race compute the same value); beyond, each call computes it (graph
     * ranking then leaves only the nearest centroids' distances finite, so few pairs are asked for).
     */
    public float between(int a, int b) {
        if (pairs == null) {
            return (float) Math.sqrt(VectorKernels.get().l2Squared(centroids, a * dim, centroids, b * dim, dim));
        }
        int hi = Math.max(a, b);
        int at = (int) ((long) hi * (hi - 1) / 2) + Math.min(a, b);
        float d = pairs[at];
        if (d < 0) {
            d = (float) Math.sqrt(VectorKernels.get().l2Squared(centroids, a * dim, centroids, b * dim, dim));
            pairs[at] = d;
        }
        return d;
    }

    /**
     * The scale {@code s} of the selection model: the median RMS radius, times {@code ‖q‖} for DOT
     * (the spread of {@code q·x} inside a bucket is {@code ‖q‖} times its radius).
     */
    public double scale(double queryNorm) {
        return metric == Distance.DOT ? medianRmsRadius * Math.max(queryNorm, Float.MIN_NORMAL) : medianRmsRadius;
    }

    /**
     * A lower bound on the distance from the query to any point within {@code radius} of centroid
     * {@code b}, given {@code D_b} and the query norm: {@code (D_b - radius)²} for L2;
     * {@code 1 - q·C_b - radius} for COSINE; {@code -q·C_b - ‖q‖·radius} for DOT (Cauchy–Schwarz).
     */
    public float lowerBound(int b, float distance, float radius, float queryNorm) {
        return switch (metric) {
            case L2 -> {
                float gap = distance - radius;
                yield gap > 0 ? gap * gap : 0f;
            }
            case COSINE -> {
                float dot = (1f + squaredNorms[b] - distance * distance) * 0.5f;
                yield 1f - dot - radius;
            }
            case DOT -> distance - queryNorm * radius;
        };
    }
}
