package io.drift.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.vector.Distance;
import io.drift.vector.TopK;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SQ8Test {
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static float[] gaussian(SplittableRandom rnd, int rows, int dim, boolean normalise) {
        float[] data = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            double norm = 0;
            for (int i = 0; i < dim; i++) {
                float v = (float) (rnd.nextGaussian() * (1 + i % 5) + i * 0.1);
                data[r * dim + i] = v;
                norm += (double) v * v;
            }
            if (normalise) {
                float inv = (float) (1 / Math.sqrt(norm));
                for (int i = 0; i < dim; i++) {
                    data[r * dim + i] *= inv;
                }
            }
        }
        return data;
    }

    static double exact(Distance metric, float[] q, float[] x) {
        double dot = 0, l2 = 0;
        for (int i = 0; i < q.length; i++) {
            dot += (double) q[i] * x[i];
            double d = (double) q[i] - x[i];
            l2 += d * d;
        }
        return switch (metric) {
            case L2 -> l2;
            case DOT -> -dot;
            case COSINE -> 1 - dot;
        };
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void adcDistanceEqualsExactDistanceToReconstruction(Distance metric) {
        for (int dim : new int[] {1, 7, 128, 784}) {
            SplittableRandom rnd = new SplittableRandom(dim);
            int rows = 200;
            float[] data = gaussian(rnd, rows, dim, metric == Distance.COSINE);
            SQ8 sq8 = SQ8.train(data, 0, rows, dim, RangeRule.PERCENTILE_1_99, 1);
            MemorySegment codes = MemorySegment.ofArray(new byte[rows * dim]);
            MemorySegment corr = MemorySegment.ofArray(new byte[4 * rows]);
            for (int r = 0; r < rows; r++) {
                corr.set(FLOAT_LE, 4L * r, sq8.encode(data, r * dim, codes, (long) r * dim));
            }
            float[] query = gaussian(rnd, 1, dim, metric == Distance.COSINE);
            SQ8Query prepared = sq8.prepare(query, metric);
            float[] scanned = new float[rows];
            prepared.scan(codes, 0, rows, corr, 0, scanned, 0);
            float[] recon = new float[dim];
            for (int r = 0; r < rows; r++) {
                sq8.decode(codes, (long) r * dim, recon, 0);
                double expected = exact(metric, query, recon);
                float adc = prepared.distance(codes, (long) r * dim, corr.get(FLOAT_LE, 4L * r));
                double tol = 1e-5 * magnitude(metric, query, recon) + 1e-6;
                assertEquals(expected, adc, tol, metric + " d=" + dim + " row " + r);
                assertEquals(adc, scanned[r], 1e-6 * magnitude(metric, query, recon) + 1e-6, "scan vs single row");
            }
            // the top-k scan returns the rows with the smallest ADC distances
            TopK topK = new TopK(5);
            prepared.scan(codes, 0, rows, corr, 0, 0L, topK);
            long[] ids = topK.drainIds();
            float[] sorted = scanned.clone();
            java.util.Arrays.sort(sorted);
            for (int j = 0; j < ids.length; j++) {
                assertEquals(sorted[j], scanned[(int) ids[j]], 0f);
            }
        }
    }

    private static double magnitude(Distance metric, float[] q, float[] x) {
        double m = 1;
        for (int i = 0; i < q.length; i++) {
            m += metric == Distance.L2 ? (Math.abs(q[i]) + Math.abs(x[i])) * (Math.abs(q[i]) + Math.abs(x[i]))
                    : Math.abs((double) q[i] * x[i]);
        }
        return m;
    }

    @Test
    void reconstructionErrorIsAtMostHalfAStepInsideTheRange() {
        SplittableRandom rnd = new SplittableRandom(3);
        int rows = 500, dim = 16;
        float[] data = gaussian(rnd, rows, dim, false);
        SQ8 sq8 = SQ8.train(data, 0, rows, dim, RangeRule.CONFIDENCE_INTERVAL, 1);
        for (int r = 0; r < rows; r++) {
            float[] v = java.util.Arrays.copyOfRange(data, r * dim, (r + 1) * dim);
            float[] back = sq8.decode(sq8.encode(v));
            for (int i = 0; i < dim; i++) {
                float lo = sq8.min(i), hi = sq8.min(i) + 255 * sq8.step(i);
                if (v[i] >= lo && v[i] <= hi) {
                    assertTrue(Math.abs(v[i] - back[i]) <= sq8.step(i) * 0.5f * 1.0001f + 1e-6f,
                            "row " + r + " dim " + i + ": " + v[i] + " -> " + back[i]);
                }
            }
        }
    }

    @Test
    void valuesOutsideTheTrainedRangeClamp() {
        float[] data = new float[101];
        for (int i = 0; i <= 100; i++) {
            data[i] = i; // one dimension, values 0..100
        }
        SQ8 sq8 = SQ8.train(data, 0, 101, 1, RangeRule.PERCENTILE_1_99, 1);
        assertEquals(1f, sq8.min(0), 1e-6f);
        assertEquals((99f - 1f) / 255f, sq8.step(0), 1e-6f);
        assertEquals(0, Byte.toUnsignedInt(sq8.encode(new float[] {-1000f})[0]));
        assertEquals(0, Byte.toUnsignedInt(sq8.encode(new float[] {0.5f})[0]));
        assertEquals(255, Byte.toUnsignedInt(sq8.encode(new float[] {100f})[0]));
        assertEquals(255, Byte.toUnsignedInt(sq8.encode(new float[] {1e30f})[0]));
        assertEquals(1f, sq8.decode(sq8.encode(new float[] {-5f}))[0], 1e-6f);
        assertEquals(99f, sq8.decode(sq8.encode(new float[] {500f}))[0], 1e-4f);
    }

    @Test
    void quantileRules() {
        assertEquals(0.01, RangeRule.PERCENTILE_1_99.lowQuantile(784));
        assertEquals(0.99, RangeRule.PERCENTILE_1_99.highQuantile(784));
        // c = 1 - 1/(d+1): d = 1 keeps the central half, d = 784 keeps 784/785
        assertEquals(0.25, RangeRule.CONFIDENCE_INTERVAL.lowQuantile(1), 1e-12);
        assertEquals(0.75, RangeRule.CONFIDENCE_INTERVAL.highQuantile(1), 1e-12);
        assertEquals(0.5 / 785, RangeRule.CONFIDENCE_INTERVAL.lowQuantile(784), 1e-12);
        float[] data = new float[101];
        for (int i = 0; i <= 100; i++) {
            data[i] = i;
        }
        SQ8 ci = SQ8.train(data, 0, 101, 1, RangeRule.CONFIDENCE_INTERVAL, 1);
        assertEquals(25f, ci.min(0), 1e-5f);
        assertEquals(50f / 255f, ci.step(0), 1e-6f);
    }

    @Test
    void minMaxSpansExactlyTheSmallestAndLargestValueOfEachDimension() {
        SplittableRandom rnd = new SplittableRandom(9);
        int rows = 157, dim = 37;
        float[] data = gaussian(rnd, rows, dim, false);
        data[5 * dim + 4] = -0.0f; // signed zeros and a constant column do not confuse it
        for (int r = 0; r < rows; r++) {
            data[r * dim + 7] = 0f;
        }
        SQ8 sq8 = SQ8.train(data, 0, rows, dim, RangeRule.MIN_MAX, 1);
        for (int i = 0; i < dim; i++) {
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                lo = Math.min(lo, data[r * dim + i]);
                hi = Math.max(hi, data[r * dim + i]);
            }
            assertEquals(lo, sq8.min(i), "dimension " + i);
            assertEquals((hi - lo) / 255f, sq8.step(i), "dimension " + i);
        }
        assertEquals(0f, sq8.step(7));
    }

    @Test
    void constantDimensionHasZeroStepAndDecodesExactly() {
        SplittableRandom rnd = new SplittableRandom(5);
        int rows = 300, dim = 8;
        float[] data = gaussian(rnd, rows, dim, false);
        for (int r = 0; r < rows; r++) {
            data[r * dim + 3] = 2.75f;
        }
        SQ8 sq8 = SQ8.train(data, 0, rows, dim, RangeRule.PERCENTILE_1_99, 1);
        assertEquals(0f, sq8.step(3));
        assertEquals(2.75f, sq8.min(3));
        float[] v = java.util.Arrays.copyOfRange(data, 0, dim);
        byte[] codes = sq8.encode(v);
        assertEquals(0, codes[3]);
        assertEquals(2.75f, sq8.decode(codes)[3]);
        // a query far off in the constant dimension still gets the exact distance to x̂
        float[] q = v.clone();
        q[3] = -10f;
        SQ8Query prepared = sq8.prepare(q, Distance.L2);
        float corr = sq8.correction(MemorySegment.ofArray(codes), 0);
        assertEquals(exact(Distance.L2, q, sq8.decode(codes)),
                prepared.distance(MemorySegment.ofArray(codes), 0, corr), 1e-3);
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void nonFiniteInputIsRejectedWithAClearError(float bad) {
        float[] data = new float[40];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f;
        }
        float[] poisoned = data.clone();
        poisoned[4 * 3 + 2] = bad; // row 3, dimension 2 of a 10 x 4 matrix
        for (RangeRule rule : RangeRule.values()) {
            IllegalArgumentException train = assertThrows(IllegalArgumentException.class,
                    () -> SQ8.train(poisoned, 0, 10, 4, rule, 1));
            assertEquals("cannot train SQ8: row 3 dimension 2 is " + bad, train.getMessage(), rule.name());
        }

        SQ8 sq8 = SQ8.train(data, 0, 10, 4, RangeRule.PERCENTILE_1_99, 1);
        float[] v = {1f, bad, 2f, 3f};
        IllegalArgumentException encode = assertThrows(IllegalArgumentException.class, () -> sq8.encode(v));
        assertEquals("vector component 1 is " + bad + "; only finite values are allowed", encode.getMessage());
        IllegalArgumentException query = assertThrows(IllegalArgumentException.class, () -> sq8.prepare(v, Distance.L2));
        assertTrue(query.getMessage().startsWith("query component 1 is "), query.getMessage());
    }

    @Test
    void wrongDimensionAndBadParametersAreRejected() {
        SQ8 sq8 = SQ8.of(new float[] {0f, 1f}, new float[] {0.1f, 0f});
        assertEquals("expected dimension 2, got 3",
                assertThrows(IllegalArgumentException.class, () -> sq8.encode(new float[3])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SQ8.of(new float[] {0f}, new float[] {-1f}));
        assertThrows(IllegalArgumentException.class, () -> SQ8.of(new float[] {Float.NaN}, new float[] {1f}));
        assertThrows(IllegalArgumentException.class, () -> SQ8.train(new float[0], 0, 0, 4, RangeRule.PERCENTILE_1_99, 1));
        assertArrayEquals(new float[] {0f, 1f}, sq8.mins());
    }

    @Test
    void trainingSamplesLargeInputsDeterministically() {
        SplittableRandom rnd = new SplittableRandom(9);
        int rows = 5000, dim = 4;
        float[] data = gaussian(rnd, rows, dim, false);
        SQ8 a = SQ8.train(data, 0, rows, dim, RangeRule.PERCENTILE_1_99, 1000, 42);
        SQ8 b = SQ8.train(data, 0, rows, dim, RangeRule.PERCENTILE_1_99, 1000, 42);
        SQ8 full = SQ8.train(data, 0, rows, dim, RangeRule.PERCENTILE_1_99, rows, 42);
        assertArrayEquals(a.mins(), b.mins());
        assertArrayEquals(a.steps(), b.steps());
        for (int i = 0; i < dim; i++) {
            // a 1000-row sample lands near the full-data quantiles
            assertEquals(full.min(i), a.min(i), 0.25 * (1 + i % 5));
        }
    }
}
