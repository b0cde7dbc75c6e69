package io.drift;

import io.drift.vector.VectorKernels;

/**
 * How a collection compares vectors. Every metric is exposed as a <em>distance</em>: smaller is
 * closer, so one top-k structure serves all three.
 *
 * <ul>
 *   <li>{@link #L2}: squared Euclidean distance {@code Σ (a_i - b_i)²}.
 *   <li>{@link #COSINE}: {@code 1 - cos(a, b)}; collections normalise vectors at ingest, so this is
 *       {@code 1 - a·b} on stored data.
 *   <li>{@link #DOT}: negated inner product {@code -a·b} (maximum inner product search).
 * </ul>
 */
public enum Metric {
    L2 {
        @Override
        public float distance(float[] a, int aOff, float[] b, int bOff, int len) {
            return VectorKernels.get().l2Squared(a, aOff, b, bOff, len);
        }
    },
    COSINE {
        @Override
        public float distance(float[] a, int aOff, float[] b, int bOff, int len) {
            return 1f - VectorKernels.get().cosine(a, aOff, b, bOff, len);
        }
    },
    DOT {
        @Override
        public float distance(float[] a, int aOff, float[] b, int bOff, int len) {
            return -VectorKernels.get().dot(a, aOff, b, bOff, len);
        }
    };

    /** Distance between {@code a[aOff..aOff+len)} and {@code b[bOff..bOff+len)}; smaller is closer. */
    public abstract float distance(float[] a, int aOff, float[] b, int bOff, int len);

    /** Distance between two whole vectors of equal length. */
    public final float distance(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "dimension mismatch: " + a.length + " vs " + b.length);
        }
        return distance(a, 0, b, 0, a.length);
    }
}
