package io.drift.search;

import io.drift.quant.SQ8;
import io.drift.quant.SQ8Query;
import io.drift.vector.TopK;
import io.drift.vector.VectorKernels;

/**
 * Scores the rows a filter matched one by one by their SQ8 codes, into a pool the search reranks:
 * the rows of a sparse bucket (too few match to scan the bucket whole), or every matching row of
 * an index when few match (the exact plan). The query is prepared once per bucket touched. One per
 * thread (a search's scratch).
 */
final class MatchScorer implements FilteredBuckets.RowVisitor {

    private final BucketTable table;
    private final float[] a;
    private int[] rows = new int[0];
    // the walk of {@link #all} in progress
    private float[] query;
    private TopK pool;
    private int prepared;
    private float base;
    private int buckets;
    private long scored;

    MatchScorer(BucketTable table) {
        this.table = table;
        this.a = new float[table.dim];
    }

    /** Scores the matching live rows of bucket {@code b} into {@code pool}; returns how many. */
    int bucket(FilteredBuckets f, int b, float[] q, TopK pool) {
        if (rows.length < table.bucketRows[b]) {
            rows = new int[table.bucketRows[b]];
        }
        int n = f.rows(table, b, rows);
        if (n > 0) {
            float base = prepare(b, q);
            for (int i = 0; i < n; i++) {
                score(b, rows[i], base, pool);
            }
        }
        return n;
    }

    /**
     * Scores every matching live row of the index into {@code pool}, each segment's rows once in
     * file order. Returns the buckets touched and the rows scored.
     */
    long[] all(FilteredBuckets f, int segments, float[] q, TopK pool) {
        this.query = q;
        this.pool = pool;
        prepared = -1;
        buckets = 0;
        scored = 0;
        f.forEachMatch(table, segments, this);
        this.query = null;
        this.pool = null;
        return new long[] {buckets, scored};
    }

    @Override
    public void row(int b, int r) {
        if (b != prepared) {
            base = prepare(b, query);
            prepared = b;
            buckets++;
        }
        score(b, r, base, pool);
        scored++;
    }

    private float prepare(int b, float[] q) {
        return SQ8.prepareInto(table.mins, table.steps, b * table.dim, q, table.metric, a);
    }

    private void score(int b, int r, float base, TopK pool) {
        int d = table.dim;
        VectorKernels.get().adcScanTopK(a, base, SQ8Query.scaleOf(table.metric), table.codes[b], (long) r * d, d, 1,
                SQ8Query.usesCorrection(table.metric) ? table.corrections[b] : null, 4L * r, ((long) b << 32) | r,
                pool, null);
    }
}
