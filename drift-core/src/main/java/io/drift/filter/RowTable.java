package io.drift.filter;

/**
 * Rows a filter is evaluated over: a bucket of a segment, or a memtable. Rows are numbered from 0;
 * deleted rows are the caller's business (filters say which rows match, tombstones which live).
 */
public interface RowTable {

    /** Rows of the table, deleted ones included. */
    int rows();

    /** The id of row {@code row}. */
    long id(int row);

    /** The document (key and payload) of row {@code row}, or null. */
    byte[] document(int row);

    /** The index over {@code field}, or null when the table has none. */
    FieldIndex index(FieldPath field);
}
