package io.drift;

import io.drift.vector.Distance;

/**
 * How a collection compares vectors. Every metric is exposed as a <em>distance</em>: smaller is
 * closer.
 *
 * <ul>
 *   <li>{@link #L2}: squared Euclidean distance {@code Σ (a_i - b_i)²}.
 *   <li>{@link #COSINE}: {@code 1 - cos(a, b)}; collections normalise vectors at ingest, so this is
 *       {@code 1 - a·b} on stored data.
 *   <li>{@link #DOT}: negated inner product {@code -a·b} (maximum inner product search).
 * </ul>
 */
public enum Metric {
    L2(Distance.L2),
    COSINE(Distance.COSINE),
    DOT(Distance.DOT);

    private final Distance distance;

    Metric(Distance distance) {
        this.distance = distance;
    }

    /** Distance between {@code a[aOff..aOff+len)} and {@code b[bOff..bOff+len)}; smaller is closer. */
    public float distance(float[] a, int aOff, float[] b, int bOff, int len) {
        return distance.distance(a, aOff, b, bOff, len);
    }

    /** Distance between two whole vectors of equal length. */
    public float distance(float[] a, float[] b) {
        return distance.distance(a, b);
    }

    Distance internal() {
        return distance;
    }

    static Metric of(Distance d) {
        return valueOf(d.name());
    }
}
