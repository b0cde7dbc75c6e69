package io.drift.search;

import java.io.IOException;
import org.roaringbitmap.RoaringBitmap;

/**
 * Which rows a filtered search may return: per segment, the rows that meet the filter, numbered
 * across the segment's buckets in order (bucket {@code b}'s row {@code r} is the rows of the buckets
 * before it plus {@code r}); deleted rows are the index's business. Asked once per segment at the
 * start of a search.
 */
@FunctionalInterface
public interface RowFilter {

    /** The rows of segment {@code segment} (in the index's segment order) that meet the filter; null: all. */
    RoaringBitmap rows(int segment) throws IOException;
}
