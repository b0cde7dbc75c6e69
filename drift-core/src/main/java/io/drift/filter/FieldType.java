package io.drift.filter;

/** What a payload index over one field keeps (docs/ARCHITECTURE.md, "Payload indexes"). */
public enum FieldType {
    /** Strings: postings of rows by value; answers keyword matches. */
    KEYWORD,
    /** Integers: postings by value and sorted values; answers integer matches and ranges. */
    INTEGER,
    /** Numbers: sorted values; answers ranges. */
    FLOAT,
    /** Booleans: rows holding true, rows holding false. */
    BOOL
}
