package io.drift.graph;

import java.util.Arrays;

/**
 * The nodes a graph walk has visited: one byte per node holding the number of the walk that last
 * visited it, so a new walk forgets the previous one by taking the next number, and the array is
 * zeroed once every 255 walks. A byte rather than an {@code int} per node: a walk over a
 * 100,000-row memtable reads its marks from 100 KB (the L2 cache) instead of 400 KB; a bit per
 * node cost more in the test-and-set than it saved in cache (docs/BENCHMARKS.md). Grows on
 * demand; not thread-safe (one per searching thread).
 */
final class VisitedSet {

    private byte[] marks;
    /** The current walk's mark, 1..255 as an unsigned byte (0 is never a mark). */
    private byte walk = 1;

    /** An empty set with room for nodes below {@code capacity}. */
    VisitedSet(int capacity) {
        marks = new byte[Math.max(64, capacity)];
    }

    /** Forgets every node, with room for nodes below {@code capacity}. */
    void clear(int capacity) {
        if (marks.length < capacity) {
            marks = Arrays.copyOf(marks, Math.max(capacity, marks.length + (marks.length >> 1)));
        }
        if (++walk == 0) {
            Arrays.fill(marks, (byte) 0);
            walk = 1;
        }
    }

    /** Marks {@code node} visited; whether it was not before. Grows for nodes past the capacity. */
    boolean add(int node) {
        byte[] m = marks;
        if (node >= m.length) { // a node inserted after the walk sized the set
            marks = m = Arrays.copyOf(m, Math.max(node + 1, m.length + (m.length >> 1)));
        }
        if (m[node] == walk) {
            return false;
        }
        m[node] = walk;
        return true;
    }
}
