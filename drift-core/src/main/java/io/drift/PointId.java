package io.drift;

import java.util.Objects;

/**
 * What names a point in a call: an unsigned 64-bit id (collections of {@link KeyType#UINT64}) or a
 * string key ({@link KeyType#STRING}). Immutable.
 */
public final class PointId {

    private final long id;
    private final String key;

    private PointId(long id, String key) {
        this.id = id;
        this.key = key;
    }

    /** The point with id {@code id} (unsigned: negative values stand for those above {@code 2^63 - 1}). */
    public static PointId of(long id) {
        return new PointId(id, null);
    }

    /** The point with key {@code key}. */
    public static PointId of(String key) {
        return new PointId(0, Objects.requireNonNull(key, "key"));
    }

    /** Whether a key names the point. */
    public boolean isKey() {
        return key != null;
    }

    /** The id; 0 for a key. */
    public long id() {
        return id;
    }

    /** The key, or null for an id. */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PointId p && id == p.id && Objects.equals(key, p.key);
    }

    @Override
    public int hashCode() {
        return key != null ? key.hashCode() : Long.hashCode(id);
    }

    @Override
    public String toString() {
        return key != null ? "'" + key + "'" : Long.toUnsignedString(id);
    }
}
