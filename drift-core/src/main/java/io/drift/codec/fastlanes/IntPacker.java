package io.drift.codec.fastlanes;

/**
 * The 32-bit kernels behind {@link FastLanes}, with frame-of-reference fused in: {@code pack}
 * subtracts {@code base} from every value before packing and {@code unpack} adds it back, both
 * with wrapping arithmetic. Arguments are not checked here.
 *
 * <p>{@code pack} and {@code unpack} dispatch to the generated per-width kernels of {@link
 * FastLanesKernels}. {@code packGeneric} and {@code unpackGeneric} are the original generic
 * loops, one loop over the 32 lanes per row with the shifts computed at run time; they are kept
 * as the reference the generated kernels are tested (and benchmarked) against.
 */
final class IntPacker {
    private static final int T = Integer.SIZE;
    private static final int LANES = FastLanes.INT_LANES;

    private IntPacker() {}

    static void pack(int[] in, int inOff, int w, int base, int[] out, int outOff) {
        FastLanesKernels.pack(in, inOff, w, base, out, outOff);
    }

    static void unpack(int[] in, int inOff, int w, int base, int[] out, int outOff) {
        FastLanesKernels.unpackFor(in, inOff, w, base, out, outOff);
    }

    static void packGeneric(int[] in, int inOff, int w, int base, int[] out, int outOff) {
        if (w == 0) {
            return;
        }
        int mask = (int) ((1L << w) - 1);
        for (int r = 0; r < T; r++) {
            int bit = r * w;
            int word = outOff + (bit >>> 5) * LANES;
            int shift = bit & (T - 1);
            int src = inOff + FastLanes.ROW_OFFSET[r];
            if (shift == 0) {
                for (int l = 0; l < LANES; l++) {
                    out[word + l] = (in[src + l] - base) & mask;
                }
            } else {
                for (int l = 0; l < LANES; l++) {
                    out[word + l] |= ((in[src + l] - base) & mask) << shift;
                }
            }
            int spill = shift + w - T;
            if (spill > 0) {
                int hi = w - spill;
                for (int l = 0; l < LANES; l++) {
                    out[word + LANES + l] = ((in[src + l] - base) & mask) >>> hi;
                }
            }
        }
    }

    static void unpackGeneric(int[] in, int inOff, int w, int base, int[] out, int outOff) {
        if (w == 0) {
            for (int r = 0; r < T; r++) {
                int dst = outOff + FastLanes.ROW_OFFSET[r];
                for (int l = 0; l < LANES; l++) {
                    out[dst + l] = base;
                }
            }
            return;
        }
        int mask = (int) ((1L << w) - 1);
        for (int r = 0; r < T; r++) {
            int bit = r * w;
            int word = inOff + (bit >>> 5) * LANES;
            int shift = bit & (T - 1);
            int dst = outOff + FastLanes.ROW_OFFSET[r];
            if (shift + w <= T) {
                for (int l = 0; l < LANES; l++) {
                    out[dst + l] = ((in[word + l] >>> shift) & mask) + base;
                }
            } else {
                int hi = T - shift;
                for (int l = 0; l < LANES; l++) {
                    out[dst + l] = (((in[word + l] >>> shift) | (in[word + LANES + l] << hi)) & mask) + base;
                }
            }
        }
    }
}
