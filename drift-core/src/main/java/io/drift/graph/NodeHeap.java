package io.drift.graph;

import java.util.Arrays;

/**
 * A binary heap of (node, distance): a max-heap or a min-heap on distance. Growable, reusable.
 * The candidates and results of {@link HnswGraph}'s searches (the memtable's graph walks with a
 * {@link Beam}); not thread-safe.
 */
public final class NodeHeap {
    private final boolean max;
    private int[] nodes = new int[64];
    private float[] dist = new float[64];
    private int size;

    public NodeHeap(boolean max) {
        this.max = max;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    public int topNode() {
        return nodes[0];
    }

    public float topDist() {
        return dist[0];
    }

    private boolean above(float a, float b) {
        return max ? a > b : a < b;
    }

    public void push(int node, float d) {
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, size * 2);
            dist = Arrays.copyOf(dist, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!above(d, dist[parent])) {
                break;
            }
            nodes[i] = nodes[parent];
            dist[i] = dist[parent];
            i = parent;
        }
        nodes[i] = node;
        dist[i] = d;
    }

    public void pop() {
        int node = nodes[--size];
        float d = dist[size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && above(dist[child + 1], dist[child])) {
                child++;
            }
            if (!above(dist[child], d)) {
                break;
            }
            nodes[i] = nodes[child];
            dist[i] = dist[child];
            i = child;
        }
        if (size > 0) {
            nodes[i] = node;
            dist[i] = d;
        }
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
