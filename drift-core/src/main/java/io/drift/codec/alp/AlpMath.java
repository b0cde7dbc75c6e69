package io.drift.codec.alp;

/**
 * The float32 arithmetic of ALP, shared by the encoder (which verifies every value by decoding
 * it) and the decoders, so both sides compute bit-identical results.
 *
 * <p>A value {@code v} is encoded with exponent {@code e} (0..10) and factor {@code f} (0..e) as
 * {@code n = fastRound(v * 10^e / 10^f)} and decoded as {@code (float) n * 10^f / 10^e}, all in
 * float32 arithmetic evaluated left to right (Java float arithmetic is strict IEEE 754, so this
 * is reproducible on every platform). Only values whose decoded bits equal the original bits are
 * encoded; every other value is an exception.
 *
 * <p>Decoding divides by the exact power of ten instead of multiplying by the rounded
 * {@code 10^-e} of the paper: for float32 the multiplication misses about a quarter of two-digit
 * decimals (for example prices parsed from text), while a correctly rounded division of an exact
 * integer gives back the float nearest to the decimal, which is what parsing produced. The
 * division is still a single vectorised instruction per lane group.
 */
final class AlpMath {
    /** Largest exponent for float32 (10^10 is the largest power of ten exactly representable as a float). */
    static final int MAX_EXPONENT = 10;

    /** {@code 2^22 + 2^23}: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
    static final float MAGIC = 12_582_912f;

    /** {@code EXP[i] = 10^i}, exact in float32. */
    static final float[] EXP = new float[MAX_EXPONENT + 1];

    static {
        for (int i = 0; i <= MAX_EXPONENT; i++) {
            EXP[i] = (float) Math.pow(10, i);
        }
    }

    private AlpMath() {}

    /**
     * The integer ALP proposes for {@code v} under {@code (e, f)}; only meaningful when
     * {@link #decode} gives {@code v} back. Out-of-range and non-finite values yield an arbitrary int.
     */
    static int encode(float v, int e, int f) {
        float scaled = v * EXP[e] / EXP[f];
        return (int) ((scaled + MAGIC) - MAGIC);
    }

    /** The float an encoded integer stands for under {@code (e, f)}. */
    static float decode(int n, int e, int f) {
        return (float) n * EXP[f] / EXP[e];
    }

    /** Whether {@code n} decodes back to exactly the bits of {@code v}. */
    static boolean roundTrips(float v, int n, int e, int f) {
        return Float.floatToRawIntBits(decode(n, e, f)) == Float.floatToRawIntBits(v);
    }

    /** Bits needed to store {@code max - min} as an unsigned number, for {@code min <= max}. */
    static int forBitWidth(int min, int max) {
        return Integer.SIZE - Integer.numberOfLeadingZeros(max - min);
    }
}
