package io.drift.graph;

import io.drift.vector.VectorKernels;

/**
 * Vectors in one flat float array, row {@code i} at {@code i·dim}, scored exactly: squared L2, or
 * the negated inner product. The centroid table's graph links its centroids through it.
 */
public final class FloatVectors implements GraphVectors {

    private final float[] data;
    private final int dim;
    private final boolean innerProduct;

    /** Rows {@code data[i·dim..(i+1)·dim)} (kept, not copied), compared by {@code -a·b} when {@code innerProduct}. */
    public FloatVectors(float[] data, int dim, boolean innerProduct) {
        this.data = data;
        this.dim = dim;
        this.innerProduct = innerProduct;
    }

    @Override
    public Scorer scorer() {
        return new RowScorer();
    }

    /** A query and distances from it; the query is read in place (the caller leaves it unchanged). */
    private final class RowScorer implements Scorer {
        private float[] q;
        private int qOff;

        @Override
        public void query(float[] v, int off) {
            q = v;
            qOff = off;
        }

        @Override
        public void queryNode(int node) {
            query(data, node * dim);
        }

        @Override
        public void queryStored(int node) {
            query(data, node * dim);
        }

        @Override
        public float score(int node) {
            VectorKernels k = VectorKernels.get();
            return innerProduct ? -k.dot(q, qOff, data, node * dim, dim) : k.l2Squared(q, qOff, data, node * dim, dim);
        }

        @Override
        public float l2Squared(int node) {
            return VectorKernels.get().l2Squared(q, qOff, data, node * dim, dim);
        }
    }
}
