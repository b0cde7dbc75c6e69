package io.drift.codec.alp;

import io.drift.codec.fastlanes.FastLanes;
import java.util.ArrayList;
import java.util.List;

/**
 * ALP's two-level sampling of exponent/factor pairs.
 *
 * <p><b>First level</b>, once per row group (up to {@link #ROW_GROUP_VECTORS} vectors of 1024):
 * up to {@link #RG_VECTOR_SAMPLES} equidistant vectors are sampled, {@link #SAMPLES_PER_VECTOR}
 * equidistant values from each; every pair {@code 0 <= f <= e <= 10} is tried on each sample and
 * the pair with the smallest {@linkplain AlpEncoder#estimateBits estimated size} wins that sample
 * (ties go to the smaller exponent, then the smaller factor: integers get {@code e = 0}, decimals
 * with {@code k} digits {@code e = k}). The at most
 * {@link #MAX_COMBINATIONS} pairs that won most often become the row group's candidates, most
 * frequent first (ties ordered the same way). The average best estimate also tells whether ALP
 * is hopeless for the row group
 * ({@link Plan#alpHopeless()}), in which case the vectors go straight to ALP_RD or RAW.
 *
 * <p><b>Second level</b>, per vector: {@link #SAMPLES_PER_VECTOR} equidistant values are tried
 * with the candidates in order, stopping after {@link #EARLY_EXIT} candidates in a row fail to
 * beat the best so far. With a single candidate nothing is sampled.
 */
final class AlpSampler {
    static final int ROW_GROUP_VECTORS = 100;
    static final int RG_VECTOR_SAMPLES = 8;
    static final int SAMPLES_PER_VECTOR = 32;
    static final int MAX_COMBINATIONS = 5;
    static final int EARLY_EXIT = 2;
    /** Estimated ALP bits per value at or above which ALP is not attempted for the row group. */
    static final double HOPELESS_BITS_PER_VALUE = 30.0;

    /** An exponent/factor pair. */
    record Combination(int e, int f) {}

    /**
     * The result of first-level sampling.
     *
     * @param combinations candidate pairs, most promising first; never empty
     * @param alpHopeless whether the sample says ALP costs about as much as raw bits
     */
    record Plan(List<Combination> combinations, boolean alpHopeless) {}

    private AlpSampler() {}

    /** First-level sampling over the row group {@code in[off..off+n)}, n >= 1. */
    static Plan firstLevel(float[] in, int off, int n) {
        int vectors = (n + FastLanes.BLOCK - 1) / FastLanes.BLOCK;
        int sampledVectors = Math.min(RG_VECTOR_SAMPLES, vectors);
        int[][] wins = new int[AlpMath.MAX_EXPONENT + 1][AlpMath.MAX_EXPONENT + 1];
        float[] sample = new float[SAMPLES_PER_VECTOR];
        long bestBitsTotal = 0;
        long sampledValues = 0;
        for (int s = 0; s < sampledVectors; s++) {
            int v = (int) ((long) s * vectors / sampledVectors);
            int start = v * FastLanes.BLOCK;
            int len = Math.min(FastLanes.BLOCK, n - start);
            int m = sample(in, off + start, len, sample);
            long best = Long.MAX_VALUE;
            int bestE = 0;
            int bestF = 0;
            for (int e = 0; e <= AlpMath.MAX_EXPONENT; e++) {
                for (int f = 0; f <= e; f++) {
                    long bits = AlpEncoder.estimateBits(sample, m, e, f);
                    if (bits < best) {
                        best = bits;
                        bestE = e;
                        bestF = f;
                    }
                }
            }
            wins[bestE][bestF]++;
            bestBitsTotal += best;
            sampledValues += m;
        }
        List<Combination> combos = new ArrayList<>();
        while (combos.size() < MAX_COMBINATIONS) {
            int most = 0;
            int mostE = -1;
            int mostF = -1;
            for (int e = 0; e <= AlpMath.MAX_EXPONENT; e++) {
                for (int f = 0; f <= e; f++) {
                    if (wins[e][f] > most) {
                        most = wins[e][f];
                        mostE = e;
                        mostF = f;
                    }
                }
            }
            if (mostE < 0) {
                break;
            }
            combos.add(new Combination(mostE, mostF));
            wins[mostE][mostF] = 0;
        }
        boolean hopeless = bestBitsTotal >= HOPELESS_BITS_PER_VALUE * sampledValues;
        return new Plan(List.copyOf(combos), hopeless);
    }

    /** Second-level choice among the plan's candidates for the vector {@code in[off..off+n)}, n >= 1. */
    static Combination secondLevel(float[] in, int off, int n, Plan plan) {
        List<Combination> combos = plan.combinations();
        if (combos.size() == 1) {
            return combos.get(0);
        }
        float[] sample = new float[SAMPLES_PER_VECTOR];
        int m = sample(in, off, n, sample);
        Combination best = null;
        long bestBits = Long.MAX_VALUE;
        int worse = 0;
        for (Combination c : combos) {
            long bits = AlpEncoder.estimateBits(sample, m, c.e(), c.f());
            if (bits < bestBits) {
                bestBits = bits;
                best = c;
                worse = 0;
            } else if (++worse == EARLY_EXIT) {
                break;
            }
        }
        return best;
    }

    /** Copies up to {@code dst.length} equidistant values of {@code in[off..off+n)}; returns how many. */
    static int sample(float[] in, int off, int n, float[] dst) {
        int m = Math.min(n, dst.length);
        for (int j = 0; j < m; j++) {
            dst[j] = in[off + (int) ((long) j * n / m)];
        }
        return m;
    }
}
