package io.drift.graph;

/**
 * Walks an {@link HnswGraph} for one thread at a time (reusable, not thread-safe): a greedy descent
 * through the upper layers, then a beam search on layer 0 (DESIGN §5). The one searcher of every
 * graph: the memtable's searches and inserts, and centroid ranking. It takes no lock and runs
 * concurrently with inserts: it walks a graph holding every insert completed before it started,
 * and perhaps some still in progress (whose own links are complete). It allocates nothing but to
 * grow its visited marks and its beam.
 *
 * <p>The walk keeps one sorted {@link Beam} instead of best-first search's candidate and result
 * heaps (it expands the same nodes in the same order), marks visited nodes a byte each
 * ({@link VisitedSet}), and, before scoring the unvisited neighbours of the node it expands, touches
 * each of them ({@link GraphVectors.Scorer#touch}) so that their cache misses overlap, and reads the
 * list of the node it will likely expand next.
 */
public final class HnswSearcher {

    private final HnswGraph graph;
    private final VisitedSet visited;
    private final Beam beam = new Beam();
    /** The neighbours of the node being expanded. */
    private final int[] adjacent;
    /** Its unvisited neighbours. */
    private final int[] fresh;
    /** What the touches read: kept so that the reads are not optimised away. */
    private int sink;

    public HnswSearcher(HnswGraph graph) {
        this.graph = graph;
        this.visited = new VisitedSet(graph.nodeBound());
        this.adjacent = new int[graph.maxLinks(0)];
        this.fresh = new int[graph.maxLinks(0)];
    }

    /**
     * The (approximately) {@code ef} nodes nearest to {@code scorer}'s query, nearest first, into
     * {@code nodes} and {@code dist} (at least {@code ef} long) with the scorer's distances;
     * returns how many (0 on an empty graph).
     */
    public int search(GraphVectors.Scorer scorer, int ef, int[] nodes, float[] dist) {
        if (ef < 1 || nodes.length < ef || dist.length < ef) {
            throw new IllegalArgumentException("ef must be >= 1 and the output arrays at least ef long");
        }
        HnswGraph.Entry e = graph.entry();
        if (e == null) {
            return 0;
        }
        int ep = e.node();
        float epDist = scorer.score(ep);
        for (int l = e.level(); l > 0; l--) {
            long best = greedy(scorer, ep, epDist, l);
            ep = (int) (best >>> 32);
            epDist = Float.intBitsToFloat((int) best);
        }
        searchLayer(scorer, ep, epDist, ef, 0);
        return drain(nodes, dist, -1);
    }

    /**
     * Greedy walk on {@code level} towards the scorer's query: (node << 32 | float bits of its
     * distance) of the local minimum.
     */
    long greedy(GraphVectors.Scorer scorer, int ep, float epDist, int level) {
        boolean moved = true;
        int[] list = adjacent;
        while (moved) {
            moved = false;
            int c = graph.copyNeighbours(ep, level, list);
            for (int j = 0; j < c; j++) {
                int nb = list[j];
                float dn = scorer.score(nb);
                if (dn < epDist) {
                    epDist = dn;
                    ep = nb;
                    moved = true;
                }
            }
        }
        return ((long) ep << 32) | (Float.floatToRawIntBits(epDist) & 0xFFFFFFFFL);
    }

    /** Beam search on {@code level} from {@code ep}; leaves the best {@code ef} in the beam. */
    void searchLayer(GraphVectors.Scorer scorer, int ep, float epDist, int ef, int level) {
        VisitedSet marks = visited;
        marks.clear(graph.nodeBound());
        Beam b = beam;
        b.clear(ef);
        marks.add(ep);
        b.offer(ep, epDist);
        int[] list = adjacent;
        int[] next = fresh;
        while (b.hasNext()) {
            int c = b.next();
            int deg = graph.copyNeighbours(c, level, list);
            int likely = b.peek();
            if (likely >= 0) {
                // the list of the likely next node to expand: its miss overlaps with scoring this one's neighbours
                sink += graph.touchList(likely, level);
            }
            // first the unvisited neighbours, each touched so that their cache misses overlap, then their distances
            int n = 0;
            int touched = 0;
            for (int j = 0; j < deg; j++) {
                int nb = list[j];
                if (!marks.add(nb)) {
                    continue;
                }
                next[n++] = nb;
                touched += scorer.touch(nb);
            }
            sink += touched;
            for (int j = 0; j < n; j++) {
                int nb = next[j];
                b.offer(nb, scorer.score(nb));
            }
        }
    }

    /** Copies the beam into the arrays, nearest first, leaving out {@code skip}; returns how many. */
    int drain(int[] nodes, float[] dist, int skip) {
        return beam.copyTo(nodes, dist, skip);
    }
}
