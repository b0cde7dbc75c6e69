package io.drift.vector;

/**
 * The engine's distance functions, one per collection metric. Every one is a distance: smaller is
 * closer, so one top-k structure serves all three.
 *
 * <ul>
 *   <li>{@link #L2}: squared Euclidean distance {@code Σ (a_i - b_i)²}.
 *   <li>{@link #COSINE}: {@code 1 - cos(a, b)}; stored vectors and queries are normalised first,
 *       so on them this is {@code 1 - a·b}.
 *   <li>{@link #DOT}: negated inner product {@code -a·b} (maximum inner product search).
 * </ul>
 *
 * <p>The names are the ones the manifest and the segment header record.
 */
public enum Distance {
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
            throw new IllegalArgumentException("dimension mismatch: " + a.length + " vs " + b.length);
        }
        return distance(a, 0, b, 0, a.length);
    }
}
