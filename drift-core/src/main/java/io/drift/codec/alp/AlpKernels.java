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
     * {@code out[outOff+i] = bits(dict[codes[i]] << rightBitWidth | rights[i])} for {@code i < count}.
     *
     * <p>The dictionary lookup is written as a branch-free binary multiplexer over the code bits
     * (one loop per code width), so the JIT vectorises it; an indexed load would not be.
     *
     * @param dict eight slots; codes are at most 3 bits so every code indexes a slot
     * @param codeBitWidth bits per code, 0..3
     */
    static void decodeRd(int[] codes, int[] rights, int[] dict, int codeBitWidth, int rightBitWidth, float[] out,
            int outOff, int count) {
        int d0 = dict[0] << rightBitWidth;
        int d1 = dict[1] << rightBitWidth;
        switch (codeBitWidth) {
            case 0 -> {
                for (int i = 0; i < count; i++) {
                    out[outOff + i] = Float.intBitsToFloat(d0 | rights[i]);
                }
            }
            case 1 -> {
                int x01 = d0 ^ d1;
                for (int i = 0; i < count; i++) {
                    int left = d0 ^ (-(codes[i] & 1) & x01);
                    out[outOff + i] = Float.intBitsToFloat(left | rights[i]);
                }
            }
            case 2 -> {
                int d2 = dict[2] << rightBitWidth;
                int d3 = dict[3] << rightBitWidth;
                int x01 = d0 ^ d1;
                int x23 = d2 ^ d3;
                for (int i = 0; i < count; i++) {
                    int c = codes[i];
                    int m0 = -(c & 1);
                    int a = d0 ^ (m0 & x01);
                    int b = d2 ^ (m0 & x23);
                    int left = a ^ (-((c >>> 1) & 1) & (a ^ b));
                    out[outOff + i] = Float.intBitsToFloat(left | rights[i]);
                }
            }
            case 3 -> {
                int d2 = dict[2] << rightBitWidth;
                int d3 = dict[3] << rightBitWidth;
                int d4 = dict[4] << rightBitWidth;
                int d5 = dict[5] << rightBitWidth;
                int d6 = dict[6] << rightBitWidth;
                int d7 = dict[7] << rightBitWidth;
                int x01 = d0 ^ d1;
                int x23 = d2 ^ d3;
                int x45 = d4 ^ d5;
                int x67 = d6 ^ d7;
                for (int i = 0; i < count; i++) {
                    int c = codes[i];
                    int m0 = -(c & 1);
                    int a = d0 ^ (m0 & x01);
                    int b = d2 ^ (m0 & x23);
                    int e = d4 ^ (m0 & x45);
                    int f = d6 ^ (m0 & x67);
                    int m1 = -((c >>> 1) & 1);
                    int ab = a ^ (m1 & (a ^ b));
                    int ef = e ^ (m1 & (e ^ f));
                    int left = ab ^ (-((c >>> 2) & 1) & (ab ^ ef));
                    out[outOff + i] = Float.intBitsToFloat(left | rights[i]);
                }
            }
            default -> throw new IllegalArgumentException("code bit width " + codeBitWidth + " outside 0..3");
        }
    }
}
