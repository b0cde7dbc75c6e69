package io.drift;

import java.util.Objects;

/**
 * One vector and the id the caller chose for it. Ids are unsigned 64-bit integers: every
 * {@code long} is valid, negative values standing for those above {@code 2^63 - 1}.
 */
public record Point(long id, float[] vector) {
    public Point {
        Objects.requireNonNull(vector, "vector");
    }

    /** The id as the unsigned decimal number clients see. */
    public String idString() {
        return Long.toUnsignedString(id);
    }
}
