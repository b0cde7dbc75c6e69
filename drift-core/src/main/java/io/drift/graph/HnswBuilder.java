package io.drift.graph;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Links nodes into an {@link HnswGraph}; the one builder of every graph. Thread-safe: any number of
 * threads may insert at once, concurrently with searches. A new node first searches the graph and
 * fills its own lists on every layer, each from an {@code efConstruction}-wide beam with the
 * diversity heuristic (a candidate is kept only when it is nearer to the new node than to every
 * neighbour kept before it), and only then adds itself to its neighbours' lists, re-pruning those
 * that overflow with the same heuristic: a node is reachable only once all its own links exist. A
 * node above the current top layer is inserted entirely under the entry lock, and becomes the entry
 * point when its links are in place.
 *
 * <p>Two departures from the paper, both for reachability (a node no search can reach is lost):
 *
 * <ul>
 *   <li>The heuristic ranks candidates by the graph's distance but tests diversity geometrically,
 *       with squared L2 between vectors, under every metric (for unit vectors under COSINE this is
 *       the same test). With the negated inner product, which is no metric, a long vector
 *       "dominates" everything near it: most nodes kept a single link and, on 20,000 clustered
 *       rows, two thirds of them ended up unreachable.
 *   <li>Every node counts the layer-0 lists that hold it, and re-pruning avoids dropping a node's
 *       last layer-0 in-edge: such a node is kept in a free slot or, when {@code displace}, in
 *       place of the farthest kept node that has another in-edge. Without this, up to a few nodes
 *       per thousand became unreachable (clustered rows, d = 32, M = 8); with it, none in the
 *       tests. Under DOT the displacement is left out: long vectors collect many in-edges, and
 *       filling their lists with otherwise orphaned nodes cut recall (M = 16, tight clusters,
 *       d = 8: recall@10 at ef 10 from 0.87 to 0.83). DOT graphs can therefore still leave short
 *       vectors unreachable when clusters have very different norms (14% of the rows on that data
 *       set).
 * </ul>
 */
public final class HnswBuilder {

    private final HnswGraph graph;
    private final GraphVectors vectors;
    private final int efConstruction;
    /** Whether the walks' distances are squared L2 (else negated inner products). */
    private final boolean l2Scores;
    /** Whether a node's last in-edge may displace a kept link (not under DOT; see the class comment). */
    private final boolean displace;
    /** Scratch state of inserts, reused across calls and threads (one per concurrent insert). */
    private final ConcurrentLinkedQueue<Inserter> idle = new ConcurrentLinkedQueue<>();

    /**
     * @param efConstruction beam width while inserting
     * @param l2Scores       whether the scorers' distances are squared L2 (else negated inner products)
     * @param displace       whether a node's last layer-0 in-edge may displace a kept link
     */
    public HnswBuilder(HnswGraph graph, GraphVectors vectors, int efConstruction, boolean l2Scores, boolean displace) {
        if (efConstruction < 1) {
            throw new IllegalArgumentException("efConstruction must be >= 1, got " + efConstruction);
        }
        this.graph = graph;
        this.vectors = vectors;
        this.efConstruction = efConstruction;
        this.l2Scores = l2Scores;
        this.displace = displace;
    }

    /**
     * Links {@code node} into the graph. Each node may be inserted once.
     *
     * @throws IllegalStateException when {@code node} was inserted before
     */
    public void insert(int node) {
        int level = graph.levelOf(node);
        graph.claim(node, level);
        vectors.prepare(node); // before anything can reach it
        HnswGraph.Entry e = graph.entry();
        if (e == null || level > e.level()) {
            ReentrantLock lock = graph.entryLock();
            lock.lock();
            try {
                e = graph.entry();
                if (e == null || level > e.level()) {
                    if (e != null) {
                        link(node, level, e);
                    }
                    graph.setEntry(new HnswGraph.Entry(node, level));
                    graph.inserted();
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
        link(node, level, e);
        graph.inserted();
    }

    /**
     * Searches for {@code node}'s neighbours on every layer up to {@code level} from entry
     * {@code e}, fills its own lists, then adds the back-links. {@code node} is unreachable until
     * the first back-link, so its own lists are written without its lock.
     */
    private void link(int node, int level, HnswGraph.Entry e) {
        Inserter ins = idle.poll();
        if (ins == null) {
            ins = new Inserter();
        }
        try {
            GraphVectors.Scorer q = ins.query;
            q.queryNode(node);
            int ep = e.node();
            float epDist = q.score(ep);
            for (int l = e.level(); l > level; l--) {
                long best = ins.searcher.greedy(q, ep, epDist, l);
                ep = (int) (best >>> 32);
                epDist = Float.intBitsToFloat((int) best);
            }
            int top = Math.min(level, e.level());
            int[] counts = ins.ownCounts;
            for (int l = top; l >= 0; l--) {
                ins.searcher.searchLayer(q, ep, epDist, efConstruction, l);
                int found = ins.searcher.drain(ins.pick, ins.pickDist, node);
                if (found == 0) {
                    counts[l] = 0;
                    continue;
                }
                ep = ins.pick[0];
                epDist = ins.pickDist[0];
                int kept = select(node, ins.pick, ins.pickDist, found, graph.maxLinks(l), ins);
                int[] list = graph.listArray(node, l);
                int base = graph.listBase(node, l);
                System.arraycopy(ins.pick, 0, list, base + 1, kept);
                HnswGraph.INT.setRelease(list, base, kept);
                System.arraycopy(ins.pick, 0, ins.own[l], 0, kept);
                counts[l] = kept;
                if (l == 0) {
                    for (int i = 0; i < kept; i++) {
                        graph.addInDegree(ins.pick[i], 1);
                    }
                }
            }
            // Own lists are complete: now make the node reachable. Once it is, other inserts may
            // append to its lists or re-prune them in place, so walk the copies taken before.
            for (int l = top; l >= 0; l--) {
                for (int i = 0; i < counts[l]; i++) {
                    addLink(ins.own[l][i], l, node, ins);
                }
            }
        } finally {
            idle.offer(ins);
        }
    }

    /**
     * Adds {@code to} to {@code from}'s list on {@code level}, re-pruning it with the heuristic
     * when it overflows. The pruned list is written over the old one, its nodes first and then
     * its count: a reader walking it meanwhile reads each slot's old node or its new one.
     *
     * <p>On layer 0 a prune drops a node only when this list is not its last in-edge; otherwise
     * the node stays, in a free slot or (when displacing) in place of the farthest kept node that
     * has another in-edge (see the class comment).
     */
    private void addLink(int from, int level, int to, Inserter ins) {
        ReentrantLock lock = graph.lockOf(from);
        lock.lock();
        try {
            int[] list = graph.listArray(from, level);
            int at = graph.listBase(from, level);
            int c = list[at];
            int max = graph.maxLinks(level);
            if (c < max) {
                list[at + c + 1] = to;
                HnswGraph.INT.setRelease(list, at, c + 1);
                if (level == 0) {
                    graph.addInDegree(to, 1);
                }
                return;
            }
            int[] cand = ins.prune;
            float[] dist = ins.pruneDist;
            GraphVectors.Scorer base = ins.base;
            base.queryStored(from);
            for (int i = 0; i < c; i++) {
                cand[i] = list[at + i + 1];
                dist[i] = base.score(cand[i]);
            }
            cand[c] = to;
            dist[c] = base.score(to);
            int n = c + 1;
            Beam.sortByDistance(cand, dist, n);
            int kept = select(from, cand, dist, n, max, ins);
            int[] fresh = ins.fresh;
            System.arraycopy(cand, 0, fresh, 1, kept);
            if (level == 0) {
                kept = keepLastInEdges(fresh, max, kept, cand, n, to);
            }
            System.arraycopy(fresh, 1, list, at + 1, kept);
            HnswGraph.INT.setRelease(list, at, kept);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts back into {@code fresh} (holding {@code kept} nodes from slot 1, room for {@code max})
     * every node of {@code cand[kept..n)} the heuristic dropped for which this list is the last
     * layer-0 in-edge, and counts the edge to the new node {@code to} if it ends up in the list;
     * returns the count.
     */
    private int keepLastInEdges(int[] fresh, int max, int kept, int[] cand, int n, int to) {
        int size = kept;
        for (int i = kept; i < n; i++) {
            int y = cand[i];
            boolean last = y == to ? graph.inDegree(to) == 0 : !graph.release(y);
            if (!last) {
                continue;
            }
            if (size < max) {
                fresh[1 + size++] = y;
                continue;
            }
            boolean placed = false;
            for (int j = size; j >= 1 && !placed && displace; j--) { // farthest first
                int z = fresh[j];
                if (z == to ? graph.inDegree(to) > 0 : graph.release(z)) {
                    fresh[j] = y;
                    placed = true;
                }
            }
            if (!placed && y != to) {
                graph.addInDegree(y, -1); // no room and nothing to displace: y loses its last in-edge
            }
        }
        for (int j = 1; j <= size; j++) {
            if (fresh[j] == to) {
                graph.addInDegree(to, 1);
                break;
            }
        }
        return size;
    }

    /**
     * The diversity heuristic over candidates sorted nearest first: keeps a candidate only when it
     * is nearer to the base than to every candidate kept so far (tested in squared L2, see the class
     * comment). Partitions {@code cand} and {@code dist} stably, the kept ones first, and returns how
     * many were kept (at most {@code max}).
     */
    private int select(int base, int[] cand, float[] dist, int n, int max, Inserter ins) {
        int[] dropped = ins.dropped;
        float[] droppedDist = ins.droppedDist;
        int kept = 0;
        int d = 0;
        for (int i = 0; i < n; i++) {
            boolean good = kept < max;
            if (good && kept > 0) {
                GraphVectors.Scorer ci = ins.candidate;
                ci.queryStored(cand[i]);
                // under L2 the walk's distance is the test's already
                float toBase = l2Scores ? dist[i] : ci.l2Squared(base);
                for (int j = 0; good && j < kept; j++) {
                    good = ci.l2Squared(cand[j]) >= toBase;
                }
            }
            if (good) {
                cand[kept] = cand[i];
                dist[kept] = dist[i];
                kept++;
            } else {
                dropped[d] = cand[i];
                droppedDist[d] = dist[i];
                d++;
            }
        }
        System.arraycopy(dropped, 0, cand, kept, d);
        System.arraycopy(droppedDist, 0, dist, kept, d);
        return kept;
    }

    /** An insert's scratch state: a searcher, scorers, candidate arrays. */
    private final class Inserter {
        final HnswSearcher searcher = new HnswSearcher(graph);
        /** The node being inserted, as the query of its walk. */
        final GraphVectors.Scorer query = vectors.scorer();
        /** A node whose list is re-pruned, as the query of its distances. */
        final GraphVectors.Scorer base = vectors.scorer();
        /** A candidate of the diversity heuristic, as the query of its distances. */
        final GraphVectors.Scorer candidate = vectors.scorer();
        final int[] pick = new int[Math.max(efConstruction, graph.maxLinks(0) + 1)];
        final float[] pickDist = new float[pick.length];
        final int[] prune = new int[graph.maxLinks(0) + 1];
        final float[] pruneDist = new float[prune.length];
        final int[] dropped = new int[pick.length];
        final float[] droppedDist = new float[pick.length];
        /** A re-pruned list, from slot 1, before it is written over the old one. */
        final int[] fresh = new int[1 + graph.maxLinks(0)];
        final int[] ownCounts = new int[HnswGraph.MAX_LEVEL + 1];
        /** Per layer, the new node's own neighbours, as linked (its lists may change once it is reachable). */
        final int[][] own = new int[HnswGraph.MAX_LEVEL + 1][graph.maxLinks(0)];
    }
}
