package io.drift.bench;

import java.io.IOException;
import java.util.Map;

/**
 * One system at one search-time setting and one {@code k}, ready to answer queries. The benchmark
 * times each call to {@link #search}, so implementations should allocate what they can up front.
 */
@FunctionalInterface
public interface BenchSearcher {

    /**
     * Writes the ids of the nearest rows to {@code query}, best first, into {@code outIds} and
     * returns how many were written (at most {@code k}, at most {@code outIds.length}).
     */
    int search(float[] query, long[] outIds) throws IOException;

    /** Forgets the counters behind {@link #stats()}; called before the timed pass. */
    default void resetStats() {}

    /**
     * Per-query means of what the searches since {@link #resetStats()} did (for example {@code
     * rows_scanned}), reported with the setting's result; empty when the system counts nothing.
     */
    default Map<String, Object> stats() {
        return Map.of();
    }
}
