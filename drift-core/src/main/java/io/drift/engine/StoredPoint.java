package io.drift.engine;

/**
 * A point as stored: its id (internal in string-keyed collections), its vector (as stored:
 * normalised under COSINE; null when not asked for) and its document (key and payload; null for
 * none).
 */
public record StoredPoint(long id, float[] vector, byte[] doc) {}
