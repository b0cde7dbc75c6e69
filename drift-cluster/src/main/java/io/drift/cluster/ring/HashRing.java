package io.drift.cluster.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A consistent-hashing ring (Karger et al., 1997) with virtual nodes: each node sits at
 * {@code vnodes} points, {@code StableHash.ofString(node + "#" + i)}, and a position belongs to the
 * first point at or after it, wrapping around. Adding a node takes over only the arcs before its
 * own points, about 1/N of the ring; the virtual nodes even out the arcs' lengths.
 */
public final class HashRing {

    /** Virtual nodes per node: arcs within about ±10% of 1/N (1/sqrt(vnodes)). */
    public static final int DEFAULT_VNODES = 128;

    private final long[] points;
    private final String[] owners;
    private final List<String> nodes;

    /** A ring of {@code nodes} (at least one), each at {@code vnodes} points. */
    public HashRing(Collection<String> nodes, int vnodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a ring needs at least one node");
        }
        if (vnodes < 1) {
            throw new IllegalArgumentException("vnodes must be positive, got " + vnodes);
        }
        this.nodes = List.copyOf(new TreeSet<>(nodes));
        record Point(long at, String node) {
        }
        List<Point> all = new ArrayList<>(this.nodes.size() * vnodes);
        for (String n : this.nodes) {
            for (int i = 0; i < vnodes; i++) {
                all.add(new Point(StableHash.ofString(n + "#" + i), n));
            }
        }
        // ties (astronomically rare) broken by name, so every node builds the same ring
        all.sort((a, b) -> a.at != b.at ? Long.compareUnsigned(a.at, b.at) : a.node.compareTo(b.node));
        points = new long[all.size()];
        owners = new String[all.size()];
        for (int i = 0; i < all.size(); i++) {
            points[i] = all.get(i).at;
            owners[i] = all.get(i).node;
        }
    }

    /** The nodes, sorted. */
    public List<String> nodes() {
        return nodes;
    }

    /**
     * The distinct nodes met walking clockwise from {@code position}, nearest first: the first is
     * the position's owner, the others its successors (for skipping full or excluded nodes).
     */
    public List<String> walk(long position) {
        int i = firstAtOrAfter(position);
        List<String> order = new ArrayList<>(nodes.size());
        for (int step = 0; step < points.length && order.size() < nodes.size(); step++) {
            String n = owners[(i + step) % points.length];
            if (!order.contains(n)) {
                order.add(n);
            }
        }
        return order;
    }

    /** The node owning {@code position}. */
    public String owner(long position) {
        return owners[firstAtOrAfter(position) % points.length];
    }

    private int firstAtOrAfter(long position) {
        int lo = 0;
        int hi = points.length; // the first index whose point >= position (unsigned), or length
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(points[mid], position) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public String toString() {
        return "HashRing" + nodes + " (" + points.length + " points, " + Arrays.hashCode(points) + ")";
    }
}
