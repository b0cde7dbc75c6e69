package io.drift.search;

/**
 * What one search found: ids and distances best first (ties broken by the smaller id), and what
 * it did to find them.
 *
 * @param ids             result ids, best first
 * @param distances       their distances, ascending
 * @param bucketsScanned  buckets whose codes were scanned
 * @param rowsScanned     rows whose codes were scanned
 * @param rowsReranked    rows whose full-precision vectors were decoded and re-scored
 * @param confidence      the target confidence the L1 search ran with
 * @param estimatedRecall the recall@k the calibration predicts at that confidence, or {@code NaN}
 */
public record SearchHits(long[] ids, float[] distances, int bucketsScanned, long rowsScanned, int rowsReranked,
                         double confidence, double estimatedRecall) {

    public int size() {
        return ids.length;
    }
}
