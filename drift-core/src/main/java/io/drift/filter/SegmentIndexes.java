package io.drift.filter;

import io.drift.storage.BucketView;
import io.drift.storage.SegmentReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * The payload indexes of one segment: a {@link FieldIndex} per declared field over all the
 * segment's rows, numbered across its buckets (bucket {@code b}'s row {@code r} is row
 * {@code start(b) + r}), built from the rows' documents. A filter is evaluated once per segment, not
 * once per bucket: a selective one costs a few postings, whatever the number of buckets. Segments
 * are immutable, so the indexes are built once per declaration set (when a flush or a rewrite opens
 * the segment, when a collection opens, when a field index is declared) and shared by every search.
 * In memory only: the segment file holds the documents they are built from (docs/ARCHITECTURE.md,
 * "Payload indexes"). The results of the last {@value #CACHED_FILTERS} filters are kept, as Lucene
 * keeps its query cache: applications filter on the same few things (a tenant, a category) again
 * and again.
 */
public final class SegmentIndexes {

    /** Filter results kept per segment, most recently used last. */
    static final int CACHED_FILTERS = 32;

    private final IndexSpec spec;
    private final int[] start;
    private final Map<FieldPath, FieldIndex> fields;
    private final Map<String, RoaringBitmap> cache = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RoaringBitmap> eldest) {
            return size() > CACHED_FILTERS;
        }
    };

    private SegmentIndexes(IndexSpec spec, int[] start, Map<FieldPath, FieldIndex> fields) {
        this.spec = spec;
        this.start = start;
        this.fields = fields;
    }

    /** Indexes the declared fields of {@code segment}. */
    public static SegmentIndexes build(SegmentReader segment, IndexSpec spec) throws IOException {
        int[] start = starts(segment);
        Map<FieldPath, FieldIndex> fields = new HashMap<>();
        if (!spec.isEmpty()) {
            SegmentRows rows = new SegmentRows(segment, start, Map.of());
            byte[][] docs = new byte[rows.rows()][];
            for (int r = 0; r < docs.length; r++) {
                docs[r] = rows.document(r);
            }
            spec.fields().forEach((f, t) -> fields.put(f, FieldIndex.build(f, t, docs.length, r -> docs[r])));
        }
        return new SegmentIndexes(spec, start, fields);
    }

    /** Where each bucket's rows start in the segment's numbering; entry {@code B} is the row count. */
    static int[] starts(SegmentReader segment) {
        int[] start = new int[segment.bucketCount() + 1];
        for (int b = 0; b < segment.bucketCount(); b++) {
            start[b + 1] = start[b] + segment.bucketRows(b);
        }
        return start;
    }

    /** The declarations these indexes follow. */
    public IndexSpec spec() {
        return spec;
    }

    /** The first row of bucket {@code b} in the segment's numbering. */
    public int start(int b) {
        return start[b];
    }

    /** The segment's rows (the one these indexes were built from) as a table to filter. */
    public RowTable rows(SegmentReader segment) {
        return new SegmentRows(segment, start, fields);
    }

    /**
     * The rows of {@code segment} (the one these indexes were built from) that meet {@code c}: from
     * the cache when the same filter ({@code key}: its {@link ConditionKey}) was evaluated lately (segments never change, so a result stays
     * true; deletes are the caller's business), else evaluated by {@code evaluator} and cached. The
     * bitmap returned is shared: callers only read it.
     */
    public RoaringBitmap evaluate(Condition c, String key, SegmentReader segment, FilterEvaluator evaluator) {
        synchronized (cache) {
            RoaringBitmap hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        RoaringBitmap rows = evaluator.evaluate(c, rows(segment));
        // no run containers: a search counts each bucket's rows with rangeCardinality, whose cost on
        // a run container grows with its runs (a class filter spent 2.1 ms a query in it)
        rows.removeRunCompression();
        synchronized (cache) {
            cache.put(key, rows);
        }
        return rows;
    }

    /** Bytes the indexes hold, roughly. */
    public long sizeInBytes() {
        long n = 0;
        for (FieldIndex i : fields.values()) {
            n += i.sizeInBytes();
        }
        return n;
    }

    /** A segment's rows across its buckets: ids and documents read bucket by bucket. */
    private static final class SegmentRows implements RowTable {
        private final SegmentReader segment;
        private final int[] start;
        private final Map<FieldPath, FieldIndex> indexes;
        private int bucket = -1;
        private BucketView view;
        private long[] ids;

        SegmentRows(SegmentReader segment, int[] start, Map<FieldPath, FieldIndex> indexes) {
            this.segment = segment;
            this.start = start;
            this.indexes = indexes;
        }

        @Override
        public int rows() {
            return start[start.length - 1];
        }

        /** Moves to the bucket holding {@code row}; returns the row within it. */
        private int at(int row) {
            if (bucket < 0 || row < start[bucket] || row >= start[bucket + 1]) {
                int b = java.util.Arrays.binarySearch(start, row);
                b = b >= 0 ? b : -b - 2;
                while (start[b + 1] == start[b]) {
                    b++;
                }
                try {
                    view = segment.bucket(b);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                bucket = b;
                ids = null;
            }
            return row - start[bucket];
        }

        @Override
        public long id(int row) {
            int r = at(row);
            if (ids == null) {
                ids = view.ids();
            }
            return ids[r];
        }

        @Override
        public byte[] document(int row) {
            int r = at(row);
            return view.document(r);
        }

        @Override
        public FieldIndex index(FieldPath field) {
            return indexes.get(field);
        }
    }
}
