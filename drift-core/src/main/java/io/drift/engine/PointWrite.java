package io.drift.engine;

/**
 * A point to write.
 *
 * @param id      its id (uint64 collections; ignored when keyed)
 * @param key     its key, UTF-8 (string-keyed collections), or null
 * @param vector  its vector
 * @param payload its payload, encoded, or null for none
 */
public record PointWrite(long id, byte[] key, float[] vector, byte[] payload) {}
