package io.drift.bench.jmh;

import io.drift.codec.fastlanes.FastLanes;
import io.drift.codec.fastlanes.FastLanesDelta;
import io.drift.codec.fastlanes.FastLanesFor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * FastLanes decoding speed on one core: every invocation decodes {@link #BLOCKS} blocks of 1024
 * ints, packed at {@link #bitWidth} bits, from an array of 0.5 to 16 MiB (always beyond L1, as a
 * segment scan would read it) into one reused block buffer. Scores are values per second.
 *
 * <ul>
 *   <li>{@code unpack}: plain {@link FastLanes#unpack(int[], int, int, int[], int)}.
 *   <li>{@code forDecode}: {@link FastLanesFor} (unpack with the base added back).
 *   <li>{@code deltaDecode}: {@link FastLanesDelta} on ascending ids with random gaps below {@code
 *       2^(bitWidth - 1)}, so the deltas pack at about {@code bitWidth - 1} bits (unpack, running
 *       sums per lane, un-transposition).
 *   <li>{@code unpackGeneric}, {@code forDecodeGeneric}: the same through the generic
 *       (run-time-width) loops that {@code IntPacker} keeps as the reference for the generated
 *       per-width kernels, so one run shows both.
 *   <li>{@code forUnpackThenAdd}: FOR decoding done as a plain {@code unpack} followed by a
 *       separate loop adding the base, against {@code forDecode}'s fused kernel.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FastLanesBenchmark {
    /** Blocks decoded per invocation. */
    public static final int BLOCKS = 4096;
    /** Values decoded per invocation. */
    public static final int VALUES = BLOCKS * FastLanes.BLOCK;

    /** {@code IntPacker.unpackGeneric(int[] in, int inOff, int w, int base, int[] out, int outOff)}. */
    private static final MethodHandle UNPACK_GENERIC = genericUnpack();

    private static MethodHandle genericUnpack() {
        try {
            Method m = Class.forName("io.drift.codec.fastlanes.IntPacker")
                    .getDeclaredMethod("unpackGeneric", int[].class, int.class, int.class, int.class, int[].class, int.class);
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Param({"1", "2", "3", "4", "5", "6", "7", "8", "10", "12", "14", "16", "20", "24", "28", "32"})
    public int bitWidth;

    private int[] packed;
    private int[] forPacked;
    private FastLanesFor.Header[] forHeaders;
    private int[] deltaPacked;
    private FastLanesDelta.Header[] deltaHeaders;
    private final int[] out = new int[FastLanes.BLOCK];
    private final int[] scratch = new int[FastLanes.BLOCK];

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(42);
        int mask = (int) ((1L << bitWidth) - 1);
        int[] block = new int[FastLanes.BLOCK];
        packed = new int[BLOCKS * FastLanes.packedInts(bitWidth)];
        forPacked = new int[BLOCKS * FastLanes.packedInts(bitWidth)];
        forHeaders = new FastLanesFor.Header[BLOCKS];
        deltaPacked = new int[BLOCKS * FastLanesDelta.encodedInts(bitWidth)];
        deltaHeaders = new FastLanesDelta.Header[BLOCKS];
        int forOff = 0;
        int deltaOff = 0;
        int id = 0;
        for (int b = 0; b < BLOCKS; b++) {
            for (int i = 0; i < block.length; i++) {
                block[i] = rnd.nextInt() & mask;
            }
            FastLanes.pack(block, 0, bitWidth, packed, b * FastLanes.packedInts(bitWidth));
            int base = (int) rnd.nextLong(Integer.MIN_VALUE, (long) Integer.MAX_VALUE - mask + 1L);
            for (int i = 0; i < block.length; i++) {
                block[i] += base;
            }
            forHeaders[b] = FastLanesFor.encode(block, 0, forPacked, forOff);
            forOff += forHeaders[b].packedInts();
            for (int i = 0; i < block.length; i++) {
                id += (rnd.nextInt() & mask) >>> 1;
                block[i] = id;
            }
            deltaHeaders[b] = FastLanesDelta.encode(block, 0, deltaPacked, deltaOff);
            deltaOff += deltaHeaders[b].encodedInts();
        }
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public int unpack() {
        int words = FastLanes.packedInts(bitWidth);
        int check = 0;
        for (int b = 0; b < BLOCKS; b++) {
            FastLanes.unpack(packed, b * words, bitWidth, out, 0);
            check += out[b & 1023];
        }
        return check;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public int forDecode() {
        int off = 0;
        int check = 0;
        for (int b = 0; b < BLOCKS; b++) {
            FastLanesFor.Header h = forHeaders[b];
            FastLanesFor.decode(forPacked, off, h, out, 0);
            off += h.packedInts();
            check += out[b & 1023];
        }
        return check;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public int deltaDecode() {
        int off = 0;
        int check = 0;
        for (int b = 0; b < BLOCKS; b++) {
            FastLanesDelta.Header h = deltaHeaders[b];
            FastLanesDelta.decode(deltaPacked, off, h, out, 0, scratch);
            off += h.encodedInts();
            check += out[b & 1023];
        }
        return check;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public int unpackGeneric() throws Throwable {
        int words = FastLanes.packedInts(bitWidth);
        int check = 0;
        for (int b = 0; b < BLOCKS; b++) {
            UNPACK_GENERIC.invokeExact(packed, b * words, bitWidth, 0, out, 0);
            check += out[b & 1023];
        }
        return check;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public int forDecodeGeneric() throws Throwable {
        int off = 0;
        int check = 0;
        for (int b = 0; b < BLOCKS; b++) {
            FastLanesFor.Header h = forHeaders[b];
            UNPACK_GENERIC.invokeExact(forPacked, off, h.bitWidth(), h.base(), out, 0);
            off += h.packedInts();
            check += out[b & 1023];
        }
        return check;
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public int forUnpackThenAdd() {
        int off = 0;
        int check = 0;
        for (int b = 0; b < BLOCKS; b++) {
            FastLanesFor.Header h = forHeaders[b];
            FastLanes.unpack(forPacked, off, h.bitWidth(), out, 0);
            int base = h.base();
            for (int i = 0; i < FastLanes.BLOCK; i++) {
                out[i] += base;
            }
            off += h.packedInts();
            check += out[b & 1023];
        }
        return check;
    }
}
