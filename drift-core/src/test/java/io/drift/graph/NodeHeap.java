package io.drift.graph;

import java.util.Arrays;

/**
 * A binary heap of (node, distance): a max-heap or a min-heap on distance. The candidates and
 * results of textbook best-first graph search, which {@link BeamTest} compares the beam with.
 */
final class NodeHeap {
    private final boolean max;
    private int[] nodes = new int[64];
    private float[] dist = new float[64];
    private int size;

    NodeHeap(boolean max) {
        this.max = max;
    }

    int size() {
        return size;
    }

    int topNode() {
        return nodes[0];
    }

    float topDist() {
        return dist[0];
    }

    private boolean above(float a, float b) {
        return max ? a > b : a < b;
    }

    void push(int node, float d) {
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

    void pop() {
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
}
