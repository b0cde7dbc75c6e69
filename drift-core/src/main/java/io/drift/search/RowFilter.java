package io.drift.search;

import java.io.IOException;
import org.roaringbitmap.RoaringBitmap;

/**
 * Which rows a filtered search may return: per bucket, the rows that meet the filter (deleted rows
 * are the index's business). Asked once per bucket of the index at the start of a search.
 */
@FunctionalInterface
public interface RowFilter {

    /**
     * The rows of bucket {@code local} of segment {@code segment} (in the index's segment order)
     * that meet the filter; null when every row does.
     */
    RoaringBitmap rows(int segment, int local) throws IOException;
}
