package io.drift.engine;

/**
 * The points a call names: by uint64 id ({@code ids}) in an id collection, by UTF-8 key
 * ({@code keys}) in a string-keyed one. Exactly one of the two is given.
 */
public record PointRefs(long[] ids, byte[][] keys) {

    public PointRefs {
        if ((ids == null) == (keys == null)) {
            throw new IllegalArgumentException("points are named by ids or by keys, not both or neither");
        }
    }

    public static PointRefs ofIds(long... ids) {
        return new PointRefs(ids, null);
    }

    public static PointRefs ofKeys(byte[]... keys) {
        return new PointRefs(null, keys);
    }

    public int size() {
        return ids != null ? ids.length : keys.length;
    }

    public boolean byKey() {
        return keys != null;
    }
}
