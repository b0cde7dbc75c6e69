package io.drift;

/**
 * The answer to one search: ids and distances best first (ties broken by the smaller id), and what
 * the search did to find them.
 *
 * @param ids              result ids, best first
 * @param distances        their distances under the collection's {@link Metric}, ascending
 * @param bucketsScanned   buckets whose codes were scanned
 * @param rowsScanned      rows whose codes were scanned
 * @param rowsReranked     rows whose full-precision vectors were decoded and re-scored
 * @param confidence       the target confidence the search ran with
 * @param estimatedRecall  the recall@k the index's calibration predicts at that confidence, or
 *                         {@code NaN} when the index has no calibration yet
 */
public record SearchResult(long[] ids, float[] distances, int bucketsScanned, long rowsScanned, int rowsReranked,
                           double confidence, double estimatedRecall) {

    public int size() {
        return ids.length;
    }
}
