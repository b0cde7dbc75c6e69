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
