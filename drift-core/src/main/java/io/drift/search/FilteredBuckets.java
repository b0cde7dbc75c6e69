package io.drift.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * One filtered search's view of the buckets (DESIGN §3, filters): which rows of each bucket meet the
 * filter and live, and from those the live counts, live shares and reliabilities that bucket
 * selection and the recall estimate weigh buckets by, so a bucket without a matching row is never
 * visited and one with few counts for few. The filter is evaluated once per segment
 * ({@link RowFilter}); a bucket's rows are a range of its segment's. A scan skips what
 * {@link #excluded} marks: the deleted rows and those that do not match. Per search (a thread's
 * scratch), reused.
 */
final class FilteredBuckets {

    /** Per segment: its matching rows, or null when every row matches. */
    private RoaringBitmap[] segments = new RoaringBitmap[0];
    int[] live = new int[0];
    float[] alive = new float[0];
    float[] reliability = new float[0];
    private long[] words = new long[0];
    private int[] matching = new int[0];

    /** Evaluates {@code filter} over every segment of {@code table}; returns the matching live rows. */
    long start(BucketTable table, RowFilter filter, int segmentCount) {
        int n = table.count;
        if (live.length < n) {
            live = new int[n];
            alive = new float[n];
            reliability = new float[n];
        }
        if (segments.length < segmentCount) {
            segments = new RoaringBitmap[segmentCount];
        }
        try {
            for (int s = 0; s < segmentCount; s++) {
                segments[s] = filter.rows(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.Arrays.fill(live, 0, n, 0);
        for (int si = 0; si < segmentCount; si++) {
            count(table, si, segments[si]);
        }
        long total = 0;
        for (int b = 0; b < n; b++) {
            total += live[b];
        }
        return total;
    }

    /** Fills in the live shares and reliabilities of the buckets from their matching live rows (for selection). */
    void weigh(BucketTable table) {
        for (int b = 0; b < table.count; b++) {
            int count = live[b];
            alive[b] = count > 0 ? (float) count / table.bucketRows[b] : 0f;
            reliability[b] = count > 0 ? table.reliabilityOf(count) : 0f;
        }
    }

    /** What {@link #forEachMatch} hands over: row {@code row} of bucket {@code bucket}. */
    @FunctionalInterface
    interface RowVisitor {
        void row(int bucket, int row);
    }

    /**
     * Hands every matching live row to {@code visitor}, bucket by bucket in the index's order, rows
     * ascending: one pass over each segment's bitmap, as the rows lie in the file.
     */
    void forEachMatch(BucketTable table, int segmentCount, RowVisitor visitor) {
        for (int si = 0; si < segmentCount; si++) {
            int first = table.firstBucket[si];
            int end = si + 1 < segmentCount ? table.firstBucket[si + 1] : table.count;
            RoaringBitmap m = segments[si];
            if (m == null) {
                for (int b = first; b < end; b++) {
                    for (int r = 0; r < table.bucketRows[b]; r++) {
                        if (!table.tombstones[b].isDead(table.localBucket[b], r)) {
                            visitor.row(b, r);
                        }
                    }
                }
                continue;
            }
            int b = first;
            for (org.roaringbitmap.IntIterator it = m.getIntIterator(); it.hasNext(); ) {
                int v = it.next();
                while (v >= table.rowStart[b] + table.bucketRows[b]) {
                    b++;
                }
                int r = v - table.rowStart[b];
                if (live[b] > 0 && !table.tombstones[b].isDead(table.localBucket[b], r)) {
                    visitor.row(b, r);
                }
            }
        }
    }

    /**
     * The matching live rows of each bucket of segment {@code si} into {@code live}: a bitmap with
     * fewer rows than the segment has buckets is walked row by row, a denser one counted per bucket.
     */
    private void count(BucketTable table, int si, RoaringBitmap m) {
        int first = table.firstBucket[si];
        int end = si + 1 < table.firstBucket.length ? table.firstBucket[si + 1] : table.count;
        if (m == null) {
            System.arraycopy(table.live, first, live, first, end - first);
            return;
        }
        if (m.getCardinality() < end - first) {
            for (org.roaringbitmap.IntIterator it = m.getIntIterator(); it.hasNext(); ) {
                int row = it.next();
                int b = java.util.Arrays.binarySearch(table.rowStart, first, end, row);
                b = b >= first ? b : -b - 2;
                while (b + 1 < end && table.rowStart[b + 1] == row) {
                    b++;
                }
                if (!table.tombstones[b].isDead(table.localBucket[b], row - table.rowStart[b])) {
                    live[b]++;
                }
            }
            return;
        }
        for (int b = first; b < end; b++) {
            if (table.live[b] > 0) {
                int from = table.rowStart[b];
                live[b] = (int) m.rangeCardinality(from, from + table.bucketRows[b])
                        - deadIn(m, from, table.tombstones[b].deadBits(table.localBucket[b]));
            }
        }
    }

    /** Rows of {@code m} (from {@code from} on) deleted in {@code dead} (null: none). */
    private static int deadIn(RoaringBitmap m, int from, long[] dead) {
        if (dead == null) {
            return 0;
        }
        int n = 0;
        for (int w = 0; w < dead.length; w++) {
            for (long bits = dead[w]; bits != 0; bits &= bits - 1) {
                if (m.contains(from + (w << 6) + Long.numberOfTrailingZeros(bits))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The rows of bucket {@code b} a scan skips, as a bitset over its rows: deleted, or not matching. */
    long[] excluded(BucketTable table, int b) {
        if (segments[table.segmentOf[b]] == null) {
            return table.tombstones[b].deadBits(table.localBucket[b]);
        }
        int rows = table.bucketRows[b];
        int nw = (rows + 63) >>> 6;
        if (words.length < nw) {
            words = new long[nw];
        }
        if (matching.length < rows) {
            matching = new int[rows];
        }
        java.util.Arrays.fill(words, 0, nw, -1L);
        for (int i = 0, n = rows(table, b, matching); i < n; i++) {
            words[matching[i] >>> 6] &= ~(1L << matching[i]);
        }
        return words;
    }

    /** The matching live rows of bucket {@code b}, in order, into {@code out}; returns how many. */
    int rows(BucketTable table, int b, int[] out) {
        RoaringBitmap m = segments[table.segmentOf[b]];
        int rows = table.bucketRows[b];
        int from = table.rowStart[b];
        int n = 0;
        if (m == null) {
            for (int r = 0; r < rows; r++) {
                if (!table.tombstones[b].isDead(table.localBucket[b], r)) {
                    out[n++] = r;
                }
            }
            return n;
        }
        PeekableIntIterator it = m.getIntIterator();
        it.advanceIfNeeded(from);
        while (it.hasNext()) {
            int r = it.next() - from;
            if (r >= rows) {
                break;
            }
            if (!table.tombstones[b].isDead(table.localBucket[b], r)) {
                out[n++] = r;
            }
        }
        return n;
    }
}
