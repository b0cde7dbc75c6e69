package io.drift.bench;

import java.io.IOException;

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
}
