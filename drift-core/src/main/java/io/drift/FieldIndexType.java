package io.drift;

/**
 * The kinds of payload index ({@link VectorCollection#createFieldIndex}): what a filter on the
 * field can be answered from without reading payloads.
 */
public enum FieldIndexType {
    /** Strings: answers keyword matches. */
    KEYWORD,
    /** Integers: answers integer matches and ranges. */
    INTEGER,
    /** Numbers: answers ranges. */
    FLOAT,
    /** Booleans: answers boolean matches. */
    BOOL
}
