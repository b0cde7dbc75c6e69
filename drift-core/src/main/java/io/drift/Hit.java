package io.drift;

/**
 * One result of a search: an id and its distance to the query under the collection's
 * {@link Metric} (smaller is closer).
 */
public record Hit(long id, float distance) {

    /** The id as the unsigned decimal number clients see. */
    public String idString() {
        return Long.toUnsignedString(id);
    }

    @Override
    public String toString() {
        return idString() + "@" + distance;
    }
}
