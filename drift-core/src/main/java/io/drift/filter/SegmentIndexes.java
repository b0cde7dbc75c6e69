package io.drift.filter;

import io.drift.storage.BucketView;
import io.drift.storage.SegmentReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The payload indexes of one segment: for every bucket, a {@link FieldIndex} per declared field,
 * built from the bucket's documents. Segments are immutable, so the indexes are built once per
 * declaration set (when a flush or a rewrite opens the segment, when a collection opens, and when a
 * field index is declared) and shared by every search. In memory only: a segment file holds the
 * documents the indexes are built from (docs/ARCHITECTURE.md, "Payload indexes").
 */
public final class SegmentIndexes {

    private final IndexSpec spec;
    private final Map<FieldPath, FieldIndex>[] buckets;

    @SuppressWarnings("unchecked")
    private SegmentIndexes(IndexSpec spec, int bucketCount) {
        this.spec = spec;
        this.buckets = new Map[bucketCount];
    }

    /** Indexes the declared fields of every bucket of {@code segment}. */
    public static SegmentIndexes build(SegmentReader segment, IndexSpec spec) throws IOException {
        SegmentIndexes out = new SegmentIndexes(spec, segment.bucketCount());
        for (int b = 0; b < segment.bucketCount(); b++) {
            Map<FieldPath, FieldIndex> m = new HashMap<>();
            if (!spec.isEmpty()) {
                BucketView view = segment.bucket(b);
                byte[][] docs = new byte[view.rows()][];
                for (int r = 0; r < docs.length; r++) {
                    docs[r] = view.document(r);
                }
                spec.fields().forEach((f, t) -> m.put(f, FieldIndex.build(f, t, docs.length, r -> docs[r])));
            }
            out.buckets[b] = m;
        }
        return out;
    }

    /** The declarations these indexes follow. */
    public IndexSpec spec() {
        return spec;
    }

    /** Bucket {@code b} of {@code segment} (the one these indexes were built from) as a table to filter. */
    public RowTable bucket(SegmentReader segment, int b) throws IOException {
        return new BucketRows(segment.bucket(b), buckets[b]);
    }

    /** Bytes the indexes hold, roughly. */
    public long sizeInBytes() {
        long n = 0;
        for (Map<FieldPath, FieldIndex> m : buckets) {
            for (FieldIndex i : m.values()) {
                n += i.sizeInBytes();
            }
        }
        return n;
    }

    /** A bucket's rows: ids decoded on first use, documents read row by row. */
    private static final class BucketRows implements RowTable {
        private final BucketView view;
        private final Map<FieldPath, FieldIndex> indexes;
        private long[] ids;

        BucketRows(BucketView view, Map<FieldPath, FieldIndex> indexes) {
            this.view = view;
            this.indexes = indexes;
        }

        @Override
        public int rows() {
            return view.rows();
        }

        @Override
        public long id(int row) {
            if (ids == null) {
                ids = view.ids();
            }
            return ids[row];
        }

        @Override
        public byte[] document(int row) {
            return view.document(row);
        }

        @Override
        public FieldIndex index(FieldPath field) {
            return indexes.get(field);
        }
    }
}
