package io.drift;

import java.util.List;

/**
 * The answer to one search: the hits, nearest first (ties broken by the smaller id), and what the
 * search did to find them.
 *
 * @param hits             nearest first; {@code min(k, live rows)} of them
 * @param bucketsScanned   buckets whose codes were scanned
 * @param rowsScanned      rows whose codes were scanned
 * @param rowsReranked     rows whose full-precision vectors were decoded and re-scored
 * @param confidence       the target confidence the search ran with, or for a recall target the
 *                         selection confidence it reached
 * @param estimatedRecall  the recall@k this search reached by the collection's estimate, over the
 *                         memtables and the segments: the mean recall that re-checked queries had
 *                         where their confidence and estimate were this search's (before any
 *                         query was re-checked, the raw estimate)
 */
public record SearchResult(List<Hit> hits, int bucketsScanned, long rowsScanned, int rowsReranked, double confidence,
                           double estimatedRecall) {

    public SearchResult {
        hits = List.copyOf(hits);
    }

    /** The number of hits. */
    public int size() {
        return hits.size();
    }

    /** The hit at {@code rank} (0: the nearest). */
    public Hit get(int rank) {
        return hits.get(rank);
    }

    /** The ids, nearest first, as a new array. */
    public long[] ids() {
        long[] out = new long[hits.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = hits.get(i).id();
        }
        return out;
    }

    @Override
    public String toString() {
        return "SearchResult" + hits + " (" + bucketsScanned + " buckets, " + rowsScanned + " rows scanned, "
                + rowsReranked + " re-ranked, confidence " + confidence + ", estimated recall " + estimatedRecall + ")";
    }
}
