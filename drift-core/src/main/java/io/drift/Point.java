package io.drift;

import java.util.Objects;

/**
 * One point: a vector, what names it, and its payload. In a collection of uint64 ids
 * ({@link KeyType#UINT64}) the {@code id} names it and {@code key} is null; ids are unsigned
 * 64-bit integers, every {@code long} valid, negative values standing for those above
 * {@code 2^63 - 1}. In a string-keyed collection the {@code key} names it, and a point read back
 * carries the engine's internal id for the key in {@code id} (writes ignore it).
 *
 * @param id      the id, or (string-keyed) the internal id
 * @param key     the string key, or null
 * @param vector  the vector; null in a point read back without its vector
 * @param payload the payload ({@link Payload#empty()} for none)
 */
public record Point(long id, String key, float[] vector, Payload payload) {
    public Point {
        Objects.requireNonNull(payload, "payload");
    }

    /** A point of an id collection, without payload. */
    public Point(long id, float[] vector) {
        this(id, null, Objects.requireNonNull(vector, "vector"), Payload.empty());
    }

    /** A point of an id collection with {@code payload}. */
    public Point(long id, float[] vector, Payload payload) {
        this(id, null, Objects.requireNonNull(vector, "vector"), payload);
    }

    /** A point of a string-keyed collection with {@code payload}. */
    public Point(String key, float[] vector, Payload payload) {
        this(0, Objects.requireNonNull(key, "key"), Objects.requireNonNull(vector, "vector"), payload);
    }

    /** What names the point: its key when it has one, else its id. */
    public PointId pointId() {
        return key != null ? PointId.of(key) : PointId.of(id);
    }

    /** The id as the unsigned decimal number clients see. */
    public String idString() {
        return Long.toUnsignedString(id);
    }
}
