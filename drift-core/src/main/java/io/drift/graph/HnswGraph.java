package io.drift.graph;

import io.drift.vector.Distance;
import io.drift.vector.VectorKernels;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An immutable hierarchical navigable small-world graph (Malkov and Yashunin, 2016) over a fixed
 * set of float vectors, for ranking many bucket centroids without scanning them all.
 *
 * <p>Built once, by inserting the rows in order on one thread: each row draws its top layer from
 * {@code floor(-ln(U)·mL)}, {@code mL = 1/ln(M)}, descends greedily from the entry point, and links
 * to up to {@code M} neighbours per upper layer ({@code 2M} on layer 0) chosen from an
 * {@code efConstruction}-wide beam with the paper's diversity heuristic (a candidate is kept only
 * when it is closer to the new row than to every neighbour kept before it). Neighbour lists that
 * overflow are re-pruned with the same heuristic. Distances are {@link Distance#L2} squared or the
 * negated inner product for {@link Distance#DOT}; a COSINE caller passes unit vectors under L2.
 *
 * <p>Searching is thread-safe given one {@link Searcher} per thread.
 */
public final class HnswGraph {

    private final float[] data;
    private final int size;
    private final int dim;
    private final boolean innerProduct;
    /** links[level][node]: neighbour ids, or null when the node is not on that level. */
    private final int[][][] links;
    private final int entryPoint;
    private final int topLevel;

    private HnswGraph(float[] data, int size, int dim, boolean innerProduct, int[][][] links,
                      int entryPoint, int topLevel) {
        this.data = data;
        this.size = size;
        this.dim = dim;
        this.innerProduct = innerProduct;
        this.links = links;
        this.entryPoint = entryPoint;
        this.topLevel = topLevel;
    }

    /**
     * Builds a graph over rows {@code data[0..n·d)} (kept, not copied).
     *
     * @param m              links per node on the upper layers ({@code 2m} on layer 0)
     * @param efConstruction beam width while inserting
     */
    public static HnswGraph build(float[] data, int n, int d, Distance metric, int m, int efConstruction, long seed) {
        Objects.requireNonNull(metric, "metric");
        if (n < 1 || d < 1 || data.length < n * d) {
            throw new IllegalArgumentException("an HNSW graph needs n >= 1 rows of d >= 1 floats");
        }
        if (m < 2 || efConstruction < 1) {
            throw new IllegalArgumentException("m must be >= 2 and efConstruction >= 1");
        }
        boolean ip = metric == Distance.DOT;
        SplittableRandom rnd = new SplittableRandom(seed);
        double ml = 1 / Math.log(m);
        int[] level = new int[n];
        int top = 0;
        for (int i = 0; i < n; i++) {
            level[i] = Math.min(16, (int) Math.floor(-Math.log(1 - rnd.nextDouble()) * ml));
            top = Math.max(top, level[i]);
        }
        int[][][] links = new int[top + 1][n][];
        int[][] counts = new int[top + 1][n];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l <= level[i]; l++) {
                links[l][i] = new int[(l == 0 ? 2 * m : m) + 1]; // one spare slot before pruning
            }
        }
        HnswGraph g = new HnswGraph(data, n, d, ip, links, 0, level[0]);
        Builder b = new Builder(g, counts, m, efConstruction);
        int entry = 0;
        int entryLevel = level[0];
        for (int i = 1; i < n; i++) {
            entry = b.insert(i, level[i], entry, entryLevel);
            if (level[i] > entryLevel) {
                entry = i;
                entryLevel = level[i];
            }
        }
        // trim the lists to their final lengths
        for (int l = 0; l <= top; l++) {
            for (int i = 0; i < n; i++) {
                if (links[l][i] != null) {
                    links[l][i] = Arrays.copyOf(links[l][i], counts[l][i]);
                }
            }
        }
        return new HnswGraph(data, n, d, ip, links, entry, entryLevel);
    }

    public int size() {
        return size;
    }

    float distance(float[] q, int qOff, int node) {
        VectorKernels k = VectorKernels.get();
        return innerProduct ? -k.dot(q, qOff, data, node * dim, dim) : k.l2Squared(q, qOff, data, node * dim, dim);
    }

    /** A new per-thread search state for this graph. */
    public Searcher searcher() {
        return new Searcher(size);
    }

    /** Per-thread search state: visited marks and the beam. Reusable. */
    public final class Searcher {
        private final int[] visited;
        private int epoch;
        private final Beam beam = new Beam();

        Searcher(int n) {
            visited = new int[n];
        }

        /**
         * The (approximately) {@code ef} nearest nodes to {@code query}, nearest first, into
         * {@code nodes} and {@code dist}; returns how many (at most {@code ef} and {@code size}).
         */
        public int search(float[] query, int ef, int[] nodes, float[] dist) {
            int ep = entryPoint;
            float epDist = distance(query, 0, ep);
            for (int l = topLevel; l > 0; l--) {
                boolean moved = true;
                while (moved) {
                    moved = false;
                    for (int nb : links[l][ep]) {
                        float dn = distance(query, 0, nb);
                        if (dn < epDist) {
                            epDist = dn;
                            ep = nb;
                            moved = true;
                        }
                    }
                }
            }
            searchLayer(query, 0, ep, epDist, ef, 0);
            return drain(nodes, dist);
        }

        /** Beam search on {@code level} from {@code ep}; leaves the best {@code ef} in {@link #beam}. */
        void searchLayer(float[] q, int qOff, int ep, float epDist, int ef, int level) {
            if (++epoch == 0) {
                Arrays.fill(visited, 0);
                epoch = 1;
            }
            Beam b = beam;
            b.clear(ef);
            visited[ep] = epoch;
            b.offer(ep, epDist);
            int[][] layer = links[level];
            while (b.hasNext()) {
                int c = b.next();
                int[] nbs = layer[c];
                int deg = degree(level, c);
                for (int j = 0; j < deg; j++) {
                    int nb = nbs[j];
                    if (visited[nb] == epoch) {
                        continue;
                    }
                    visited[nb] = epoch;
                    b.offer(nb, distance(q, qOff, nb));
                }
            }
        }

        /** Copies the beam into the arrays, nearest first; returns how many. */
        int drain(int[] nodes, float[] dist) {
            return beam.copyTo(nodes, dist, -1);
        }
    }

    /** Valid links of {@code node} on {@code level}; during the build the arrays have spare slots. */
    int degree(int level, int node) {
        Builder b = building;
        return b == null ? links[level][node].length : b.counts[level][node];
    }

    /** Non-null only while {@link #build} runs on this instance. */
    private Builder building;

    private static final class Builder {
        final HnswGraph g;
        final int[][] counts;
        final int m;
        final int ef;
        final Searcher searcher;
        final int[] pick;
        final float[] pickDist;

        Builder(HnswGraph g, int[][] counts, int m, int ef) {
            this.g = g;
            this.counts = counts;
            this.m = m;
            this.ef = ef;
            g.building = this;
            this.searcher = g.new Searcher(g.size);
            this.pick = new int[Math.max(ef, 2 * m + 1)];
            this.pickDist = new float[pick.length];
        }

        /** Inserts node {@code q} with top layer {@code level}; returns the entry point to use next. */
        int insert(int q, int level, int entry, int entryLevel) {
            float[] data = g.data;
            int off = q * g.dim;
            int ep = entry;
            float epDist = g.distance(data, off, ep);
            for (int l = entryLevel; l > level; l--) {
                boolean moved = true;
                while (moved) {
                    moved = false;
                    int[] nbs = g.links[l][ep];
                    int deg = counts[l][ep];
                    for (int j = 0; j < deg; j++) {
                        float dn = g.distance(data, off, nbs[j]);
                        if (dn < epDist) {
                            epDist = dn;
                            ep = nbs[j];
                            moved = true;
                        }
                    }
                }
            }
            for (int l = Math.min(level, entryLevel); l >= 0; l--) {
                searcher.searchLayer(data, off, ep, epDist, ef, l);
                int found = searcher.drain(pick, pickDist);
                ep = pick[0];
                epDist = pickDist[0];
                int max = l == 0 ? 2 * m : m;
                int kept = select(pick, pickDist, found, max);
                int[] own = g.links[l][q];
                System.arraycopy(pick, 0, own, 0, kept);
                counts[l][q] = kept;
                for (int i = 0; i < kept; i++) {
                    link(l, own[i], q, max);
                }
            }
            return entry;
        }

        /** Adds {@code to} to {@code from}'s list on {@code level}, re-pruning when it overflows. */
        void link(int level, int from, int to, int max) {
            int[] list = g.links[level][from];
            int c = counts[level][from];
            list[c++] = to;
            if (c <= max) {
                counts[level][from] = c;
                return;
            }
            float[] data = g.data;
            int off = from * g.dim;
            int[] cand = new int[c];
            float[] dist = new float[c];
            for (int i = 0; i < c; i++) {
                cand[i] = list[i];
                dist[i] = g.distance(data, off, list[i]);
            }
            Beam.sortByDistance(cand, dist, c);
            int kept = select(cand, dist, c, max);
            System.arraycopy(cand, 0, list, 0, kept);
            counts[level][from] = kept;
        }

        /**
         * The diversity heuristic over candidates sorted nearest first: keeps a candidate only when
         * it is nearer to the base than to every candidate kept so far; compacts the kept ones to
         * the front and returns how many (at most {@code max}).
         */
        int select(int[] cand, float[] dist, int n, int max) {
            int kept = 0;
            float[] data = g.data;
            for (int i = 0; i < n && kept < max; i++) {
                boolean good = true;
                for (int j = 0; j < kept; j++) {
                    if (g.distance(data, cand[j] * g.dim, cand[i]) < dist[i]) {
                        good = false;
                        break;
                    }
                }
                if (good) {
                    cand[kept] = cand[i];
                    dist[kept] = dist[i];
                    kept++;
                }
            }
            return kept;
        }
    }
}
