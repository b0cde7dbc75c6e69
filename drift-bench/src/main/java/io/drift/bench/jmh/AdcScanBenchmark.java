package io.drift.bench.jmh;

import io.drift.vector.VectorKernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SQ8 ADC scan bandwidth: one pass over {@link #MIB} MiB of codes (far beyond the last-level
 * cache) in blocks of {@link #BLOCK} rows, as a bucket scan does, against a plain vectorised read
 * of the same bytes in the same JVM. Each invocation touches {@link #bytes()} bytes of codes, so
 * GB/s = bytes / time; {@code drift bench kernels} does that arithmetic.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AdcScanBenchmark {
    /** Size of the code array; must exceed the last-level cache by a wide margin. */
    public static final int MIB = 256;
    static final int BLOCK = 1024;
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;

    @Param({"128", "784"})
    public int dim;

    private Arena arena;
    private MemorySegment codes;
    private MemorySegment corrections;
    private int rows;
    private float[] a;
    private final float[] out = new float[BLOCK];

    /** Bytes of codes one invocation reads, for a given dimension. */
    public static long bytes(int dim) {
        return (long) rowsFor(dim) * dim;
    }

    static int rowsFor(int dim) {
        return (int) ((MIB * (1L << 20)) / dim);
    }

    @Setup(Level.Trial)
    public void setUp() {
        rows = rowsFor(dim);
        arena = Arena.ofShared();
        codes = arena.allocate((long) rows * dim, 64);
        corrections = arena.allocate(4L * rows, 64);
        SplittableRandom rnd = new SplittableRandom(42);
        for (long i = 0; i < codes.byteSize(); i += 8) {
            codes.set(ValueLayout.JAVA_LONG_UNALIGNED, i, rnd.nextLong());
        }
        for (int r = 0; r < rows; r++) {
            corrections.set(FLOAT_LE, 4L * r, (float) rnd.nextDouble());
        }
        a = new float[dim];
        for (int i = 0; i < dim; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private float scan(VectorKernels k) {
        float acc = 0f;
        for (int r = 0; r < rows; r += BLOCK) {
            int n = Math.min(BLOCK, rows - r);
            k.adcScan(a, 1f, -2f, codes, (long) r * dim, dim, n, corrections, 4L * r, out, 0);
            acc += out[n - 1];
        }
        return acc;
    }

    @Benchmark
    public float adcPanama() {
        return scan(VectorKernels.get());
    }

    @Benchmark
    public float adcScalar() {
        return scan(VectorKernels.scalar());
    }

    /** The read ceiling: sum every 64-bit word of the same bytes with the widest vectors available. */
    @Benchmark
    public long readBandwidth() {
        long size = (long) rows * dim;
        LongVector acc0 = LongVector.zero(LONGS), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        long step = LONGS.vectorByteSize();
        long i = 0;
        for (long bound = size - 4 * step; i <= bound; i += 4 * step) {
            acc0 = acc0.add(LongVector.fromMemorySegment(LONGS, codes, i, ByteOrder.LITTLE_ENDIAN));
            acc1 = acc1.add(LongVector.fromMemorySegment(LONGS, codes, i + step, ByteOrder.LITTLE_ENDIAN));
            acc2 = acc2.add(LongVector.fromMemorySegment(LONGS, codes, i + 2 * step, ByteOrder.LITTLE_ENDIAN));
            acc3 = acc3.add(LongVector.fromMemorySegment(LONGS, codes, i + 3 * step, ByteOrder.LITTLE_ENDIAN));
        }
        long sum = acc0.add(acc1).add(acc2).add(acc3).reduceLanes(VectorOperators.ADD);
        for (; i < size; i++) {
            sum += codes.get(ValueLayout.JAVA_BYTE, i);
        }
        return sum;
    }
}
