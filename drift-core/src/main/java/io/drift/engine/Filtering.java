package io.drift.engine;

import io.drift.filter.Condition;
import io.drift.filter.ConditionKey;
import io.drift.filter.FieldIndex;
import io.drift.filter.FieldPath;
import io.drift.filter.FilterEvaluator;
import io.drift.filter.IndexSpec;
import io.drift.filter.RowTable;
import io.drift.memtable.MemTable;
import io.drift.search.RowFilter;
import io.drift.storage.BucketView;
import io.drift.version.SegmentRef;
import io.drift.version.Version;
import java.io.IOException;
import java.util.List;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * A collection's filters over one Version (DESIGN §3, filters): which rows of each memtable and of
 * each bucket meet a filter (through the segments' payload indexes for the declared fields, by
 * reading payloads for the rest), and the live rows that do, one by one, for counts, scrolls and
 * deletes by filter. Holds the declared indexes; thread-safe.
 */
final class Filtering {

    /** What {@link #forEachLive} hands over: one live row that meets the filter. */
    interface Visitor {
        void row(long id, DocReader doc, VectorReader vector) throws IOException;
    }

    /** Reads a visited row's document (key and payload; null for none), on demand. */
    interface DocReader {
        byte[] read();
    }

    /** Reads a visited row's vector, on demand. */
    interface VectorReader {
        float[] read();
    }

    private static final System.Logger LOG = System.getLogger(Filtering.class.getName());

    private final int dim;
    private final ThreadLocal<FilterEvaluator> evaluators = ThreadLocal.withInitial(FilterEvaluator::new);
    private final MemtableFilters memtables = new MemtableFilters();
    private volatile IndexSpec spec;

    Filtering(int dim, IndexSpec spec) {
        this.dim = dim;
        this.spec = spec;
    }

    IndexSpec spec() {
        return spec;
    }

    void setSpec(IndexSpec spec) {
        this.spec = spec;
    }

    /** Builds the payload indexes of {@code segments} for the declared fields (a flush's, at open). */
    void index(List<SegmentRef> segments) throws IOException {
        IndexSpec s = spec;
        if (s.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        int built = 0;
        long rows = 0;
        for (SegmentRef r : segments) {
            if (!r.hasIndexes(s)) {
                r.indexes(s);
                built++;
                rows += r.reader().rows();
            }
        }
        if (built > 0) {
            LOG.log(System.Logger.Level.INFO, "payload indexes ({0}) of {1} segment(s), {2} rows, built in {3} ms",
                    s, built, rows, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The rows of each of {@code v}'s segments that meet {@code c}, for the L1 search. */
    RowFilter rowFilter(Version v, Condition c) {
        IndexSpec s = spec;
        List<SegmentRef> segments = v.segments();
        FilterEvaluator e = evaluators.get();
        String key = ConditionKey.of(c);
        return segment -> {
            SegmentRef ref = segments.get(segment);
            return ref.indexes(s).evaluate(c, key, ref.reader(), e);
        };
    }

    /** The rows of {@code m} that meet {@code c} (deleted ones included); shared, read only. */
    RoaringBitmap memtableRows(MemTable m, Condition c) {
        return memtables.rows(m, c, spec, evaluators.get());
    }

    /**
     * The live rows of {@code v} that meet {@code c}, counted from the row sets and the tombstones
     * alone: no row is read.
     */
    long count(Version v, Condition c) throws IOException {
        long n = 0;
        for (MemTable m : Searcher.memtablesNewestFirst(v)) {
            int size = m.size();
            for (IntIterator it = memtableRows(m, c).getIntIterator(); it.hasNext(); ) {
                int r = it.next();
                if (r < size && !m.isDead(r)) {
                    n++;
                }
            }
        }
        RowFilter f = rowFilter(v, c);
        List<SegmentRef> segments = v.segments();
        for (int si = 0; si < segments.size(); si++) {
            SegmentRef s = segments.get(si);
            RoaringBitmap matching = f.rows(si);
            int start = 0;
            for (int b = 0; b < s.reader().bucketCount(); start += s.reader().bucketRows(b), b++) {
                int rows = s.reader().bucketRows(b);
                long inBucket = matching.rangeCardinality(start, start + rows);
                if (inBucket == 0 || s.tombstones().liveRows(b) == 0) {
                    continue;
                }
                long[] dead = s.tombstones().deadBits(b);
                for (int w = 0; dead != null && w < dead.length; w++) {
                    for (long bits = dead[w]; bits != 0; bits &= bits - 1) {
                        if (matching.contains(start + (w << 6) + Long.numberOfTrailingZeros(bits))) {
                            inBucket--;
                        }
                    }
                }
                n += inBucket;
            }
        }
        return n;
    }

    /**
     * Hands every live row of {@code v} that meets {@code c} (null: every live row) to
     * {@code visitor}; its document and vector are read only when asked for, while {@code v} is
     * pinned.
     */
    void forEachLive(Version v, Condition c, Visitor visitor) throws IOException {
        for (MemTable m : Searcher.memtablesNewestFirst(v)) {
            int size = m.size();
            RoaringBitmap rows = c == null ? all(size) : memtableRows(m, c);
            for (IntIterator it = rows.getIntIterator(); it.hasNext(); ) {
                int r = it.next();
                if (r < size && !m.isDead(r)) {
                    visitor.row(m.id(r), () -> m.document(r), () -> {
                        float[] out = new float[dim];
                        m.vector(r, out);
                        return out;
                    });
                }
            }
        }
        RowFilter f = c == null ? null : rowFilter(v, c);
        List<SegmentRef> segments = v.segments();
        for (int si = 0; si < segments.size(); si++) {
            SegmentRef s = segments.get(si);
            RoaringBitmap matching = f == null ? null : f.rows(si);
            int start = 0;
            for (int b = 0; b < s.reader().bucketCount(); start += s.reader().bucketRows(b), b++) {
                int rows = s.reader().bucketRows(b);
                if (s.tombstones().liveRows(b) == 0
                        || (matching != null && matching.rangeCardinality(start, start + rows) == 0)) {
                    continue;
                }
                visitBucket(s, b, matching == null ? all(rows) : shifted(matching, start, rows), visitor);
            }
        }
    }

    /** Hands the live rows {@code rows} of bucket {@code b} of {@code s} to {@code visitor}. */
    private void visitBucket(SegmentRef s, int b, RoaringBitmap rows, Visitor visitor) throws IOException {
        BucketView view = s.reader().bucket(b);
        long[] ids = view.ids();
        BucketView.RowDecoder decoder = new BucketView.RowDecoder();
        for (IntIterator it = rows.getIntIterator(); it.hasNext(); ) {
            int r = it.next();
            if (!s.tombstones().isDead(b, r)) {
                visitor.row(ids[r], () -> view.document(r), () -> {
                    float[] out = new float[dim];
                    view.vector(r, out, 0, decoder);
                    return out;
                });
            }
        }
    }

    /** The values of {@code m} in {@code [start, start + rows)}, less {@code start}. */
    private static RoaringBitmap shifted(RoaringBitmap m, int start, int rows) {
        RoaringBitmap out = new RoaringBitmap();
        org.roaringbitmap.PeekableIntIterator it = m.getIntIterator();
        it.advanceIfNeeded(start);
        while (it.hasNext()) {
            int r = it.next() - start;
            if (r >= rows) {
                break;
            }
            out.add(r);
        }
        return out;
    }

    private static RoaringBitmap all(int n) {
        RoaringBitmap all = new RoaringBitmap();
        all.add(0L, n);
        return all;
    }
}
