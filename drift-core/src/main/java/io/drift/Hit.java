package io.drift;

/**
 * One result of a search: what names the point, its distance to the query under the collection's
 * {@link Metric} (smaller is closer), and its payload when the search asked for it.
 *
 * @param id       the id (in a string-keyed collection, the engine's internal id for the key)
 * @param key      the key in a string-keyed collection, else null
 * @param distance the distance to the query
 * @param payload  the payload when asked for ({@link SearchOptions#withPayload}), else null
 */
public record Hit(long id, String key, float distance, Payload payload) {

    /** A hit of an id collection, without payload. */
    public Hit(long id, float distance) {
        this(id, null, distance, null);
    }

    /** The id as the unsigned decimal number clients see. */
    public String idString() {
        return Long.toUnsignedString(id);
    }

    @Override
    public String toString() {
        return (key != null ? "'" + key + "'" : idString()) + "@" + distance;
    }
}
