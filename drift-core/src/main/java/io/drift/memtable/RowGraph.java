package io.drift.memtable;

import io.drift.graph.Beam;
import io.drift.graph.GraphVectors;
import io.drift.graph.HnswBuilder;
import io.drift.graph.HnswGraph;
import io.drift.graph.HnswSearcher;
import io.drift.vector.Distance;
import io.drift.vector.VectorKernels;
import java.util.Objects;

/**
 * The memtable's graph (DESIGN §5): the one {@link HnswGraph} (with its {@link HnswBuilder} and
 * {@link HnswSearcher}) over the rows of a {@link VectorStore}, node = row, built by several
 * inserting threads at once and searched without locks while it grows.
 *
 * <p>Walks, while searching and while inserting, score an 8-bit copy of each row
 * ({@link RowCodes}, coded as the row is inserted): a quarter of the bytes to fetch per visited
 * node, which is what a walk over a memtable larger than the cache waits for. A search re-scores
 * the nodes it ends with from their floats. The linker's other distances, between two stored rows
 * (the diversity heuristic's tests, re-pruning a neighbour's list), take one of the rows decoded
 * from its codes as the query: the floats of a row are read once, when it is inserted. Under L2 the
 * walks score squared L2; under DOT and COSINE (whose rows are unit vectors) the negated inner
 * product. Nodes reference only rows that were below {@link VectorStore#size()} when they were
 * inserted, so every vector a search reaches is readable.
 */
public final class RowGraph implements GraphVectors {

    private final VectorStore vectors;
    private final RowCodes codes;
    private final int dim;
    private final boolean innerProduct;
    private final HnswGraph graph;
    private final HnswBuilder builder;

    /**
     * A graph over the rows of {@code vectors} (nothing is inserted yet).
     *
     * @param metric         {@link Distance#L2} uses squared L2; {@link Distance#DOT} and
     *                       {@link Distance#COSINE} both use the negated inner product
     * @param m              links per node on the upper layers ({@code 2m} on layer 0)
     * @param efConstruction beam width while inserting
     * @param seed           seeds the layer draw
     */
    public RowGraph(VectorStore vectors, Distance metric, int m, int efConstruction, long seed) {
        this.vectors = Objects.requireNonNull(vectors, "vectors");
        Objects.requireNonNull(metric, "metric");
        this.dim = vectors.dim();
        this.codes = new RowCodes(dim);
        this.innerProduct = metric != Distance.L2;
        this.graph = new HnswGraph(m, seed);
        this.builder = new HnswBuilder(graph, this, efConstruction, !innerProduct, metric != Distance.DOT);
    }

    /**
     * Links row {@code node} into the graph. Thread-safe: any number of threads may insert at once,
     * concurrently with searches; each row may be inserted at most once.
     *
     * @throws IllegalArgumentException when {@code node} is not a row of the store
     * @throws IllegalStateException    when {@code node} was inserted before
     */
    public void insert(int node) {
        if (node < 0 || node >= vectors.size()) {
            throw new IllegalArgumentException("node " + node + " is not a row of the store (size " + vectors.size() + ")");
        }
        builder.insert(node);
    }

    /** Rows linked so far (completed inserts). */
    public int size() {
        return graph.size();
    }

    @Override
    public void prepare(int node) {
        codes.encode(node, vectors.page(node), vectors.offset(node));
    }

    @Override
    public GraphVectors.Scorer scorer() {
        return new CodeScorer();
    }

    /** A new per-thread search state: reusable, grows as the graph grows. */
    public Searcher searcher() {
        return new Searcher();
    }

    /** The graph's distance from {@code q[qOff..]} to row {@code node}'s floats: squared L2 or {@code -q·x}. */
    private float distance(float[] q, int qOff, int node) {
        VectorKernels k = VectorKernels.get();
        float[] p = vectors.page(node);
        int off = vectors.offset(node);
        return innerProduct ? -k.dot(q, qOff, p, off, dim) : k.l2Squared(q, qOff, p, off, dim);
    }

    /** Distances from one query to the rows' codes. */
    private final class CodeScorer implements GraphVectors.Scorer {
        private final RowCodes.Query q = codes.new Query();

        @Override
        public void query(float[] v, int off) {
            q.set(v, off);
        }

        @Override
        public void queryNode(int node) {
            q.set(vectors.page(node), vectors.offset(node));
        }

        @Override
        public void queryStored(int node) {
            q.decode(node);
        }

        @Override
        public float score(int node) {
            return innerProduct ? -q.dot(node) : q.l2Squared(node);
        }

        @Override
        public float l2Squared(int node) {
            return q.l2Squared(node);
        }

        @Override
        public int touch(int node) {
            return codes.touch(node);
        }
    }

    /** Per-thread search state: the walk and its scorer. Reusable; not thread-safe. */
    public final class Searcher {
        private final HnswSearcher walk = new HnswSearcher(graph);
        private final GraphVectors.Scorer scorer = scorer();

        /**
         * The (approximately) {@code ef} nearest inserted rows to {@code query}, nearest first, into
         * {@code nodes} and {@code dist} (at least {@code ef} long); returns how many. The walk
         * scores the rows' codes; the rows it ends with are scored again from their floats, so
         * {@code dist} holds the exact graph distance (squared L2, or the negated inner product).
         */
        public int search(float[] query, int ef, int[] nodes, float[] dist) {
            return search(query, ef, ef, nodes, dist);
        }

        /**
         * Like {@link #search(float[], int, int[], float[])}, but only the {@code rescore} rows
         * nearest by the codes are scored again from their floats and returned (at most
         * {@code min(ef, rescore)}): the beam's tail rarely holds one of the nearest few, and each
         * re-scored row costs a fetch of its floats.
         */
        public int search(float[] query, int ef, int rescore, int[] nodes, float[] dist) {
            if (query.length != dim) {
                throw new IllegalArgumentException("query has " + query.length + " dimensions, the graph " + dim);
            }
            if (rescore < 1) {
                throw new IllegalArgumentException("rescore must be >= 1, got " + rescore);
            }
            scorer.query(query, 0);
            int n = Math.min(rescore, walk.search(scorer, ef, nodes, dist));
            for (int i = 0; i < n; i++) { // the walk ranked by the codes; the answer by the floats
                dist[i] = distance(query, 0, nodes[i]);
            }
            Beam.sortByDistance(nodes, dist, n);
            return n;
        }
    }

    // ------------------------------------------------------------ for tests

    int levelOf(int node) {
        return graph.levelOf(node);
    }

    int[] neighbours(int node, int level) {
        return graph.neighbours(node, level);
    }

    int inDegree(int node) {
        return graph.inDegree(node);
    }

    int pageSlots() {
        return graph.pageSlots();
    }
}
