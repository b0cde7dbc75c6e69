package io.drift.memtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowCodesTest {

    /** Exact distances against the estimates, within the quantization's bound. */
    @Test
    void estimatesStayWithinHalfAStepPerComponent() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int dim : new int[] {1, 7, 64, 100, 128, 300}) {
            RowCodes codes = new RowCodes(dim);
            int rows = 50;
            float[] data = new float[rows * dim];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (rnd.nextGaussian() * 3 + (i % dim) * 0.1); // per-dimension offsets
            }
            for (int r = 0; r < rows; r++) {
                codes.encode(r, data, r * dim);
            }
            float[] q = new float[dim];
            for (int i = 0; i < dim; i++) {
                q[i] = (float) rnd.nextGaussian() * 3;
            }
            RowCodes.Query query = codes.new Query();
            query.set(q, 0);
            for (int r = 0; r < rows; r++) {
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                double dot = 0;
                double l2 = 0;
                double qAbs = 0;
                double dAbs = 0;
                for (int i = 0; i < dim; i++) {
                    float x = data[r * dim + i];
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                    dot += (double) q[i] * x;
                    l2 += (double) (q[i] - x) * (q[i] - x);
                    qAbs += Math.abs(q[i]);
                    dAbs += Math.abs(q[i] - x);
                }
                double halfStep = (hi - lo) / 255.0 / 2;
                // |q·x - q·x̂| <= Σ|q_i|·step/2; | |q-x|² - |q-x̂|² | <= Σ (2|q_i - x_i| + step/2)·step/2
                double dotBound = qAbs * halfStep + 1e-4 * (1 + Math.abs(dot));
                double l2Bound = (2 * dAbs + dim * halfStep) * halfStep + 1e-4 * (1 + l2);
                assertEquals(dot, query.dot(r), dotBound, "dot, dim " + dim + ", row " + r);
                assertEquals(l2, query.l2Squared(r), l2Bound, "l2, dim " + dim + ", row " + r);
            }
        }
    }

    @Test
    void aDecodedRowIsTheQueryOfItsOwnCodes() {
        SplittableRandom rnd = new SplittableRandom(5);
        int dim = 96;
        RowCodes codes = new RowCodes(dim);
        float[] data = new float[2 * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        codes.encode(0, data, 0);
        codes.encode(1, data, dim);
        RowCodes.Query decoded = codes.new Query();
        decoded.decode(0);
        RowCodes.Query exact = codes.new Query();
        exact.set(data, 0);
        assertEquals(0f, decoded.l2Squared(0), 1e-3f, "a row is at distance 0 from its own decoding");
        // row 0 decoded against row 1's codes: near the float row 0 against them
        assertEquals(exact.l2Squared(1), decoded.l2Squared(1), 0.02f * exact.l2Squared(1));
        assertEquals(exact.dot(1), decoded.dot(1), 0.3f);
    }

    @Test
    void aConstantRowDecodesExactly() {
        RowCodes codes = new RowCodes(5);
        float[] row = {2.5f, 2.5f, 2.5f, 2.5f, 2.5f};
        codes.encode(0, row, 0);
        RowCodes.Query query = codes.new Query();
        query.set(row, 0);
        assertEquals(0f, query.l2Squared(0), 1e-4f);
        assertEquals(5 * 2.5f * 2.5f, query.dot(0), 1e-4f);
    }

    @Test
    void pagesMadeOutOfOrderDoNotGrowTheDirectoryPastTwiceTheirNumber() {
        int dim = 1 << 16; // 4 rows per page
        RowCodes codes = new RowCodes(dim);
        float[] row = new float[dim];
        int pages = 40;
        for (int p = pages - 1; p >= 0; p -= 2) { // every other page, last first
            codes.encode(4 * p, row, 0);
        }
        for (int p = 0; p < pages; p += 2) {
            codes.encode(4 * p + 1, row, 0);
        }
        assertTrue(codes.pageSlots() <= 2 * pages, "directory of " + codes.pageSlots() + " slots for " + pages);
        assertTrue(codes.pageSlots() >= pages);
    }
}
