package io.drift.maintain;

import io.drift.vector.VectorKernels;
import java.util.Arrays;

/**
 * The two inner loops of k-means, on blocks of {@code W = width()} vectors stored transposed
 * ({@code ct[ctOff + i·W + j]} is dimension {@code i} of vector {@code j} of the block): four other
 * vectors are multiplied against a whole block at once, dimension by dimension, so every value
 * loaded feeds several fused multiply-adds and no sum is reduced across lanes. Each dot product is
 * one sum in dimension order, whatever block or lane it sits in, so it comes out the same however
 * the work is cut. The Panama implementation is used whenever {@link VectorKernels#get()} chose
 * the Panama kernels, the scalar one otherwise.
 */
abstract class DotBlocks {

    /** The implementation matching the chosen vector kernels. */
    static DotBlocks get() {
        return Holder.CHOSEN;
    }

    /** Vectors per transposed block. */
    abstract int width();

    /**
     * One block of a nearest-centroid search for the four rows at {@code x[o0 ..]} … {@code x[o3 ..]}
     * against centroids {@code base .. base + W} (squared norms {@code norms[base + j]}): for row
     * {@code r} and lane {@code j}, the score {@code norms[base + j] − 2·x_r·c_j} replaces
     * {@code best[(slot + r)·W + j]} when strictly smaller, and {@code base + j} then replaces
     * {@code index[(slot + r)·W + j]}. Lane {@code j} thus keeps the first best of centroids
     * {@code j, j + W, j + 2W, …}.
     */
    abstract void nearest4(float[] x, int o0, int o1, int o2, int o3, float[] ct, int ctOff, int d, float[] norms,
                           int base, float[] best, int[] index, int slot);

    /**
     * One block of a k-means++ step: the block holds rows {@code base .. base + W} (squared norms
     * {@code rowNorms[base + j]}), {@code c[cOff + r·d ..]} for {@code r < 4} are candidate centres
     * (squared norms {@code candNorms[r]}). For candidate {@code r} and lane {@code j},
     * {@code v = min(best[base + j], max(0, rowNorms[base + j] + candNorms[r] − 2·c_r·x_j))} is
     * stored to {@code out[outRow + r][base + j]} and added to {@code acc[r·W + j]}.
     */
    abstract void seed4(float[] c, int cOff, float[] candNorms, float[] ct, int ctOff, int d, float[] rowNorms,
                        float[] best, int base, float[][] out, int outRow, float[] acc);

    /**
     * {@code Σ (a_i − b_i)²}, summed in a fixed order (lane-wise, then the lanes in order), so the
     * same in interpreted and compiled code. The Vector API leaves the order of a cross-lane
     * reduction open, and its interpreted and compiled reductions do round differently.
     */
    abstract float squaredDistance(float[] a, int aOff, float[] b, int bOff, int d);

    /** {@code Σ a_i²}, summed in the fixed order of {@link #squaredDistance}. */
    abstract float squaredNorm(float[] a, int off, int d);

    private static final class Holder {
        static final DotBlocks CHOSEN =
                VectorKernels.get() == VectorKernels.scalar() ? new Scalar() : PanamaDotBlocks.create();
    }

    /** Plain loops, for when the Vector API is not available. */
    static final class Scalar extends DotBlocks {
        private static final int W = 8;

        @Override
        int width() {
            return W;
        }

        @Override
        void nearest4(float[] x, int o0, int o1, int o2, int o3, float[] ct, int ctOff, int d, float[] norms,
                      int base, float[] best, int[] index, int slot) {
            int[] offsets = {o0, o1, o2, o3};
            float[] dots = new float[W];
            for (int r = 0; r < 4; r++) {
                dots(x, offsets[r], ct, ctOff, d, dots);
                for (int j = 0; j < W; j++) {
                    float s = norms[base + j] - 2 * dots[j];
                    int at = (slot + r) * W + j;
                    if (s < best[at]) {
                        best[at] = s;
                        index[at] = base + j;
                    }
                }
            }
        }

        @Override
        void seed4(float[] c, int cOff, float[] candNorms, float[] ct, int ctOff, int d, float[] rowNorms,
                   float[] best, int base, float[][] out, int outRow, float[] acc) {
            float[] dots = new float[W];
            for (int r = 0; r < 4; r++) {
                dots(c, cOff + r * d, ct, ctOff, d, dots);
                for (int j = 0; j < W; j++) {
                    float v = Math.min(best[base + j], Math.max(0f, rowNorms[base + j] + candNorms[r] - 2 * dots[j]));
                    out[outRow + r][base + j] = v;
                    acc[r * W + j] += v;
                }
            }
        }

        @Override
        float squaredDistance(float[] a, int aOff, float[] b, int bOff, int d) {
            float sum = 0;
            for (int i = 0; i < d; i++) {
                float t = a[aOff + i] - b[bOff + i];
                sum = Math.fma(t, t, sum);
            }
            return sum;
        }

        @Override
        float squaredNorm(float[] a, int off, int d) {
            float sum = 0;
            for (int i = 0; i < d; i++) {
                sum = Math.fma(a[off + i], a[off + i], sum);
            }
            return sum;
        }

        private static void dots(float[] x, int o, float[] ct, int ctOff, int d, float[] dots) {
            Arrays.fill(dots, 0f);
            for (int i = 0; i < d; i++) {
                float v = x[o + i];
                for (int j = 0; j < W; j++) {
                    dots[j] = Math.fma(v, ct[ctOff + i * W + j], dots[j]);
                }
            }
        }
    }
}
