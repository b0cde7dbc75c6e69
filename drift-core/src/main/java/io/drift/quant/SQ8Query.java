package io.drift.quant;

import io.drift.vector.Distance;
import io.drift.vector.TopK;
import io.drift.vector.VectorKernels;
import java.lang.foreign.MemorySegment;

/**
 * A query prepared against one {@link SQ8} quantizer (DESIGN §6.1): the distance to an encoded row
 * is {@code base + scale·Σ a_i·c_i + corr}, one fused multiply-add per dimension over the widened
 * codes and no lookup table.
 *
 * <ul>
 *   <li>L2: {@code a_i = (q_i - min_i)·step_i}, {@code base = Σ (q_i - min_i)²}, {@code scale = -2},
 *       {@code corr = E(x)}, which gives exactly {@code ‖q - x̂‖²}.
 *   <li>DOT: {@code a_i = q_i·step_i}, {@code base = -Σ q_i·min_i}, {@code scale = -1}, no correction:
 *       {@code -q·x̂}.
 *   <li>COSINE: as DOT with {@code base = 1 - Σ q_i·min_i}: {@code 1 - q·x̂} for normalised vectors.
 * </ul>
 *
 * @param usesCorrection whether distances need the stored per-row correction {@code E(x)}
 */
public record SQ8Query(Distance metric, float[] a, float base, float scale, boolean usesCorrection) {

    /** The prepared query for {@code metric} with coefficients {@code a} and offset {@code base}. */
    public static SQ8Query of(Distance metric, float[] a, float base) {
        return new SQ8Query(metric, a, base, scaleOf(metric), usesCorrection(metric));
    }

    /** The factor applied to {@code Σ a_i·c_i}: -2 for L2, -1 for the inner-product metrics. */
    public static float scaleOf(Distance metric) {
        return metric == Distance.L2 ? -2f : -1f;
    }

    /** Whether distances under {@code metric} add the per-row correction {@code E(x)} (L2 only). */
    public static boolean usesCorrection(Distance metric) {
        return metric == Distance.L2;
    }

    public int dim() {
        return a.length;
    }

    /** The asymmetric distance to one encoded row. */
    public float distance(MemorySegment codes, long off, float correction) {
        float s = VectorKernels.get().dotCodes(a, codes, off, a.length);
        return Math.fma(scale, s, base) + (usesCorrection ? correction : 0f);
    }

    /**
     * Distances to {@code n} consecutive rows; {@code corrections} holds one little-endian float32
     * per row from byte {@code corrOff} (ignored, and may be null, when the metric needs none).
     */
    public void scan(MemorySegment codes, long codesOff, int n, MemorySegment corrections, long corrOff,
                     float[] out, int outOff) {
        VectorKernels.get().adcScan(a, base, scale, codes, codesOff, a.length, n,
                usesCorrection ? corrections : null, corrOff, out, outOff);
    }

    /** Scans {@code n} rows into a bounded top-k, row {@code r} offered as id {@code idBase + r}. */
    public int scan(MemorySegment codes, long codesOff, int n, MemorySegment corrections, long corrOff,
                    long idBase, TopK topK) {
        return VectorKernels.get().adcScanTopK(a, base, scale, codes, codesOff, a.length, n,
                usesCorrection ? corrections : null, corrOff, idBase, topK, null);
    }
}
