package io.drift;

import java.util.SplittableRandom;

/** Seeded test data shared by the index tests. */
public final class TestVectors {

    private TestVectors() {}

    /**
     * {@code n} rows of {@code d} floats around {@code clusters} Gaussian centres (components
     * N(0, 10²)); each row is its centre plus N(0, (10·spread)²) noise per component.
     */
    public static float[] clustered(int n, int d, int clusters, double spread, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] centres = new float[clusters * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) (rnd.nextGaussian() * 10);
        }
        float[] data = new float[n * d];
        for (int r = 0; r < n; r++) {
            int c = rnd.nextInt(clusters);
            for (int i = 0; i < d; i++) {
                data[r * d + i] = centres[c * d + i] + (float) (rnd.nextGaussian() * 10 * spread);
            }
        }
        return data;
    }

    /**
     * {@code n} rows of {@code d} floats whose distribution drifts in arrival order: a Gaussian
     * mixture of {@code max(8, min(256, n/1000))} centres (components N(0, 1)) that take a random
     * step (N(0, 0.25²) per component) at each of 10 phases; row {@code i} is in phase
     * {@code ⌊10·i/n⌋}, picks a centre at random and adds N(0, 0.5²) noise per component. The
     * benchmarks' synthetic drift set has the same shape.
     */
    public static float[] drifting(int n, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int clusters = Math.max(8, Math.min(256, n / 1000));
        float[] centres = new float[clusters * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) rnd.nextGaussian();
        }
        float[] data = new float[n * d];
        int phase = 0;
        for (int r = 0; r < n; r++) {
            for (; phase < (int) (10L * r / n); phase++) {
                for (int i = 0; i < centres.length; i++) {
                    centres[i] += (float) (rnd.nextGaussian() * 0.25);
                }
            }
            int c = rnd.nextInt(clusters);
            for (int i = 0; i < d; i++) {
                data[r * d + i] = centres[c * d + i] + (float) (rnd.nextGaussian() * 0.5);
            }
        }
        return data;
    }

    /** Scales every row of {@code data} to unit length, in place. */
    public static void normalise(float[] data, int d) {
        for (int off = 0; off < data.length; off += d) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += (double) data[off + i] * data[off + i];
            }
            float inv = (float) (1 / Math.sqrt(s));
            for (int i = 0; i < d; i++) {
                data[off + i] *= inv;
            }
        }
    }
}
