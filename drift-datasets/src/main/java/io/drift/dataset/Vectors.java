package io.drift.dataset;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense matrix of {@code size()} float vectors of {@code dim()} components, stored row-major in
 * one flat array so kernels can walk it with an offset and no per-row object.
 */
public final class Vectors {
    private final int dim;
    private final int size;
    private final float[] data;

    /** Wraps {@code data} (not copied); its length must be a multiple of {@code dim}. */
    public Vectors(int dim, float[] data) {
        if (dim <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dim);
        }
        Objects.requireNonNull(data, "data");
        if (data.length % dim != 0) {
            throw new IllegalArgumentException(
                    "data length " + data.length + " is not a multiple of dimension " + dim);
        }
        this.dim = dim;
        this.size = data.length / dim;
        this.data = data;
    }

    public int dim() {
        return dim;
    }

    public int size() {
        return size;
    }

    /** The backing array (not a copy): row {@code i} starts at {@link #offset(int) offset(i)}. */
    public float[] data() {
        return data;
    }

    public int offset(int row) {
        Objects.checkIndex(row, size);
        return row * dim;
    }

    /** A copy of row {@code i}. */
    public float[] row(int i) {
        int off = offset(i);
        return Arrays.copyOfRange(data, off, off + dim);
    }

    /** Rows {@code [from, to)} as a new matrix (copied). */
    public Vectors slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        return new Vectors(dim, Arrays.copyOfRange(data, from * dim, to * dim));
    }

    @Override
    public String toString() {
        return "Vectors[" + size + " x " + dim + "]";
    }
}
