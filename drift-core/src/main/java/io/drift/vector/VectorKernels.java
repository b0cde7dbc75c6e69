package io.drift.vector;

import java.lang.foreign.MemorySegment;

/**
 * The numeric kernels every hot loop of Drift runs on. Two implementations exist, a Panama
 * (Vector API) one and its scalar twin; {@link #get()} returns the one chosen once at start-up by
 * {@link KernelSelector} (Panama when the Vector API is readable and its preferred species is at
 * least 128 bits wide; the system property {@code drift.kernels=scalar|panama} overrides).
 *
 * <p>Float vectors live either on the heap ({@code float[]} with an offset, so a whole dataset can
 * be one flat array) or in a {@link MemorySegment} (a mapped file), as little-endian float32 at a
 * byte offset. SQ8 codes are unsigned bytes in a segment.
 *
 * <h2>SQ8 asymmetric distance (DESIGN §6.1)</h2>
 * A quantized row {@code x̂_i = min_i + step_i·c_i} is compared with a float query through
 * {@code dist = base + scale·Σ a_i·c_i + corr(x)}, where {@code a}, {@code base}, {@code scale}
 * and the per-row correction come from {@code io.drift.quant.SQ8Query}: for squared L2
 * {@code a_i = (q_i - min_i)·step_i}, {@code base = Σ (q_i - min_i)²}, {@code scale = -2} and
 * {@code corr = Σ (step_i·c_i)²}. One fused multiply-add per dimension over widened codes, no
 * lookup table.
 */
public interface VectorKernels {

    /** The implementation chosen at start-up. */
    static VectorKernels get() {
        return KernelSelector.CHOSEN;
    }

    /** The scalar twin, always available. */
    static VectorKernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** A short name of the implementation, for logs and benchmark reports. */
    String name();

    // ---- float vectors on the heap -------------------------------------------------------

    /** Squared Euclidean distance {@code Σ (a_i - b_i)²}. */
    float l2Squared(float[] a, int aOff, float[] b, int bOff, int len);

    /** Inner product {@code Σ a_i·b_i}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int len);

    /** Cosine similarity {@code a·b / (|a|·|b|)}; 0 when either vector is all zeros. */
    float cosine(float[] a, int aOff, float[] b, int bOff, int len);

    /**
     * Squared L2 distances from {@code q[0..d)} to {@code count} rows of {@code d} floats stored
     * row-major in {@code data} from {@code dataOff}: {@code out[outOff + r]}. One query load
     * serves several rows, which is what ranking many short centroids needs.
     */
    void l2SquaredRows(float[] q, float[] data, int dataOff, int d, int count, float[] out, int outOff);

    /** Inner products of {@code q[0..d)} with {@code count} rows, as {@link #l2SquaredRows}. */
    void dotRows(float[] q, float[] data, int dataOff, int d, int count, float[] out, int outOff);

    default float l2Squared(float[] a, float[] b) {
        checkSameLength(a.length, b.length);
        return l2Squared(a, 0, b, 0, a.length);
    }

    default float dot(float[] a, float[] b) {
        checkSameLength(a.length, b.length);
        return dot(a, 0, b, 0, a.length);
    }

    default float cosine(float[] a, float[] b) {
        checkSameLength(a.length, b.length);
        return cosine(a, 0, b, 0, a.length);
    }

    // ---- a heap query against float32 rows in a segment ----------------------------------

    /** Squared L2 between {@code q[qOff..qOff+len)} and {@code len} floats at byte {@code off} of {@code s}. */
    float l2Squared(float[] q, int qOff, MemorySegment s, long off, int len);

    /** Inner product between {@code q[qOff..qOff+len)} and {@code len} floats at byte {@code off} of {@code s}. */
    float dot(float[] q, int qOff, MemorySegment s, long off, int len);

    /** Cosine similarity between {@code q[qOff..qOff+len)} and {@code len} floats at byte {@code off} of {@code s}. */
    float cosine(float[] q, int qOff, MemorySegment s, long off, int len);

    // ---- SQ8 -----------------------------------------------------------------------------

    /** {@code Σ a_i·c_i} over the {@code d} unsigned byte codes at byte {@code off} of {@code codes}. */
    float dotCodes(float[] a, MemorySegment codes, long off, int d);

    /**
     * {@code Σ a_i·c_i} over the {@code d} unsigned byte codes at {@code codes[off..]}: the same
     * sum over codes on the heap (the memtable graph's; a separate entry so that the segment scans'
     * memory accesses stay of one kind for the JIT).
     */
    float dotCodes(float[] a, byte[] codes, int off, int d);

    /**
     * ADC scan of a block of {@code n} rows of {@code d} codes stored row-major from byte
     * {@code codesOff}: {@code out[outOff + r] = base + scale·Σ a_i·c_{r,i} + corr_r}, where
     * {@code corr_r} is the float32 at byte {@code corrOff + 4r} of {@code corrections}, or 0 when
     * {@code corrections} is null.
     */
    void adcScan(float[] a, float base, float scale, MemorySegment codes, long codesOff, int d, int n,
                 MemorySegment corrections, long corrOff, float[] out, int outOff);

    /**
     * The same scan feeding a bounded top-k directly: row {@code r} is offered as id
     * {@code idBase + r}. Rows whose bit is set in {@code dead} (bit {@code r & 63} of word
     * {@code r >>> 6}; null when none are) are never offered. Returns the number of rows that
     * entered the top-k.
     */
    int adcScanTopK(float[] a, float base, float scale, MemorySegment codes, long codesOff, int d, int n,
                    MemorySegment corrections, long corrOff, long idBase, TopK topK, long[] dead);

    /** Whether row {@code r} is marked in the bitset {@code dead} (null: no row is). */
    static boolean isDead(long[] dead, int r) {
        return dead != null && (dead[r >>> 6] & (1L << r)) != 0;
    }

    /**
     * Prepares an L2 query for ADC against one SQ8 quantizer (DESIGN §6.1): writes
     * {@code a[i] = (q_i - min_i)·step_i} for {@code i < d} and returns {@code Σ (q_i - min_i)²};
     * {@code min} and {@code step} are read from index {@code off}.
     */
    float adcPrepareL2(float[] q, float[] min, float[] step, int off, int d, float[] a);

    /**
     * Prepares an inner-product query for ADC: writes {@code a[i] = q_i·step_i} for {@code i < d}
     * and returns {@code Σ q_i·min_i}; {@code min} and {@code step} are read from index {@code off}.
     */
    float adcPrepareDot(float[] q, float[] min, float[] step, int off, int d, float[] a);

    /**
     * SQ8-encodes {@code v[vOff..vOff+d)}: {@code c_i = (int) (clamp((v_i - min_i)·invStep_i, 0, 255) + 0.5)}
     * written as unsigned bytes at byte {@code outOff} of {@code out}. Returns the row correction
     * {@code Σ (step_i·c_i)²}. Inputs must be finite (checked by the caller).
     */
    float encodeSq8(float[] v, int vOff, float[] min, float[] step, float[] invStep, int d,
                    MemorySegment out, long outOff);

    // ---- codecs --------------------------------------------------------------------------

    /**
     * ALP_RD's dictionary decode: {@code out[outOff + i] = intBitsToFloat(dict[codes[i] & 7] << shift | rights[i])}
     * for {@code i < count}. {@code dict} has at least 8 entries.
     */
    void dictionaryDecode(int[] codes, int[] dict, int shift, int[] rights, float[] out, int outOff, int count);

    private static void checkSameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("vector lengths differ: " + a + " vs " + b);
        }
    }
}
