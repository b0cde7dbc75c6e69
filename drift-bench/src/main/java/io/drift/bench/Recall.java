package io.drift.bench;

import io.drift.dataset.Neighbors;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntToLongFunction;

/** Aggregates per-query recall against exact ground truth. */
public final class Recall {

    /** Recall@k of one query's results against the true nearest neighbours, in [0, 1]. */
    @FunctionalInterface
    public interface Truth {
        /**
         * @param query the query's index in the dataset's query set
         * @param resultIds the ids returned, best first, in {@code resultIds[0..resultCount)}
         */
        double recall(int query, long[] resultIds, int resultCount);
    }

    private Recall() {}

    /**
     * Recall@k of {@code ids} against the first {@code k} of query {@code query}'s true neighbours,
     * whose row numbers {@code idOf} maps to the ids the search returns.
     */
    public static double ofFirst(Neighbors truth, int query, int k, long[] ids, IntToLongFunction idOf) {
        Set<Long> want = new HashSet<>();
        for (int r = 0; r < k; r++) {
            want.add(idOf.applyAsLong(truth.id(query, r)));
        }
        int hits = 0;
        for (long id : ids) {
            hits += want.contains(id) ? 1 : 0;
        }
        return (double) hits / k;
    }

    /**
     * The mean over queries of recall@k: query {@code q} returned {@code counts[q]} ids in {@code
     * results[q]}.
     */
    public static double mean(Truth truth, long[][] results, int[] counts) {
        if (results.length != counts.length) {
            throw new IllegalArgumentException(results.length + " result lists but " + counts.length + " counts");
        }
        if (results.length == 0) {
            throw new IllegalArgumentException("no queries");
        }
        double sum = 0;
        for (int q = 0; q < results.length; q++) {
            double r = truth.recall(q, results[q], counts[q]);
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalStateException("recall of query " + q + " is " + r + ", outside [0, 1]");
            }
            sum += r;
        }
        return sum / results.length;
    }
}
