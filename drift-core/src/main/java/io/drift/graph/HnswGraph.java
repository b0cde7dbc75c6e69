package io.drift.graph;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A hierarchical navigable small-world graph (Malkov and Yashunin, 2016): its layers of
 * neighbour lists, its entry point and the writers' bookkeeping, grown by {@link HnswBuilder}s
 * (several threads at once) and walked by {@link HnswSearcher}s without locks. Nodes are ints
 * chosen by the caller (the memtable's row numbers, the centroid table's bucket numbers); the
 * vectors are elsewhere ({@link GraphVectors}).
 *
 * <p>A node's top layer is {@code floor(-ln(U)·mL)}, {@code mL = 1/ln(M)}, capped at 16, with
 * {@code U} a hash of the seed and the node (so the layers do not depend on which thread inserts
 * what); it keeps up to {@code M} links per upper layer and {@code 2M} on layer 0.
 *
 * <h2>Concurrency</h2>
 *
 * <ul>
 *   <li><b>Neighbour lists.</b> A node's list on a layer is a count followed by room for the
 *       layer's maximum of neighbours. The layer-0 lists of a page's 4,096 nodes lie one after the
 *       other in one {@code int[]} ({@code 1 + 2m} ints a node), so a walk reaches a node's list
 *       with one fetch rather than through its per-node arrays; a node's upper-layer lists are
 *       {@code int[]}s of their own. Adding a link that fits writes the new slot and then
 *       publishes the count with a release store. A list that overflows is re-pruned and written
 *       over the old one, its nodes first and then its count (never more than before). A reader
 *       loads the count with an acquire and copies the list: each slot it reads holds a node that
 *       was in the list at some moment, inserted with all its own links, so a walk racing a
 *       re-prune sees a mix of the old and the new list, never a node it cannot use.
 *   <li><b>Writers</b> lock the node whose list they change (a striped array of locks, one held
 *       at a time), so back-links and re-pruning of one node are serialised.
 *   <li><b>Entry point.</b> An immutable (node, layer) pair in a volatile field, changed under a
 *       small lock only by a node whose layer is above the current top.
 *   <li><b>Capacity.</b> The lists live in pages of 4,096 nodes that never move, in a
 *       {@link PageDirectory}. A node's slot is claimed with a compare-and-set, which is how a
 *       second insert of the same node is detected.
 * </ul>
 */
public final class HnswGraph {

    static final int MAX_LEVEL = 16;
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_MASK = (1 << PAGE_SHIFT) - 1;
    private static final int LOCK_STRIPES = 1024;

    /** Elements of a page: node → its upper layers' lists. */
    private static final VarHandle NODE = MethodHandles.arrayElementVarHandle(int[][][].class);
    /** The count slot of a list, and in-degrees. */
    static final VarHandle INT = MethodHandles.arrayElementVarHandle(int[].class);
    /** What a node on layer 0 only holds in {@link Page#upper}: it is inserted, with no upper lists. */
    private static final int[][] NO_UPPER = new int[0][];

    /** The node searches start from, and its top layer. */
    record Entry(int node, int level) {}

    /** 4,096 consecutive nodes. Never moves once created. */
    private static final class Page {
        /**
         * Per node: its lists on layers {@code 1..level} (layer {@code l} at {@code l - 1}), each
         * {@code 1 + m} ints; {@link #NO_UPPER} for a node on layer 0 only; null until claimed.
         */
        final int[][][] upper = new int[PAGE_MASK + 1][][];
        /** Every node's layer-0 list, {@code 1 + 2m} ints each, one after the other. */
        final int[] level0;
        /** Per node, for writers: how many layer-0 lists hold it (see {@link HnswBuilder}). */
        final int[] inDegree = new int[PAGE_MASK + 1];

        Page(int stride) {
            level0 = new int[(PAGE_MASK + 1) * stride];
        }
    }

    private final int m;
    private final long seed;
    private final double ml;
    /** Ints a node's layer-0 list takes in {@link Page#level0}: its count and {@code 2m} slots. */
    private final int level0Stride;
    private final PageDirectory<Page> pages;
    private volatile Entry entry;
    private final AtomicInteger inserted = new AtomicInteger();
    /** One above the highest node claimed: walks size their visited marks by it. */
    private final AtomicInteger bound = new AtomicInteger();
    private final ReentrantLock entryLock = new ReentrantLock();
    private final ReentrantLock[] nodeLocks = new ReentrantLock[LOCK_STRIPES];

    /**
     * An empty graph.
     *
     * @param m    links per node on the upper layers ({@code 2m} on layer 0), at least 2
     * @param seed seeds the layer draw
     */
    public HnswGraph(int m, long seed) {
        if (m < 2) {
            throw new IllegalArgumentException("m must be >= 2, got " + m);
        }
        this.m = m;
        this.seed = seed;
        this.ml = 1 / Math.log(m);
        this.level0Stride = 1 + maxLinks(0);
        this.pages = new PageDirectory<>(p -> new Page(level0Stride));
        for (int i = 0; i < LOCK_STRIPES; i++) {
            nodeLocks[i] = new ReentrantLock();
        }
    }

    /** Links per node on the upper layers. */
    public int m() {
        return m;
    }

    /** Nodes whose insert has completed. */
    public int size() {
        return inserted.get();
    }

    /** One above the highest node ever claimed (0 for an empty graph). */
    public int nodeBound() {
        return bound.get();
    }

    /** The most links a list on {@code level} holds. */
    int maxLinks(int level) {
        return level == 0 ? 2 * m : m;
    }

    /** The top layer of {@code node}; a pure function of the seed and the node. */
    public int levelOf(int node) {
        long z = seed + (node + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        double u = ((z >>> 11) + 1) * 0x1.0p-53; // (0, 1]
        return Math.min(MAX_LEVEL, (int) (-Math.log(u) * ml));
    }

    /**
     * Claims {@code node}'s slot and makes its (empty) lists for {@code level} upper layers.
     *
     * @throws IllegalStateException when the node was claimed before
     */
    void claim(int node, int level) {
        if (node < 0) {
            throw new IllegalArgumentException("node " + node + " is negative");
        }
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
        bound.accumulateAndGet(node + 1, Math::max);
    }

    /** Counts a completed insert. */
    void inserted() {
        inserted.incrementAndGet();
    }

    Entry entry() {
        return entry;
    }

    void setEntry(Entry e) {
        entry = e;
    }

    ReentrantLock entryLock() {
        return entryLock;
    }

    ReentrantLock lockOf(int node) {
        return nodeLocks[node & (LOCK_STRIPES - 1)];
    }

    /** Slots of the page directory; for tests. */
    public int pageSlots() {
        return pages.slots();
    }

    /** The upper layers' lists of {@code node}, or null when it is not (yet) in the graph. */
    private int[][] upper(int node) {
        Page page = pages.get(node >>> PAGE_SHIFT);
        return page == null ? null : (int[][]) NODE.getAcquire(page.upper, node & PAGE_MASK);
    }

    /** The in-degree counters of a claimed node's page (writers only). */
    private int[] inDegrees(int node) {
        return pages.get(node >>> PAGE_SHIFT).inDegree;
    }

    /** How many layer-0 lists hold {@code node}, by the writers' count (exact once inserts stop). */
    public int inDegree(int node) {
        return (int) INT.getVolatile(inDegrees(node), node & PAGE_MASK);
    }

    void addInDegree(int node, int delta) {
        INT.getAndAdd(inDegrees(node), node & PAGE_MASK, delta);
    }

    /** Takes one layer-0 in-edge off {@code node}'s count unless it is the last one; whether it did. */
    boolean release(int node) {
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
     * Copies {@code node}'s neighbours on {@code level} into {@code out} (at least
     * {@code maxLinks(level)} long) and returns how many: none when the node is not in the graph
     * or not on that layer. A list re-pruned meanwhile may be read part old, part new: every slot
     * read holds a node that was in the list at some moment (see the class comment).
     */
    int copyNeighbours(int node, int level, int[] out) {
        int[] list = listArray(node, level);
        if (list == null) {
            return 0;
        }
        int base = listBase(node, level);
        int c = (int) INT.getAcquire(list, base); // 0 for a layer-0 list not written yet
        System.arraycopy(list, base + 1, out, 0, c);
        return c;
    }

    /** A copy of {@code node}'s neighbours on {@code level} (empty when it has none there); for tests. */
    public int[] neighbours(int node, int level) {
        int[] out = new int[maxLinks(level)];
        return Arrays.copyOf(out, copyNeighbours(node, level, out));
    }

    /** Reads the count of {@code node}'s list on {@code level}: Java's stand-in for a prefetch. */
    int touchList(int node, int level) {
        int[] list = listArray(node, level);
        return list == null ? 0 : list[listBase(node, level)];
    }

    /**
     * The array holding {@code node}'s list on {@code level} (see {@link #listBase}), or null when
     * no node of its page is claimed yet or, above layer 0, the node is not on that layer. Never
     * null for a claimed node's layers.
     */
    int[] listArray(int node, int level) {
        if (level > 0) {
            int[][] up = upper(node);
            return up == null || level > up.length ? null : up[level - 1];
        }
        Page page = pages.get(node >>> PAGE_SHIFT);
        return page == null ? null : page.level0;
    }

    /** Where in {@link #listArray} the list starts: its count, then its nodes. */
    int listBase(int node, int level) {
        return level == 0 ? (node & PAGE_MASK) * level0Stride : 0;
    }
}
