package io.drift.vector;

import java.util.Arrays;

/**
 * A bounded collection of the {@code k} smallest (distance, id) pairs seen so far: a binary
 * max-heap on distance, so the current worst survivor is at the root and rejecting a candidate
 * costs one comparison. Ties on distance are broken by the smaller id, which makes results
 * deterministic whatever order candidates arrive in.
 *
 * <p>Reusable ({@link #clear()}) and allocation-free after construction. Not thread-safe.
 */
public final class TopK {
    private final int k;
    private final float[] dist;
    private final long[] ids;
    private int size;

    public TopK(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        this.k = k;
        this.dist = new float[k];
        this.ids = new long[k];
    }

    public int k() {
        return k;
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == k;
    }

    public void clear() {
        size = 0;
    }

    /**
     * The distance a candidate must beat to enter: the current k-th distance when full, +∞
     * otherwise.
     */
    public float threshold() {
        return size == k ? dist[0] : Float.POSITIVE_INFINITY;
    }

    /** Copies the distances kept, in no particular order, into {@code out}; returns how many. */
    public int copyDistances(float[] out, int offset) {
        System.arraycopy(dist, 0, out, offset, size);
        return size;
    }

    /** Copies the ids kept, in no particular order, into {@code out}; returns how many. */
    public int copyIds(long[] out, int offset) {
        System.arraycopy(ids, 0, out, offset, size);
        return size;
    }

    /** Offers a candidate; returns whether it was kept. NaN distances are never kept. */
    public boolean offer(long id, float distance) {
        if (size < k) {
            if (Float.isNaN(distance)) {
                return false;
            }
            int i = size++;
            dist[i] = distance;
            ids[i] = id;
            siftUp(i);
            return true;
        }
        if (!worse(dist[0], ids[0], distance, id)) {
            return false;
        }
        dist[0] = distance;
        ids[0] = id;
        siftDown(0);
        return true;
    }

    /** True when (d1, id1) ranks after (d2, id2). */
    private static boolean worse(float d1, long id1, float d2, long id2) {
        return d1 > d2 || (d1 == d2 && Long.compareUnsigned(id1, id2) > 0);
    }

    private void siftUp(int i) {
        float d = dist[i];
        long id = ids[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(d, id, dist[parent], ids[parent])) {
                break;
            }
            dist[i] = dist[parent];
            ids[i] = ids[parent];
            i = parent;
        }
        dist[i] = d;
        ids[i] = id;
    }

    private void siftDown(int i) {
        float d = dist[i];
        long id = ids[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && worse(dist[right], ids[right], dist[child], ids[child])) {
                child = right;
            }
            if (!worse(dist[child], ids[child], d, id)) {
                break;
            }
            dist[i] = dist[child];
            ids[i] = ids[child];
            i = child;
        }
        dist[i] = d;
        ids[i] = id;
    }

    /**
     * Drains the heap into {@code outIds}/{@code outDist} best first and empties it; returns the
     * number of results written.
     */
    public int drainSorted(long[] outIds, float[] outDist) {
        int n = size;
        for (int i = n - 1; i >= 0; i--) {
            outIds[i] = ids[0];
            outDist[i] = dist[0];
            size--;
            if (size > 0) {
                dist[0] = dist[size];
                ids[0] = ids[size];
                siftDown(0);
            }
        }
        return n;
    }

    /** The ids best first, as a new array; empties the heap. */
    public long[] drainIds() {
        long[] outIds = new long[size];
        drainSorted(outIds, new float[size]);
        return outIds;
    }

    @Override
    public String toString() {
        return "TopK{k=" + k + ", size=" + size + ", ids=" + Arrays.toString(Arrays.copyOf(ids, size)) + "}";
    }
}
