package io.drift.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * One filtered search's view of the buckets (DESIGN §3, filters): which rows of each bucket meet the
 * filter and live, and from those the live counts, live shares and reliabilities that bucket
 * selection and the recall estimate weigh buckets by, so a bucket without a matching row is never
 * visited and one with few counts for few. A scan skips what {@link #excluded} marks: the deleted
 * rows and those that do not match. Per search (a thread's scratch), reused.
 */
final class FilteredBuckets {

    RoaringBitmap[] match = new RoaringBitmap[0];
    int[] live = new int[0];
    float[] alive = new float[0];
    float[] reliability = new float[0];
    private long[] words = new long[0];
    long total;

    /** Evaluates {@code filter} over every bucket of {@code table}; returns the matching live rows. */
    long start(BucketTable table, RowFilter filter) {
        int n = table.count;
        if (match.length < n) {
            match = new RoaringBitmap[n];
            live = new int[n];
            alive = new float[n];
            reliability = new float[n];
        }
        total = 0;
        for (int b = 0; b < n; b++) {
            RoaringBitmap m;
            try {
                m = table.live[b] == 0 ? null : filter.rows(table.segmentOf[b], table.localBucket[b]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int rows = table.bucketRows[b];
            long[] dead = table.tombstones[b].deadBits(table.localBucket[b]);
            int count = table.live[b] == 0 ? 0 : m == null ? table.live[b] : m.getCardinality() - deadIn(m, dead);
            match[b] = table.live[b] == 0 ? new RoaringBitmap() : m;
            live[b] = count;
            alive[b] = count > 0 ? (float) count / rows : 0f;
            reliability[b] = table.reliabilityOf(count);
            total += count;
        }
        return total;
    }

    /** Rows of {@code m} deleted in {@code dead} (null: none). */
    private static int deadIn(RoaringBitmap m, long[] dead) {
        if (dead == null) {
            return 0;
        }
        int n = 0;
        for (int w = 0; w < dead.length; w++) {
            for (long bits = dead[w]; bits != 0; bits &= bits - 1) {
                if (m.contains((w << 6) + Long.numberOfTrailingZeros(bits))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The rows of bucket {@code b} a scan skips, as a bitset over its rows: deleted, or not matching. */
    long[] excluded(BucketTable table, int b) {
        long[] dead = table.tombstones[b].deadBits(table.localBucket[b]);
        RoaringBitmap m = match[b];
        if (m == null) {
            return dead;
        }
        int rows = table.bucketRows[b];
        int nw = (rows + 63) >>> 6;
        if (words.length < nw) {
            words = new long[nw];
        }
        java.util.Arrays.fill(words, 0, nw, -1L);
        for (IntIterator it = m.getIntIterator(); it.hasNext(); ) {
            int r = it.next();
            words[r >>> 6] &= ~(1L << r);
        }
        for (int w = 0; dead != null && w < nw && w < dead.length; w++) {
            words[w] |= dead[w];
        }
        return words;
    }

    /** Whether row {@code row} of bucket {@code b} matches and lives. */
    boolean matches(BucketTable table, int b, int row) {
        return (match[b] == null || match[b].contains(row)) && !table.tombstones[b].isDead(table.localBucket[b], row);
    }
}
