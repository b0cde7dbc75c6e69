package io.drift.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.Metric;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class SyntheticDriftTest {
    private static final SyntheticDrift.Params SMALL = SyntheticDrift.Params.of(20_000, 16, 200, 42);

    @Test
    void defaultsAndName() {
        SyntheticDrift.Params p = SyntheticDrift.Params.of(200_000, 128, 1000, 42);
        assertEquals(200, p.clusters());
        assertEquals(10, p.phases());
        assertEquals("synthetic-n200000-d128-q1000-c200-p10-s42", p.name());
        assertEquals(8, SyntheticDrift.Params.of(10, 4, 1, 1).clusters());
        assertEquals(256, SyntheticDrift.Params.of(1_000_000, 4, 1, 1).clusters());
        SyntheticDrift.Params custom = new SyntheticDrift.Params(10, 2, 1, 3, 4, 0.3f, 0.1f, -7);
        assertEquals("synthetic-n10-d2-q1-c3-p4-s-7-spread0.3-drift0.1", custom.name());
    }

    @Test
    void shapeNameAndMetric() {
        Dataset ds = SyntheticDrift.generate(SMALL);
        assertEquals(SMALL.name(), ds.name());
        assertEquals(Metric.L2, ds.metric());
        assertEquals(16, ds.dim());
        assertEquals(20_000, ds.base().size());
        assertEquals(200, ds.queries().size());
    }

    @Test
    void deterministicForASeedAndDifferentForAnother() {
        Dataset a = SyntheticDrift.generate(SMALL);
        Dataset b = SyntheticDrift.generate(SMALL);
        assertArrayEquals(a.base().data(), b.base().data());
        assertArrayEquals(a.queries().data(), b.queries().data());
        Dataset c = SyntheticDrift.generate(SyntheticDrift.Params.of(20_000, 16, 200, 43));
        assertFalse(Arrays.equals(a.base().data(), c.base().data()));
        assertFalse(Arrays.equals(a.queries().data(), c.queries().data()));
    }

    @Test
    void independentOfParallelism() throws Exception {
        Dataset parallel = SyntheticDrift.generate(SMALL);
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            Dataset sequential = single.submit(() -> SyntheticDrift.generate(SMALL)).get();
            assertArrayEquals(parallel.base().data(), sequential.base().data());
        } finally {
            single.shutdown();
        }
        // A prefix of the rows does not depend on how many rows follow it within phase 0.
        SyntheticDrift.Params onePhase = new SyntheticDrift.Params(5000, 8, 0, 8, 1, 0.5f, 0.25f, 9);
        SyntheticDrift.Params onePhaseMore = new SyntheticDrift.Params(7000, 8, 0, 8, 1, 0.5f, 0.25f, 9);
        assertArrayEquals(SyntheticDrift.generate(onePhase).base().data(),
                Arrays.copyOf(SyntheticDrift.generate(onePhaseMore).base().data(), 5000 * 8));
    }

    @Test
    void valuesAreNonIntegerAndFinite() {
        Dataset ds = SyntheticDrift.generate(SMALL);
        int integers = 0;
        for (float x : ds.base().data()) {
            assertTrue(Float.isFinite(x));
            if (x == Math.rint(x)) {
                integers++;
            }
        }
        assertTrue(integers < ds.base().data().length / 1000, integers + " integer values");
        float[] row = ds.queries().row(0);
        Arrays.sort(row);
        for (int j = 1; j < row.length; j++) {
            assertTrue(row[j] != row[j - 1], "repeated component in query 0");
        }
    }

    @Test
    void phasesAreNonDecreasingAndCoverAll() {
        int[] phases = SyntheticDrift.phases(SMALL);
        assertEquals(SMALL.n(), phases.length);
        assertEquals(0, phases[0]);
        assertEquals(SMALL.phases() - 1, phases[phases.length - 1]);
        int[] counts = new int[SMALL.phases()];
        for (int i = 0; i < phases.length; i++) {
            if (i > 0) {
                assertTrue(phases[i] >= phases[i - 1], "phase decreases at row " + i);
            }
            counts[phases[i]]++;
        }
        for (int count : counts) {
            assertEquals(SMALL.n() / SMALL.phases(), count);
        }
        assertEquals(0, SyntheticDrift.phases(new SyntheticDrift.Params(0, 3, 0, 1, 5, 1f, 0f, 1)).length);
    }

    @Test
    void meanMovesBetweenFirstAndLastPhaseByFarMoreThanNoise() {
        Dataset ds = SyntheticDrift.generate(SMALL);
        int[] phases = SyntheticDrift.phases(SMALL);
        int dim = ds.dim();
        double[][] mean = new double[SMALL.phases()][dim];
        double[][] meanOfSquares = new double[SMALL.phases()][dim];
        int[] count = new int[SMALL.phases()];
        float[] data = ds.base().data();
        for (int row = 0; row < phases.length; row++) {
            int p = phases[row];
            count[p]++;
            for (int j = 0; j < dim; j++) {
                double x = data[row * dim + j];
                mean[p][j] += x;
                meanOfSquares[p][j] += x * x;
            }
        }
        int first = 0;
        int last = SMALL.phases() - 1;
        double shift = 0;
        double noise = 0; // expected squared distance between two phase means drawn from the same distribution
        for (int j = 0; j < dim; j++) {
            for (int p : new int[] {first, last}) {
                mean[p][j] /= count[p];
                meanOfSquares[p][j] /= count[p];
                noise += (meanOfSquares[p][j] - mean[p][j] * mean[p][j]) / count[p];
            }
            double d = mean[first][j] - mean[last][j];
            shift += d * d;
        }
        // Without drift, shift / noise would follow χ²(16)/16, which exceeds 6 with probability < 1e-9.
        assertTrue(shift > 6 * noise, "mean shift² " + shift + " vs noise² " + noise);

        // Without drift the two phases' means agree to within the noise.
        SyntheticDrift.Params still = new SyntheticDrift.Params(20_000, 16, 0, 8, 10, 0.5f, 0f, 42);
        float[] flat = SyntheticDrift.generate(still).base().data();
        double stillShift = 0;
        for (int j = 0; j < dim; j++) {
            double a = 0;
            double b = 0;
            for (int row = 0; row < 2000; row++) {
                a += flat[row * dim + j];
                b += flat[(18_000 + row) * dim + j];
            }
            stillShift += Math.pow((a - b) / 2000, 2);
        }
        assertTrue(stillShift < 3 * noise, "shift² without drift " + stillShift + " vs noise² " + noise);
    }

    @Test
    void queriesComeFromTheMixture() {
        Dataset ds = SyntheticDrift.generate(SMALL);
        // Each query lies near some base row: far closer than two random base rows are on average.
        Neighbors nn = GroundTruth.compute(ds.base(), ds.queries(), 1, Metric.L2);
        double nearest = 0;
        double random = 0;
        for (int q = 0; q < ds.queries().size(); q++) {
            nearest += nn.distance(q, 0);
            random += Metric.L2.distance(ds.queries().data(), q * 16, ds.base().data(), (q * 97) % 20_000 * 16, 16);
        }
        assertTrue(nearest < random / 4, "nearest " + nearest + " vs random " + random);
    }

    @Test
    void edgeCases() {
        Dataset empty = SyntheticDrift.generate(SyntheticDrift.Params.of(0, 1, 0, 1));
        assertEquals(0, empty.base().size());
        assertEquals(1, empty.dim());
        Dataset oneDim = SyntheticDrift.generate(new SyntheticDrift.Params(7, 1, 3, 2, 10, 1f, 1f, 5));
        assertEquals(7, oneDim.base().size());
        assertEquals(3, oneDim.queries().size());
        assertThrows(IllegalArgumentException.class, () -> SyntheticDrift.Params.of(10, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SyntheticDrift.Params.of(-1, 4, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDrift.Params(10, 4, 1, 0, 1, 1f, 0f, 1));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDrift.Params(10, 4, 1, 1, 1, 0f, 0f, 1));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDrift.Params(10, 4, 1, 1, 1, 1f, Float.NaN, 1));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> SyntheticDrift.Params.of(Integer.MAX_VALUE, 4, 1, 1));
        assertTrue(big.getMessage().contains("too large"), big.getMessage());
    }
}
