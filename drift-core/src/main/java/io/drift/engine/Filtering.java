package io.drift.engine;

import io.drift.filter.Condition;
import io.drift.filter.ConditionKey;
import io.drift.filter.FilterEvaluator;
import io.drift.filter.IndexSpec;
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

    /**
     * The rows of each of {@code v}'s segments that meet {@code c}, for the L1 search; {@code key} is
     * {@code c}'s {@link ConditionKey}, computed once per call.
     */
    RowFilter rowFilter(Version v, Condition c, String key) {
        IndexSpec s = spec;
        List<SegmentRef> segments = v.segments();
        FilterEvaluator e = evaluators.get();
        return segment -> {
            SegmentRef ref = segments.get(segment);
            return ref.indexes(s).evaluate(c, key, ref.reader(), e);
        };
    }

    /** The rows of {@code m} that meet {@code c}, whose key is {@code key} (deleted ones included); shared, read only. */
    RoaringBitmap memtableRows(MemTable m, Condition c, String key) {
        return memtables.rows(m, c, key, spec, evaluators.get());
    }

    /** The live rows of {@code v} that meet {@code c}, counted from the row sets and tombstones: no row is read. */
    long count(Version v, Condition c) {
        String key = ConditionKey.of(c);
        long n = 0;
        for (MemTable m : Searcher.memtablesNewestFirst(v)) {
            int size = m.size();
            for (IntIterator it = memtableRows(m, c, key).getIntIterator(); it.hasNext(); ) {
                int r = it.next();
                if (r < size && !m.isDead(r)) {
                    n++;
                }
            }
        }
        return v.l1() == null ? n : n + v.l1().liveRows(rowFilter(v, c, key));
    }

    /**
     * Hands every live row of {@code v} that meets {@code c} (null: every live row) to
     * {@code visitor}; its document and vector are read only when asked for, while {@code v} is
     * pinned.
     */
    void forEachLive(Version v, Condition c, Visitor visitor) throws IOException {
        String key = c == null ? null : ConditionKey.of(c);
        for (MemTable m : Searcher.memtablesNewestFirst(v)) {
            int size = m.size();
            RoaringBitmap matching = c == null ? null : memtableRows(m, c, key);
            for (int r = next(matching, 0, size); r < size; r = next(matching, r + 1, size)) {
                if (!m.isDead(r)) {
                    int row = r;
                    visitor.row(m.id(row), () -> m.document(row), () -> {
                        float[] out = new float[dim];
                        m.vector(row, out);
                        return out;
                    });
                }
            }
        }
        RowFilter f = c == null ? null : rowFilter(v, c, key);
        List<SegmentRef> segments = v.segments();
        for (int si = 0; si < segments.size(); si++) {
            SegmentRef s = segments.get(si);
            RoaringBitmap matching = f == null ? null : f.rows(si);
            int start = 0;
            for (int b = 0; b < s.reader().bucketCount(); start += s.reader().bucketRows(b), b++) {
                int end = start + s.reader().bucketRows(b);
                if (s.tombstones().liveRows(b) > 0 && next(matching, start, end) < end) {
                    visitBucket(s, b, matching, start, end, visitor);
                }
            }
        }
    }

    /**
     * Hands the live rows of bucket {@code b} of {@code s}, rows {@code [start, end)} of the
     * segment's numbering, that {@code matching} holds (null: all) to {@code visitor}.
     */
    private void visitBucket(SegmentRef s, int b, RoaringBitmap matching, int start, int end, Visitor visitor)
            throws IOException {
        BucketView view = s.reader().bucket(b);
        long[] ids = view.ids();
        BucketView.RowDecoder decoder = new BucketView.RowDecoder();
        for (int v = next(matching, start, end); v < end; v = next(matching, v + 1, end)) {
            int r = v - start;
            if (!s.tombstones().isDead(b, r)) {
                visitor.row(ids[r], () -> view.document(r), () -> {
                    float[] out = new float[dim];
                    view.vector(r, out, 0, decoder);
                    return out;
                });
            }
        }
    }

    /** The first row from {@code from} on that {@code matching} holds (null: every row), or {@code end}. */
    private static int next(RoaringBitmap matching, int from, int end) {
        if (matching == null || from >= end) {
            return from;
        }
        long n = matching.nextValue(from);
        return n < 0 || n >= end ? end : (int) n;
    }
}
