package io.drift.codec.alp;

/**
 * The per-value decode loops, shared by {@link EncodedFloats#decode} and {@link FloatVectorDecoder}.
 * Branch-free straight loops over arrays, which the JIT vectorises; exceptions are patched
 * afterwards by the callers.
 */
final class AlpKernels {
    private AlpKernels() {}

    /** {@code out[outOff+i] = (float) ints[i] * 10^f / 10^e} for {@code i < count}, as {@link AlpMath#decode}. */
    static void decodeAlp(int[] ints, int e, int f, float[] out, int outOff, int count) {
        float fact = AlpMath.EXP[f];
        float div = AlpMath.EXP[e];
        for (int i = 0; i < count; i++) {
            out[outOff + i] = (float) ints[i] * fact / div;
        }
    }

    /**
     * {@code out[outOff+i] = bits(dict[codes[i]] << rightBitWidth | rights[i])} for {@code i < count},
     * through the SIMD kernels' dictionary decode (one lane permutation per vector of codes; a
     * scalar indexed load does not vectorise).
     *
     * @param dict eight slots; codes are at most 3 bits so every code indexes a slot
     */
    static void decodeRd(int[] codes, int[] rights, int[] dict, int rightBitWidth, float[] out, int outOff, int count) {
        io.drift.vector.VectorKernels.get().dictionaryDecode(codes, dict, rightBitWidth, rights, out, outOff, count);
    }
}
