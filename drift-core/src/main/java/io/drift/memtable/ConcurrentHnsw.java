package io.drift.memtable;

import io.drift.graph.Beam;
import io.drift.vector.Distance;
import io.drift.vector.VectorKernels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The L0 memtable's graph: a hierarchical navigable small-world graph (Malkov and Yashunin, 2016)
 * over the rows of a {@link VectorStore}, built by several inserting threads at once and searched
 * without locks while it grows (DESIGN §5). Node ids are the store's row numbers.
 *
 * <p>The graph follows {@link io.drift.graph.HnswGraph}'s conventions: a node's top layer is
 * {@code floor(-ln(U)·mL)}, {@code mL = 1/ln(M)} (capped at 16; {@code U} is a hash of the seed
 * and the node, so the layers do not depend on which thread inserts what), {@code M} links per
 * upper layer and {@code 2M} on layer 0, chosen from an {@code efConstruction}-wide beam with the
 * diversity heuristic, which also re-prunes a list that overflows.
 *
 * <p>Walks, while searching and while inserting, score an 8-bit copy of each row
 * ({@link RowCodes}, coded as the row is inserted): a quarter of the bytes to fetch per visited
 * node, which is what a walk over a memtable larger than the cache waits for. A search re-scores
 * the nodes it ends with from their floats. The linker's other distances, between two stored rows
 * (the diversity heuristic's tests, re-pruning a neighbour's list), take one of the rows decoded
 * from its codes as the query: the floats of a row are read once, when it is inserted.
 *
 * <p>Two departures from the paper, both for reachability (a row no search can reach is lost to
 * the memtable):
 *
 * <ul>
 *   <li>The heuristic ranks candidates by the graph's distance but tests diversity geometrically,
 *       with squared L2 between rows, under every metric (for unit vectors under COSINE this is
 *       the same test). With the negated inner product, which is no metric, a long vector
 *       "dominates" everything near it: most nodes kept a single link and, on 20,000 clustered
 *       rows, two thirds of them ended up unreachable.
 *   <li>Every node counts the layer-0 lists that hold it, and re-pruning avoids dropping a node's
 *       last layer-0 in-edge: such a node is kept in a free slot or, under L2 and COSINE, in place
 *       of the farthest kept node that has another in-edge. Without this, up to a few nodes per
 *       thousand became unreachable (clustered rows, d = 32, M = 8); with it, none in the tests.
 *       Under DOT the displacement is left out: long vectors collect many in-edges, and filling
 *       their lists with otherwise orphaned nodes cut recall (M = 16, tight clusters, d = 8:
 *       recall@10 at ef 10 from 0.87 to 0.83). DOT graphs can therefore still leave short vectors
 *       unreachable when clusters have very different norms (14% of the rows on that data set).
 * </ul>
 *
 * <h2>Concurrency</h2>
 *
 * <ul>
 *   <li><b>Neighbour lists.</b> A node's list on a layer is a count followed by room for the
 *       layer's maximum of neighbours. The layer-0 lists of a page's nodes lie one after the other
 *       in one {@code int[]} ({@code 1 + 2m} ints a node), so a walk reaches a node's list with
 *       one fetch rather than through its per-node arrays; a node's upper-layer lists are
 *       {@code int[]}s of their own. Adding a back-link that fits writes the new slot and then
 *       publishes the count with a release store. A list that overflows is re-pruned and
 *       written over the old one, its nodes first and then its count (never more than before).
 *       A reader loads the count with an acquire and copies the list: each slot it reads holds
 *       a node that was in the list at some moment, inserted with all its own links, so a walk
 *       racing a re-prune sees a mix of the old and the new list, never a node it cannot use.
 *   <li><b>Writers</b> lock the node whose list they change (a striped array of
 *       {@link ReentrantLock}s, one held at a time), so back-links and re-pruning of one node are
 *       serialised. A new node first searches the graph and fills its own lists on every layer,
 *       and only then adds itself to its neighbours' lists: a node is reachable only once all its
 *       own links exist. Nodes reference only rows that were below {@link VectorStore#size()}
 *       when they were inserted, so every vector a search reaches is readable.
 *   <li><b>Entry point.</b> An immutable (node, layer) pair in a volatile field. A node whose
 *       layer is above the current top is inserted entirely under a small entry lock (rare: one
 *       node in M per extra layer), and becomes the entry point when its links are in place;
 *       every other insert only reads the field.
 *   <li><b>Capacity.</b> The lists live in pages of 4,096 nodes that never move;
 *       the page directory is copied when a page is added and published through a volatile
 *       field. A node's slot is claimed with a compare-and-set, which is how a second insert of
 *       the same row is detected.
 *   <li><b>Readers</b> ({@link Searcher}) take no lock, never block and do not allocate except to
 *       grow their reusable state (visited marks, the beam) as the graph grows.
 * </ul>
 */
public final class ConcurrentHnsw {

    private static final int MAX_LEVEL = 16;
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_MASK = (1 << PAGE_SHIFT) - 1;
    private static final int LOCK_STRIPES = 1024;

    /** Elements of a page: node → its upper layers' lists. */
    private static final VarHandle NODE = MethodHandles.arrayElementVarHandle(int[][][].class);
    /** The count slot of a list, and in-degrees. */
    private static final VarHandle INT = MethodHandles.arrayElementVarHandle(int[].class);
    /** What a node on layer 0 only holds in {@link Page#upper}: it is inserted, with no upper lists. */
    private static final int[][] NO_UPPER = new int[0][];

    private record Entry(int node, int level) {}

    /** 4,096 consecutive nodes. Never moves once created. */
    private static final class Page {
        /**
         * Per node: its lists on layers {@code 1..level} (layer {@code l} at {@code l - 1}), each
         * {@code 1 + m} ints; {@link #NO_UPPER} for a node on layer 0 only; null until the node is
         * inserted.
         */
        final int[][][] upper = new int[PAGE_MASK + 1][][];
        /** Every node's layer-0 list, {@code 1 + 2m} ints each, one after the other. */
        final int[] level0;
        /** Per node, for writers: how many layer-0 lists hold it (see {@link #addLink}). */
        final int[] inDegree = new int[PAGE_MASK + 1];

        Page(int stride) {
            level0 = new int[(PAGE_MASK + 1) * stride];
        }
    }

    private final VectorStore vectors;
    /** The 8-bit copy of the inserted rows that the graph's walks score (exact floats re-rank). */
    private final RowCodes codes;
    private final int dim;
    private final boolean innerProduct;
    /** Whether a node's last in-edge may displace a kept link (not under DOT; see the class comment). */
    private final boolean displace;
    private final int m;
    private final int efConstruction;
    private final long seed;
    private final double ml;

    /** Page p holds nodes {@code p·4096 ..}. */
    private final PageDirectory<Page> pages;
    /** Ints a node's layer-0 list takes in {@link Page#level0}: its count and {@code 2m} slots. */
    private final int level0Stride;
    private volatile Entry entry;
    private final AtomicInteger inserted = new AtomicInteger();

    private final ReentrantLock entryLock = new ReentrantLock();
    private final ReentrantLock[] nodeLocks = new ReentrantLock[LOCK_STRIPES];
    /** Scratch state of inserts, reused across calls and threads (one per concurrent insert). */
    private final ConcurrentLinkedQueue<Inserter> idle = new ConcurrentLinkedQueue<>();

    /**
     * A graph over the rows of {@code vectors} (nothing is inserted yet).
     *
     * @param metric         {@link Distance#L2} uses squared L2; {@link Distance#DOT} and {@link Distance#COSINE}
     *                       both use the negated inner product (COSINE callers store unit vectors)
     * @param m              links per node on the upper layers ({@code 2m} on layer 0)
     * @param efConstruction beam width while inserting
     * @param seed           seeds the layer draw
     */
    public ConcurrentHnsw(VectorStore vectors, Distance metric, int m, int efConstruction, long seed) {
        this.vectors = Objects.requireNonNull(vectors, "vectors");
        Objects.requireNonNull(metric, "metric");
        if (m < 2 || efConstruction < 1) {
            throw new IllegalArgumentException("m must be >= 2 and efConstruction >= 1, got " + m + " and " + efConstruction);
        }
        this.dim = vectors.dim();
        this.codes = new RowCodes(dim);
        this.innerProduct = metric != Distance.L2;
        this.displace = metric != Distance.DOT;
        this.m = m;
        this.efConstruction = efConstruction;
        this.seed = seed;
        this.ml = 1 / Math.log(m);
        this.level0Stride = 1 + maxLinks(0);
        this.pages = new PageDirectory<>(p -> new Page(level0Stride));
        for (int i = 0; i < LOCK_STRIPES; i++) {
            nodeLocks[i] = new ReentrantLock();
        }
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
        int level = levelOf(node);
        int[][] upper = NO_UPPER;
        if (level > 0) {
            upper = new int[level][];
            for (int l = 1; l <= level; l++) {
                upper[l - 1] = new int[1 + maxLinks(l)];
            }
        }
        Page page = pages.getOrMake(node >>> PAGE_SHIFT);
        if (!NODE.compareAndSet(page.upper, node & PAGE_MASK, (int[][]) null, upper)) {
            throw new IllegalStateException("node " + node + " is already in the graph");
        }
        codes.encode(node, vectors.page(node), vectors.offset(node)); // before anything can reach it
        Entry e = entry;
        if (e == null || level > e.level) {
            entryLock.lock();
            try {
                e = entry;
                if (e == null || level > e.level) {
                    if (e != null) {
                        link(node, level, e);
                    }
                    entry = new Entry(node, level);
                    inserted.incrementAndGet();
                    return;
                }
            } finally {
                entryLock.unlock();
            }
        }
        link(node, level, e);
        inserted.incrementAndGet();
    }

    /** Number of nodes inserted so far (completed inserts). */
    public int size() {
        return inserted.get();
    }

    /** A new per-thread search state (visited marks, the beam): reusable, grows as the graph grows. */
    public Searcher searcher() {
        return new Searcher();
    }

    /**
     * A copy of {@code node}'s neighbours on {@code level} (empty when the node is not in the
     * graph or not on that layer); for tests.
     */
    int[] neighbours(int node, int level) {
        int[] out = new int[maxLinks(level)];
        return Arrays.copyOf(out, copyNeighbours(node, level, out));
    }

    /** The top layer of {@code node}; a pure function of the seed and the node. */
    int levelOf(int node) {
        long z = seed + (node + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        double u = ((z >>> 11) + 1) * 0x1.0p-53; // (0, 1]
        return Math.min(MAX_LEVEL, (int) (-Math.log(u) * ml));
    }

    private int maxLinks(int level) {
        return level == 0 ? 2 * m : m;
    }

    /** Slots of the page directory; for tests. */
    int pageSlots() {
        return pages.slots();
    }

    /** The upper layers' lists of {@code node}, or null when it is not (yet) in the graph. */
    private int[][] upper(int node) {
        Page page = pages.get(node >>> PAGE_SHIFT);
        return page == null ? null : (int[][]) NODE.getAcquire(page.upper, node & PAGE_MASK);
    }

    /** The in-degree counters of an inserted node's page (writers only). */
    private int[] inDegrees(int node) {
        return pages.get(node >>> PAGE_SHIFT).inDegree;
    }

    /** How many layer-0 lists hold {@code node}, by the writers' count (exact once inserts stop). */
    int inDegree(int node) {
        return (int) INT.getVolatile(inDegrees(node), node & PAGE_MASK);
    }

    private void addInDegree(int node, int delta) {
        INT.getAndAdd(inDegrees(node), node & PAGE_MASK, delta);
    }

    /** Takes one layer-0 in-edge off {@code node}'s count unless it is the last one; whether it did. */
    private boolean release(int node) {
        int[] deg = inDegrees(node);
        int i = node & PAGE_MASK;
        for (;;) {
            int d = (int) INT.getVolatile(deg, i);
            if (d <= 1) {
                return false;
            }
            if (INT.compareAndSet(deg, i, d, d - 1)) {
                return true;
            }
        }
    }

    /**
     * The array holding {@code node}'s list on upper layer {@code level >= 1} (slot 0 is the
     * count), or null when the node is not in the graph or not on that layer.
     */
    private int[] upperList(int node, int level) {
        int[][] up = upper(node);
        return up == null || level > up.length ? null : up[level - 1];
    }

    /**
     * Copies {@code node}'s neighbours on {@code level} into {@code out} (at least
     * {@code maxLinks(level)} long) and returns how many: none when the node is not in the graph
     * or not on that layer. A list re-pruned meanwhile may be read part old, part new: every slot
     * read holds a node that was in the list at some moment (see the class comment).
     */
    private int copyNeighbours(int node, int level, int[] out) {
        int[] list = listArray(node, level);
        if (list == null) {
            return 0;
        }
        int base = listBase(node, level);
        int c = (int) INT.getAcquire(list, base); // 0 for a layer-0 list not written yet
        System.arraycopy(list, base + 1, out, 0, c);
        return c;
    }

    /** Reads the count of {@code node}'s list on {@code level}: Java's stand-in for a prefetch. */
    private int touchList(int node, int level) {
        int[] list = listArray(node, level);
        return list == null ? 0 : list[listBase(node, level)];
    }

    /**
     * The array holding {@code node}'s list on {@code level} (see {@link #listBase}), or null when
     * no node of its page is inserted yet or, above layer 0, the node is not on that layer. Never
     * null for an inserted node's layers.
     */
    private int[] listArray(int node, int level) {
        if (level > 0) {
            return upperList(node, level);
        }
        Page page = pages.get(node >>> PAGE_SHIFT);
        return page == null ? null : page.level0;
    }

    /** Where in {@link #listArray} the list starts: its count, then its nodes. */
    private int listBase(int node, int level) {
        return level == 0 ? (node & PAGE_MASK) * level0Stride : 0;
    }

    /** The graph's distance from {@code q} to row {@code node}'s codes: squared L2 or {@code -q·x̂}. */
    private float estimate(RowCodes.Query q, int node) {
        return innerProduct ? -q.dot(node) : q.l2Squared(node);
    }

    /** The graph's distance from {@code q[qOff..]} to row {@code node}: squared L2 or {@code -q·x}. */
    private float distance(float[] q, int qOff, int node) {
        VectorKernels k = VectorKernels.get();
        float[] p = vectors.page(node);
        int off = vectors.offset(node);
        return innerProduct ? -k.dot(q, qOff, p, off, dim) : k.l2Squared(q, qOff, p, off, dim);
    }

    /**
     * Searches for {@code node}'s neighbours on every layer up to {@code level} from entry
     * {@code e}, fills its own lists, then adds the back-links. {@code node} is unreachable until
     * the first back-link, so its own lists are written without its lock.
     */
    private void link(int node, int level, Entry e) {
        Inserter ins = idle.poll();
        if (ins == null) {
            ins = new Inserter();
        }
        try {
            RowCodes.Query q = ins.s.query;
            q.set(vectors.page(node), vectors.offset(node));
            int ep = e.node;
            float epDist = estimate(q, ep);
            for (int l = e.level; l > level; l--) {
                long best = ins.s.greedy(ep, epDist, l);
                ep = (int) (best >>> 32);
                epDist = Float.intBitsToFloat((int) best);
            }
            int top = Math.min(level, e.level);
            int[] counts = ins.ownCounts;
            for (int l = top; l >= 0; l--) {
                ins.s.searchLayer(ep, epDist, efConstruction, l);
                int found = ins.s.drain(ins.pick, ins.pickDist, node);
                if (found == 0) {
                    counts[l] = 0;
                    continue;
                }
                ep = ins.pick[0];
                epDist = ins.pickDist[0];
                int kept = select(node, ins.pick, ins.pickDist, found, maxLinks(l), ins);
                int[] list = listArray(node, l);
                int base = listBase(node, l);
                System.arraycopy(ins.pick, 0, list, base + 1, kept);
                INT.setRelease(list, base, kept);
                System.arraycopy(ins.pick, 0, ins.own[l], 0, kept);
                counts[l] = kept;
                if (l == 0) {
                    for (int i = 0; i < kept; i++) {
                        addInDegree(ins.pick[i], 1);
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
     * <p>On layer 0 a prune drops a node only when this list is not its last in-edge
     * ({@link #release}); otherwise the node stays, in a free slot or (not under DOT) in place of
     * the farthest kept node that has another in-edge (see the class comment).
     */
    private void addLink(int from, int level, int to, Inserter ins) {
        ReentrantLock lock = nodeLocks[from & (LOCK_STRIPES - 1)];
        lock.lock();
        try {
            int[] list = listArray(from, level);
            int at = listBase(from, level);
            int c = list[at];
            int max = maxLinks(level);
            if (c < max) {
                list[at + c + 1] = to;
                INT.setRelease(list, at, c + 1);
                if (level == 0) {
                    addInDegree(to, 1);
                }
                return;
            }
            int[] cand = ins.prune;
            float[] dist = ins.pruneDist;
            RowCodes.Query base = ins.base;
            base.decode(from);
            for (int i = 0; i < c; i++) {
                cand[i] = list[at + i + 1];
                dist[i] = estimate(base, cand[i]);
            }
            cand[c] = to;
            dist[c] = estimate(base, to);
            int n = c + 1;
            Beam.sortByDistance(cand, dist, n);
            int kept = select(from, cand, dist, n, max, ins);
            int[] fresh = ins.fresh;
            System.arraycopy(cand, 0, fresh, 1, kept);
            if (level == 0) {
                kept = keepLastInEdges(fresh, max, kept, cand, n, to);
            }
            System.arraycopy(fresh, 1, list, at + 1, kept);
            INT.setRelease(list, at, kept);
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
            boolean last = y == to ? inDegree(to) == 0 : !release(y);
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
                if (z == to ? inDegree(to) > 0 : release(z)) {
                    fresh[j] = y;
                    placed = true;
                }
            }
            if (!placed && y != to) {
                addInDegree(y, -1); // no room and nothing to displace: y loses its last in-edge
            }
        }
        for (int j = 1; j <= size; j++) {
            if (fresh[j] == to) {
                addInDegree(to, 1);
                break;
            }
        }
        return size;
    }

    /**
     * The diversity heuristic over candidates sorted nearest first: keeps a candidate only when it
     * is nearer to the base than to every candidate kept so far. Partitions {@code cand} and
     * {@code dist} stably, the kept ones first, and returns how many were kept (at most {@code max}).
     */
    private int select(int base, int[] cand, float[] dist, int n, int max, Inserter ins) {
        int[] dropped = ins.dropped;
        float[] droppedDist = ins.droppedDist;
        int kept = 0;
        int d = 0;
        for (int i = 0; i < n; i++) {
            boolean good = kept < max;
            if (good && kept > 0) {
                RowCodes.Query ci = ins.candidate;
                ci.decode(cand[i]);
                float toBase = innerProduct ? ci.l2Squared(base) : dist[i];
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

    /**
     * Per-thread search state: visited marks grown on demand and the walk's {@link Beam}.
     * Reusable; not thread-safe (one per thread). Searches take no lock and run concurrently with
     * inserts: they walk a graph holding every insert completed before they started, and perhaps
     * some still in progress (whose own links are complete).
     */
    public final class Searcher {
        private final VisitedSet visited = new VisitedSet(vectors.size());
        private final Beam beam = new Beam();
        /** The query of the walk under way. */
        final RowCodes.Query query = codes.new Query();
        /** The neighbours of the node being expanded. */
        private final int[] adjacent = new int[2 * m];
        /** Its unvisited neighbours. */
        private final int[] fresh = new int[2 * m];
        /** What {@link RowCodes#touch} read: kept so that the reads are not optimised away. */
        int sink;

        /**
         * The (approximately) {@code ef} nearest inserted nodes to {@code query}, nearest first, into
         * {@code nodes} and {@code dist} (arrays of length at least {@code ef}); returns how many
         * (at most {@code ef}; 0 on an empty graph). The walk scores the rows' 8-bit codes; the
         * {@code ef} it ends with are scored again from their floats, so {@code dist} holds the
         * exact graph distance (squared L2, or the negated inner product) and the order is exact.
         */
        public int search(float[] query, int ef, int[] nodes, float[] dist) {
            return search(query, ef, ef, nodes, dist);
        }

        /**
         * Like {@link #search(float[], int, int[], float[])}, but only the {@code rescore} nodes
         * nearest by the codes are scored again from their floats and returned (at most
         * {@code min(ef, rescore)}): the beam's tail rarely holds one of the nearest few, and each
         * re-scored row costs a fetch of its floats.
         */
        public int search(float[] query, int ef, int rescore, int[] nodes, float[] dist) {
            if (query.length != dim) {
                throw new IllegalArgumentException("query has " + query.length + " dimensions, the graph " + dim);
            }
            if (ef < 1 || rescore < 1 || nodes.length < ef || dist.length < ef) {
                throw new IllegalArgumentException("ef and rescore must be >= 1 and the output arrays at least ef long");
            }
            Entry e = entry;
            if (e == null) {
                return 0;
            }
            this.query.set(query, 0);
            int ep = e.node;
            float epDist = estimate(this.query, ep);
            for (int l = e.level; l > 0; l--) {
                long best = greedy(ep, epDist, l);
                ep = (int) (best >>> 32);
                epDist = Float.intBitsToFloat((int) best);
            }
            searchLayer(ep, epDist, ef, 0);
            int n = Math.min(rescore, drain(nodes, dist, -1));
            for (int i = 0; i < n; i++) { // the walk ranked by the codes; the answer by the floats
                dist[i] = distance(query, 0, nodes[i]);
            }
            Beam.sortByDistance(nodes, dist, n);
            return n;
        }

        /**
         * Greedy walk on {@code level} towards {@link #query}: (node << 32 | float bits of its
         * estimated distance) of the local minimum.
         */
        long greedy(int ep, float epDist, int level) {
            boolean moved = true;
            while (moved) {
                moved = false;
                int[] list = adjacent;
                int c = copyNeighbours(ep, level, list);
                for (int j = 0; j < c; j++) {
                    int nb = list[j];
                    float dn = estimate(query, nb);
                    if (dn < epDist) {
                        epDist = dn;
                        ep = nb;
                        moved = true;
                    }
                }
            }
            return ((long) ep << 32) | (Float.floatToRawIntBits(epDist) & 0xFFFFFFFFL);
        }

        /**
         * Beam search for {@link #query} on {@code level} from {@code ep}, by estimated distances;
         * leaves the best {@code ef} in {@link #beam}.
         */
        void searchLayer(int ep, float epDist, int ef, int level) {
            VisitedSet marks = visited;
            marks.clear(vectors.size());
            Beam b = beam;
            b.clear(ef);
            marks.add(ep);
            b.offer(ep, epDist);
            int[] list = adjacent;
            int[] next = fresh;
            while (b.hasNext()) {
                int c = b.next();
                int deg = copyNeighbours(c, level, list);
                int likely = b.peek();
                if (likely >= 0) {
                    // the list of the likely next node to expand: its miss overlaps with scoring
                    // this one's neighbours
                    sink += touchList(likely, level);
                }
                // first the unvisited neighbours, each touched so that their cache misses overlap
                // (RowCodes.touch), then their distances
                int n = 0;
                int touched = 0;
                for (int j = 0; j < deg; j++) {
                    int nb = list[j];
                    if (!marks.add(nb)) {
                        continue;
                    }
                    next[n++] = nb;
                    touched += codes.touch(nb);
                }
                sink += touched;
                for (int j = 0; j < n; j++) {
                    int nb = next[j];
                    float dn = estimate(query, nb);
                    b.offer(nb, dn);
                }
            }
        }

        /** Copies the beam into the arrays, nearest first, skipping {@code skip}; returns how many. */
        int drain(int[] nodes, float[] dist, int skip) {
            return beam.copyTo(nodes, dist, skip);
        }
    }

    /** An insert's scratch state: a searcher plus candidate arrays. */
    private final class Inserter {
        final Searcher s = new Searcher();
        /** A node whose list is re-pruned, as the query of its distances. */
        final RowCodes.Query base = codes.new Query();
        /** A candidate of the diversity heuristic, as the query of its distances. */
        final RowCodes.Query candidate = codes.new Query();
        final int[] pick = new int[Math.max(efConstruction, 2 * m + 1)];
        final float[] pickDist = new float[pick.length];
        final int[] prune = new int[2 * m + 1];
        final float[] pruneDist = new float[prune.length];
        final int[] dropped = new int[pick.length];
        final float[] droppedDist = new float[pick.length];
        /** A re-pruned list, from slot 1, before it is written over the old one. */
        final int[] fresh = new int[1 + 2 * m];
        final int[] ownCounts = new int[MAX_LEVEL + 1];
        /** Per layer, the new node's own neighbours, as linked (its lists may change once it is reachable). */
        final int[][] own = new int[MAX_LEVEL + 1][2 * m];
    }
}
