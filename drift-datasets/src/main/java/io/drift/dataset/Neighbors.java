package io.drift.dataset;

import java.util.Arrays;
import java.util.Objects;

/**
 * The exact {@code k} nearest base rows of each query: row-major {@code queries x k} arrays of
 * base row indices and their distances, best first. The arrays are not copied; treat them as
 * read-only.
 */
public record Neighbors(int queries, int k, int[] ids, float[] distances) {
    public Neighbors {
        if (queries < 0 || k < 0) {
            throw new IllegalArgumentException("queries and k must be non-negative, got " + queries + " and " + k);
        }
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(distances, "distances");
        if ((long) queries * k != ids.length || ids.length != distances.length) {
            throw new IllegalArgumentException("expected " + queries + " x " + k + " ids and distances, got "
                    + ids.length + " ids and " + distances.length + " distances");
        }
    }

    /** The base row that ranks {@code rank} (0 = nearest) for {@code query}. */
    public int id(int query, int rank) {
        return ids[index(query, rank)];
    }

    /** The distance of the base row that ranks {@code rank} for {@code query}. */
    public float distance(int query, int rank) {
        return distances[index(query, rank)];
    }

    /**
     * The recall of a search result for {@code query}: the fraction of the true top {@code k} found
     * among the first {@code min(resultCount, k)} entries of {@code resultIds}. A result id that
     * repeats counts once. 1 when {@code k} is 0.
     */
    public double recall(int query, long[] resultIds, int resultCount) {
        Objects.checkIndex(query, queries);
        Objects.requireNonNull(resultIds, "resultIds");
        if (resultCount < 0 || resultCount > resultIds.length) {
            throw new IllegalArgumentException(
                    "resultCount " + resultCount + " is outside [0, " + resultIds.length + "]");
        }
        if (k == 0) {
            return 1.0;
        }
        long[] truth = new long[k];
        for (int r = 0; r < k; r++) {
            truth[r] = ids[query * k + r];
        }
        Arrays.sort(truth);
        boolean[] found = new boolean[k];
        int hits = 0;
        int count = Math.min(resultCount, k);
        for (int i = 0; i < count; i++) {
            int at = Arrays.binarySearch(truth, resultIds[i]);
            if (at >= 0 && !found[at]) {
                found[at] = true;
                hits++;
            }
        }
        return (double) hits / k;
    }

    private int index(int query, int rank) {
        Objects.checkIndex(query, queries);
        Objects.checkIndex(rank, k);
        return query * k + rank;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Neighbors other && queries == other.queries && k == other.k
                && Arrays.equals(ids, other.ids) && Arrays.equals(distances, other.distances);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Integer.hashCode(queries) + Integer.hashCode(k)) + Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return "Neighbors[" + queries + " queries x k=" + k + "]";
    }
}
