package io.drift;

/**
 * How a collection's points are named, fixed when it is created: by unsigned 64-bit ids chosen by
 * the caller (the default), or by string keys (UUIDs or any UTF-8 string of 1 to 256 bytes). Keys
 * are unique like ids: an upsert of a stored key replaces its point.
 */
public enum KeyType {
    UINT64,
    STRING
}
