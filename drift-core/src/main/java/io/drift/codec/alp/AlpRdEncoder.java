package io.drift.codec.alp;

import io.drift.codec.fastlanes.FastLanes;
import java.util.Arrays;

/**
 * Encodes one vector with ALP_RD.
 *
 * <p>The split is chosen on a sample of up to {@link #SAMPLE_SIZE} equidistant values: for every
 * left width {@code 1..16} the left parts are counted, and for dictionaries of 1, 2, 4 and 8 of
 * the most frequent left parts the estimated size is {@code m * (rightBits + codeBits)} plus
 * {@link #EXCEPTION_BITS} for every sampled value whose left part is not in the dictionary; the
 * cheapest left width wins (ties go to the narrower left part). The vector is then encoded with
 * that width and the dictionary size that is cheapest over all its values.
 */
final class AlpRdEncoder {
    static final int SAMPLE_SIZE = 256;
    /** Cost of one exception: a 16-bit left part and a 16-bit position. */
    static final int EXCEPTION_BITS = Short.SIZE + Short.SIZE;

    private AlpRdEncoder() {}

    /** A dictionary of left parts, most frequent first, and how many values it misses. */
    private record Dictionary(int[] entries, int misses, long bits) {}

    /**
     * The working arrays of one encoding thread, for up to {@link FastLanes#BLOCK} values: the
     * maintenance threads encode every bucket they rewrite, and fresh arrays per vector of 1,024
     * values were about half of what they allocated under writes (docs/BENCHMARKS.md).
     */
    private static final class Scratch {
        final int[] bits = new int[SAMPLE_SIZE];
        final int[] lefts = new int[FastLanes.BLOCK];
        final int[] sorted = new int[FastLanes.BLOCK];
        final int[] rights = new int[FastLanes.BLOCK];
        final int[] codes = new int[FastLanes.BLOCK];
        final int[] positions = new int[FastLanes.BLOCK];
        final int[] excLefts = new int[FastLanes.BLOCK];
        final int[] values = new int[FastLanes.BLOCK];
        final int[] counts = new int[FastLanes.BLOCK];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The left width (1..16) that the sample of {@code in[off..off+n)} says is cheapest. */
    static int chooseLeftBits(float[] in, int off, int n) {
        int m = Math.min(n, SAMPLE_SIZE);
        Scratch s = SCRATCH.get();
        int[] bits = s.bits;
        for (int j = 0; j < m; j++) {
            bits[j] = Float.floatToRawIntBits(in[off + (int) ((long) j * n / m)]);
        }
        int[] lefts = s.lefts;
        int bestLeft = 1;
        long bestBits = Long.MAX_VALUE;
        for (int left = 1; left <= AlpFormat.RD_MAX_LEFT_BITS; left++) {
            for (int j = 0; j < m; j++) {
                lefts[j] = bits[j] >>> (Integer.SIZE - left);
            }
            long cost = dictionary(lefts, m, Integer.SIZE - left, s).bits();
            if (cost < bestBits) {
                bestBits = cost;
                bestLeft = left;
            }
        }
        return bestLeft;
    }

    /** Encodes {@code in[off..off+n)} (n in 1..1024) splitting off the top {@code leftBits} bits. */
    static AlpRdFloats encode(float[] in, int off, int n, int leftBits) {
        int right = Integer.SIZE - leftBits;
        int rightMask = (int) ((1L << right) - 1);
        Scratch s = SCRATCH.get();
        int[] lefts = s.lefts;
        int[] rights = s.rights;
        for (int i = 0; i < n; i++) {
            int b = Float.floatToRawIntBits(in[off + i]);
            lefts[i] = b >>> right;
            rights[i] = b & rightMask;
        }
        Arrays.fill(rights, n, FastLanes.BLOCK, 0);
        System.arraycopy(lefts, 0, s.sorted, 0, n);
        int[] dict = dictionary(s.sorted, n, right, s).entries();
        int[] codes = s.codes;
        Arrays.fill(codes, 0);
        int[] positions = s.positions;
        int[] excLefts = s.excLefts;
        int exceptions = 0;
        for (int i = 0; i < n; i++) {
            int code = indexOf(dict, lefts[i]);
            if (code >= 0) {
                codes[i] = code;
            } else {
                excLefts[exceptions] = lefts[i];
                positions[exceptions++] = i;
            }
        }
        int cbw = AlpFormat.codeBitWidth(dict.length);
        int[] packedCodes = new int[FastLanes.packedInts(cbw)];
        FastLanes.pack(codes, 0, cbw, packedCodes, 0);
        int[] packedRights = new int[FastLanes.packedInts(right)];
        FastLanes.pack(rights, 0, right, packedRights, 0);
        return new AlpRdFloats(n, right, dict, packedCodes, packedRights, Arrays.copyOf(excLefts, exceptions),
                Arrays.copyOf(positions, exceptions));
    }

    private static int indexOf(int[] dict, int left) {
        for (int c = 0; c < dict.length; c++) {
            if (dict[c] == left) {
                return c;
            }
        }
        return -1;
    }

    /**
     * The cheapest dictionary for the first {@code m} left parts in {@code lefts} (sorted in place;
     * {@code s}'s values and counts are overwritten):
     * the 1, 2, 4 or 8 most frequent left parts (ties to the smaller value), whichever minimises
     * {@code m * (right + codeBits) + misses * EXCEPTION_BITS}; ties go to the smaller dictionary.
     */
    private static Dictionary dictionary(int[] lefts, int m, int right, Scratch s) {
        Arrays.sort(lefts, 0, m);
        int[] values = s.values;
        int[] counts = s.counts;
        int runs = 0;
        for (int i = 0; i < m; ) {
            int j = i;
            while (j < m && lefts[j] == lefts[i]) {
                j++;
            }
            values[runs] = lefts[i];
            counts[runs++] = j - i;
            i = j;
        }
        int top = Math.min(AlpFormat.RD_DICT_SLOTS, runs);
        int[] entries = new int[top];
        int[] entryCounts = new int[top];
        for (int k = 0; k < top; k++) {
            int best = -1;
            for (int r = 0; r < runs; r++) {
                if (counts[r] > 0 && (best < 0 || counts[r] > counts[best])) {
                    best = r;
                }
            }
            entries[k] = values[best];
            entryCounts[k] = counts[best];
            counts[best] = 0;
        }
        Dictionary cheapest = null;
        int covered = 0;
        for (int size = 1; size <= top; size++) {
            covered += entryCounts[size - 1];
            boolean candidate = size == top || Integer.bitCount(size) == 1;
            if (!candidate) {
                continue;
            }
            int misses = m - covered;
            long bits = (long) m * (right + AlpFormat.codeBitWidth(size)) + (long) misses * EXCEPTION_BITS;
            if (cheapest == null || bits < cheapest.bits()) {
                cheapest = new Dictionary(Arrays.copyOf(entries, size), misses, bits);
            }
        }
        return cheapest;
    }
}
