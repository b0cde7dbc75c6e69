package io.drift.graph;

/**
 * A graph walk's beam: the (at most) {@code capacity} nearest nodes found so far, kept sorted by
 * distance, each marked once it has been expanded. One structure does the work of best-first
 * search's two heaps (candidates to expand and results): the next node to expand is the nearest
 * unexpanded one in the beam, and the walk ends when every node in it has been expanded. That
 * visits the same nodes as the two-heap loop, which stops at the first candidate farther than the
 * {@code capacity}-th result: candidates outside the beam are the ones it would never expand.
 * This is the sorted candidate list of Vamana's greedy search (Subramanya et al., "DiskANN",
 * NeurIPS 2019).
 *
 * <p>Why not the heaps: a walk over a large graph pops a candidate heap of hundreds of entries
 * once per expansion and the result heap once per accepted neighbour, each pop a chain of
 * unpredictable comparisons. The beam is one array of {@code capacity} longs (512 bytes at 64):
 * a node enters with a binary search and a shift, and the next one to expand is found by moving a
 * cursor forward.
 *
 * <p>Each entry is one {@code long}: the distance's bits made order-preserving as a signed int in
 * the high half, then the node and the expanded mark in the low half ({@code node << 1 | mark}),
 * so entries compare as longs, by distance first and then by node. Nodes are non-negative ints.
 * Not thread-safe; reusable.
 */
public final class Beam {
    private long[] entries = new long[64];
    private int capacity;
    private int size;
    /** Every entry before it has been expanded. */
    private int cursor;

    /** Empties the beam and sets how many nodes it keeps (at least 1). */
    public void clear(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        if (entries.length < capacity + 1) {
            entries = new long[capacity + 1];
        }
        this.capacity = capacity;
        size = 0;
        cursor = 0;
    }

    public int size() {
        return size;
    }

    /**
     * Offers an unexpanded node; it enters if the beam has room or it is nearer than the farthest,
     * which then leaves. Returns its rank in the beam (0 for the nearest), or -1 if it did not
     * enter. The caller offers each node at most once.
     */
    public int offer(int node, float dist) {
        long e = key(dist) | ((long) node << 1);
        if (size == capacity && e >= entries[size - 1]) {
            return -1;
        }
        int lo = 0;
        int hi = size;
        while (lo < hi) { // the first entry greater than e
            int mid = (lo + hi) >>> 1;
            if (entries[mid] > e) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        int moved = size == capacity ? size - 1 - lo : size - lo;
        System.arraycopy(entries, lo, entries, lo + 1, moved);
        entries[lo] = e;
        if (size < capacity) {
            size++;
        }
        if (lo < cursor) {
            cursor = lo;
        }
        return lo;
    }

    /** Whether some node in the beam is still to be expanded. */
    public boolean hasNext() {
        return cursor < size;
    }

    /** The nearest unexpanded node, marked expanded; {@link #hasNext} must be true. */
    public int next() {
        int at = cursor;
        long e = entries[at] | 1L;
        entries[at] = e;
        int c = at + 1;
        while (c < size && (entries[c] & 1L) != 0) {
            c++;
        }
        cursor = c;
        return node(e);
    }

    /** The node {@link #next} would return now, or -1 if none: for a prefetch, marks nothing. */
    public int peek() {
        return cursor < size ? node(entries[cursor]) : -1;
    }

    /** The {@code i}-th nearest node in the beam. */
    public int node(int i) {
        return node(entries[i]);
    }

    /** The distance of the {@code i}-th nearest node in the beam. */
    public float dist(int i) {
        return distance(entries[i]);
    }

    /**
     * Copies the beam's nodes and distances into the arrays, nearest first, leaving out
     * {@code skip} (-1 for none); returns how many.
     */
    public int copyTo(int[] nodes, float[] dist, int skip) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            long e = entries[i];
            int node = node(e);
            if (node != skip) {
                nodes[n] = node;
                dist[n] = distance(e);
                n++;
            }
        }
        return n;
    }

    private static int node(long e) {
        return (int) e >>> 1;
    }

    /** The distance's bits in the high half, ordered as signed ints order the floats (NaN excluded). */
    private static long key(float d) {
        int b = Float.floatToRawIntBits(d);
        return (long) (b ^ ((b >> 31) & 0x7FFFFFFF)) << 32;
    }

    private static float distance(long e) {
        int b = (int) (e >> 32);
        return Float.intBitsToFloat(b ^ ((b >> 31) & 0x7FFFFFFF));
    }

    /** Sorts {@code ids[0..n)} and {@code dist[0..n)} together by ascending distance (insertion sort: n is small). */
    public static void sortByDistance(int[] ids, float[] dist, int n) {
        for (int i = 1; i < n; i++) {
            int id = ids[i];
            float d = dist[i];
            int j = i - 1;
            while (j >= 0 && dist[j] > d) {
                ids[j + 1] = ids[j];
                dist[j + 1] = dist[j];
                j--;
            }
            ids[j + 1] = id;
            dist[j + 1] = d;
        }
    }
}
