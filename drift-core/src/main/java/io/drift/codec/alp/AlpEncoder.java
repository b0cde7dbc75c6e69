package io.drift.codec.alp;

import io.drift.codec.fastlanes.FastLanes;
import io.drift.codec.fastlanes.FastLanesFor;
import java.util.Arrays;

/** Encodes one vector with ALP under a given exponent/factor pair, and estimates sizes for sampling. */
final class AlpEncoder {
    /** Estimated cost of one exception while sampling: its 32 value bits and 16 position bits. */
    static final int EXCEPTION_BITS = Integer.SIZE + Short.SIZE;

    private AlpEncoder() {}

    /**
     * Encodes {@code in[off..off+n)} (n in 1..1024) with exponent {@code e} and factor {@code f}.
     * Exception slots and padding slots get the first integer that did round-trip (zero if none).
     */
    static AlpFloats encode(float[] in, int off, int n, int e, int f) {
        int[] ints = new int[FastLanes.BLOCK];
        int[] positions = new int[n];
        int exceptions = 0;
        boolean haveFill = false;
        int fill = 0;
        for (int i = 0; i < n; i++) {
            float v = in[off + i];
            int enc = AlpMath.encode(v, e, f);
            if (AlpMath.roundTrips(v, enc, e, f)) {
                ints[i] = enc;
                if (!haveFill) {
                    fill = enc;
                    haveFill = true;
                }
            } else {
                positions[exceptions++] = i;
            }
        }
        int[] bits = new int[exceptions];
        for (int j = 0; j < exceptions; j++) {
            int p = positions[j];
            bits[j] = Float.floatToRawIntBits(in[off + p]);
            ints[p] = fill;
        }
        Arrays.fill(ints, n, FastLanes.BLOCK, fill);
        int[] packed = new int[FastLanes.packedInts(Integer.SIZE)];
        FastLanesFor.Header h = FastLanesFor.encode(ints, 0, packed, 0);
        return new AlpFloats(n, e, f, h.base(), h.bitWidth(), Arrays.copyOf(packed, h.packedInts()), bits,
                Arrays.copyOf(positions, exceptions));
    }

    /**
     * Estimated encoded bits of the {@code m} sampled values under {@code (e, f)}: the FOR bit
     * width of the values that round-trip times {@code m}, plus {@link #EXCEPTION_BITS} per exception.
     */
    static long estimateBits(float[] sample, int m, int e, int f) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        int exceptions = 0;
        for (int i = 0; i < m; i++) {
            float v = sample[i];
            int enc = AlpMath.encode(v, e, f);
            if (AlpMath.roundTrips(v, enc, e, f)) {
                min = Math.min(min, enc);
                max = Math.max(max, enc);
            } else {
                exceptions++;
            }
        }
        int width = exceptions == m ? 0 : AlpMath.forBitWidth(min, max);
        return (long) m * width + (long) exceptions * EXCEPTION_BITS;
    }
}
