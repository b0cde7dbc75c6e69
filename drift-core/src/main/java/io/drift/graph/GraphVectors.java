package io.drift.graph;

/**
 * The vectors an {@link HnswGraph} links, as its builder and searcher see them: the graph's own
 * code never touches a vector, so one builder and one searcher serve the memtable (8-bit codes
 * over a growing store) and centroid ranking (a fixed array of floats).
 */
public interface GraphVectors {

    /** A new scorer, for one thread; reusable. */
    Scorer scorer();

    /** Called once for a node, before anything can reach it (the memtable codes its row then). */
    default void prepare(int node) {}

    /**
     * Distances from one query to the graph's nodes, as the walks rank them: squared L2, or the
     * negated inner product for the inner-product metrics (smaller is nearer).
     */
    interface Scorer {

        /** The query is {@code q[off..off+dim)}. */
        void query(float[] q, int off);

        /** The query is node {@code node}'s own vector: the node being linked. */
        void queryNode(int node);

        /**
         * The query is node {@code node}'s vector as the walks see it (its codes decoded, for the
         * memtable): distances between two stored nodes, when a list is re-pruned.
         */
        void queryStored(int node);

        /** The walk's distance from the query to {@code node}. */
        float score(int node);

        /**
         * Squared L2 from the query to {@code node} as the walks see it: the geometry of the
         * diversity test under every metric (see {@link HnswBuilder}).
         */
        float l2Squared(int node);

        /**
         * Reads {@code node}'s vector ahead, so that a following {@link #score} finds it cached:
         * Java has no prefetch, and scoring rows one by one waits for each row's misses in turn.
         * Returns something it read, so that the read is not optimised away.
         */
        default int touch(int node) {
            return 0;
        }
    }
}
