package io.drift.bench.jmh;

import io.drift.vector.VectorKernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Float kernels, Panama against the scalar twin: one query against {@link #ROWS} cache-resident
 * rows per invocation, so the figure is compute, not memory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FloatKernelBenchmark {
    static final int ROWS = 256;

    @Param({"128", "784"})
    public int dim;

    private float[] data;
    private float[] query;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(7);
        data = new float[ROWS * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        query = new float[dim];
        for (int i = 0; i < dim; i++) {
            query[i] = (float) rnd.nextGaussian();
        }
    }

    private float l2(VectorKernels k) {
        float acc = 0f;
        for (int r = 0; r < ROWS; r++) {
            acc += k.l2Squared(query, 0, data, r * dim, dim);
        }
        return acc;
    }

    private float dot(VectorKernels k) {
        float acc = 0f;
        for (int r = 0; r < ROWS; r++) {
            acc += k.dot(query, 0, data, r * dim, dim);
        }
        return acc;
    }

    private float cosine(VectorKernels k) {
        float acc = 0f;
        for (int r = 0; r < ROWS; r++) {
            acc += k.cosine(query, 0, data, r * dim, dim);
        }
        return acc;
    }

    @Benchmark
    public float l2Panama() {
        return l2(VectorKernels.get());
    }

    @Benchmark
    public float l2Scalar() {
        return l2(VectorKernels.scalar());
    }

    @Benchmark
    public float dotPanama() {
        return dot(VectorKernels.get());
    }

    @Benchmark
    public float dotScalar() {
        return dot(VectorKernels.scalar());
    }

    @Benchmark
    public float cosinePanama() {
        return cosine(VectorKernels.get());
    }

    @Benchmark
    public float cosineScalar() {
        return cosine(VectorKernels.scalar());
    }
}
