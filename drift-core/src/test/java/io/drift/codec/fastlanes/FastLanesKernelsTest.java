package io.drift.codec.fastlanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The generated per-width kernels against the generic reference loops of {@link IntPacker}. */
class FastLanesKernelsTest {
    private static final int BLOCK = FastLanes.BLOCK;

    /** Packs with both, at offsets into sentinel-filled buffers, and compares every word written or not. */
    private static void assertSameAsGeneric(int[] values, int width, int base) {
        int inOff = 5;
        int[] in = new int[inOff + BLOCK + 3];
        System.arraycopy(values, 0, in, inOff, BLOCK);
        int outOff = 3;
        int size = FastLanes.packedInts(width);
        int[] generic = new int[outOff + size + 4];
        int[] generated = new int[outOff + size + 4];
        Arrays.fill(generic, 0xDEADBEEF);
        Arrays.fill(generated, 0xDEADBEEF);
        IntPacker.packGeneric(in, inOff, width, base, generic, outOff);
        FastLanesKernels.pack(in, inOff, width, base, generated, outOff);
        assertArrayEquals(generic, generated, "pack, width " + width);

        // Unpack random words too, so that bits above the width in the last word are covered.
        SplittableRandom rnd = new SplittableRandom(width * 31L + base);
        int[] noise = generic.clone();
        for (int i = outOff; i < outOff + size; i++) {
            noise[i] = rnd.nextInt();
        }
        for (int[] packed : new int[][] {generic, noise}) {
            int[] expected = new int[BLOCK + 9];
            int[] actual = new int[BLOCK + 9];
            Arrays.fill(expected, 42);
            Arrays.fill(actual, 42);
            IntPacker.unpackGeneric(packed, outOff, width, base, expected, 4);
            FastLanesKernels.unpackFor(packed, outOff, width, base, actual, 4);
            assertArrayEquals(expected, actual, "unpackFor, width " + width);
            Arrays.fill(expected, 42);
            Arrays.fill(actual, 42);
            IntPacker.unpackGeneric(packed, outOff, width, 0, expected, 4);
            FastLanesKernels.unpack(packed, outOff, width, actual, 4);
            assertArrayEquals(expected, actual, "unpack, width " + width);
        }
    }

    @Property(tries = 300)
    void generatedEqualsGenericOnRandomInputs(
            @ForAll @IntRange(min = 0, max = 32) int width, @ForAll int base, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] values = new int[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            values[i] = rnd.nextInt(); // wider than the width: both must drop the same bits
        }
        assertSameAsGeneric(values, width, base);
        int mask = (int) ((1L << width) - 1);
        for (int i = 0; i < BLOCK; i++) {
            values[i] = (values[i] & mask) + base;
        }
        assertSameAsGeneric(values, width, base);
    }

    @Test
    void generatedEqualsGenericAtEveryWidth() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int w = 0; w <= 32; w++) {
            int[] values = new int[BLOCK];
            for (int i = 0; i < BLOCK; i++) {
                values[i] = rnd.nextInt();
            }
            assertSameAsGeneric(values, w, 0);
            assertSameAsGeneric(values, w, rnd.nextInt());
            Arrays.fill(values, -1);
            assertSameAsGeneric(values, w, 0);
            int[] ascending = new int[BLOCK];
            for (int i = 0; i < BLOCK; i++) {
                ascending[i] = i;
            }
            assertSameAsGeneric(ascending, w, Integer.MIN_VALUE);
        }
    }
}
