package io.drift.engine;

import io.drift.vector.Distance;
import io.drift.vector.VectorKernels;
import java.util.Objects;

/** Checks the vectors a collection is given (to store or to search with) and prepares them. */
final class VectorInput {

    private VectorInput() {}

    /**
     * Checks {@code v} (dimension {@code dim}, finite components, a direction under COSINE) and
     * returns the copy to store or search with: unit length under COSINE.
     *
     * @throws IllegalArgumentException naming {@code what} and the problem
     */
    static float[] prepare(float[] v, int dim, Distance metric, String collection, String what) {
        Objects.requireNonNull(v, what);
        if (v.length != dim) {
            throw new IllegalArgumentException(what + " has dimension " + v.length + ", collection '" + collection
                    + "' has " + dim);
        }
        for (int i = 0; i < dim; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(what + " has " + v[i] + " at component " + i);
            }
        }
        float[] out = v.clone();
        if (metric == Distance.COSINE) {
            double norm = Math.sqrt(VectorKernels.get().dot(v, v));
            if (!(norm > 0) || Double.isInfinite(norm)) {
                throw new IllegalArgumentException(what + " has no direction (norm " + norm + ") for COSINE");
            }
            for (int i = 0; i < dim; i++) {
                out[i] = (float) (v[i] / norm);
            }
        }
        return out;
    }
}
