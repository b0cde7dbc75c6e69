package io.drift.codec.fastlanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FastLanesTest {
    private static final int BLOCK = FastLanes.BLOCK;

    static int mask(int width) {
        return (int) ((1L << width) - 1);
    }

    static long longMask(int width) {
        return width == 64 ? -1L : (1L << width) - 1;
    }

    static int[] randomInts(SplittableRandom rnd, int width) {
        int[] v = new int[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            v[i] = rnd.nextInt() & mask(width);
        }
        return v;
    }

    static long[] randomLongs(SplittableRandom rnd, int width) {
        long[] v = new long[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            v[i] = rnd.nextLong() & longMask(width);
        }
        return v;
    }

    /** Packs at an offset into a sentinel-filled buffer, checks nothing outside the block is touched, unpacks. */
    static void assertIntRoundTrip(int[] values, int width) {
        int inOff = 3;
        int[] in = new int[inOff + BLOCK + 5];
        System.arraycopy(values, 0, in, inOff, BLOCK);
        int outOff = 7;
        int[] packed = new int[outOff + FastLanes.packedInts(width) + 4];
        Arrays.fill(packed, 0xDEADBEEF);
        FastLanes.pack(in, inOff, width, packed, outOff);
        for (int i = 0; i < outOff; i++) {
            assertEquals(0xDEADBEEF, packed[i]);
        }
        for (int i = outOff + FastLanes.packedInts(width); i < packed.length; i++) {
            assertEquals(0xDEADBEEF, packed[i]);
        }
        int[] out = new int[BLOCK + 2];
        Arrays.fill(out, 42);
        FastLanes.unpack(packed, outOff, width, out, 1);
        assertEquals(42, out[0]);
        assertEquals(42, out[BLOCK + 1]);
        assertArrayEquals(values, Arrays.copyOfRange(out, 1, BLOCK + 1), "width " + width);
        assertEquals(FastLanes.bitWidth(values, 0, BLOCK), FastLanes.bitWidth(in, inOff, BLOCK));
    }

    static void assertLongRoundTrip(long[] values, int width) {
        int inOff = 2;
        long[] in = new long[inOff + BLOCK + 3];
        System.arraycopy(values, 0, in, inOff, BLOCK);
        int outOff = 5;
        long[] packed = new long[outOff + FastLanes.packedLongs(width) + 4];
        Arrays.fill(packed, 0xDEADBEEFCAFEL);
        FastLanes.pack(in, inOff, width, packed, outOff);
        for (int i = 0; i < outOff; i++) {
            assertEquals(0xDEADBEEFCAFEL, packed[i]);
        }
        for (int i = outOff + FastLanes.packedLongs(width); i < packed.length; i++) {
            assertEquals(0xDEADBEEFCAFEL, packed[i]);
        }
        long[] out = new long[BLOCK + 2];
        Arrays.fill(out, 42);
        FastLanes.unpack(packed, outOff, width, out, 1);
        assertEquals(42, out[0]);
        assertEquals(42, out[BLOCK + 1]);
        assertArrayEquals(values, Arrays.copyOfRange(out, 1, BLOCK + 1), "width " + width);
    }

    @Property(tries = 200)
    void randomIntsRoundTripAtTheirWidth(@ForAll @IntRange(min = 0, max = 32) int width, @ForAll long seed) {
        assertIntRoundTrip(randomInts(new SplittableRandom(seed), width), width);
    }

    @Property(tries = 200)
    void randomLongsRoundTripAtTheirWidth(@ForAll @IntRange(min = 0, max = 64) int width, @ForAll long seed) {
        assertLongRoundTrip(randomLongs(new SplittableRandom(seed), width), width);
    }

    @Property(tries = 100)
    void intsRoundTripAtAnyLargerWidth(@ForAll @IntRange(min = 0, max = 32) int width, @ForAll long seed) {
        int[] values = randomInts(new SplittableRandom(seed), width);
        for (int w = width; w <= 32; w++) {
            assertIntRoundTrip(values, w);
        }
    }

    @Test
    void everyIntWidthWithZerosMaxAndConstants() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int w = 0; w <= 32; w++) {
            assertIntRoundTrip(new int[BLOCK], w);
            int[] max = new int[BLOCK];
            Arrays.fill(max, mask(w));
            assertIntRoundTrip(max, w);
            assertEquals(w, FastLanes.bitWidth(max, 0, BLOCK));
            int[] constant = new int[BLOCK];
            Arrays.fill(constant, rnd.nextInt() & mask(w));
            assertIntRoundTrip(constant, w);
            assertIntRoundTrip(randomInts(rnd, w), w);
        }
    }

    @Test
    void everyLongWidthWithZerosMaxAndConstants() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int w = 0; w <= 64; w++) {
            assertLongRoundTrip(new long[BLOCK], w);
            long[] max = new long[BLOCK];
            Arrays.fill(max, longMask(w));
            assertLongRoundTrip(max, w);
            assertEquals(w, FastLanes.bitWidth(max, 0, BLOCK));
            long[] constant = new long[BLOCK];
            Arrays.fill(constant, rnd.nextLong() & longMask(w));
            assertLongRoundTrip(constant, w);
            assertLongRoundTrip(randomLongs(rnd, w), w);
        }
    }

    /**
     * Pins the interleaved layout: values 0..1023 at width 10. Row r of lane l holds value
     * FL_ORDER[r / 8] * 16 + (r % 8) * 128 + l at bit 10 * r of the lane's bit stream, and packed
     * word w of lane l is word 32 * w + l. Rows 0..7 are values 128 * r + l.
     */
    @Test
    void intLayoutIsTheFastLanesInterleavedLayout() {
        int[] values = new int[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            values[i] = i;
        }
        int[] packed = new int[FastLanes.packedInts(10)];
        FastLanes.pack(values, 0, 10, packed, 0);
        // lane 0, word 0: rows 0, 1, 2 (values 0, 128, 256) and the low 2 bits of row 3 (384).
        assertEquals(0 | 128 << 10 | 256 << 20 | (384 & 3) << 30, packed[0]);
        assertEquals(268566528, packed[0]);
        // lane 1, word 0: values 1, 129, 257 and the low 2 bits of 385.
        assertEquals(1343357953, packed[1]);
        // lane 31, word 0: values 31, 159, 287 and the low 2 bits of 415.
        assertEquals(31 | 159 << 10 | 287 << 20 | (415 & 3) << 30, packed[31]);
        // lane 0, word 1: high 8 bits of 384, rows 4, 5 (512, 640), low 4 bits of row 6 (768).
        assertEquals(167903328, packed[32]);
        // lane 1, word 1: 385 >>> 2, 513, 641, low 4 bits of 769.
        assertEquals(436601184, packed[33]);
        // lane 0, word 3: bits 96..127 = high 6 bits of row 9 (value 64 + 128 = 192, bits 90..99),
        // rows 10, 11 (320, 448) at bits 100 and 110, low 8 bits of row 12 (576) at bits 120..127.
        assertEquals(192 >>> 6 | 320 << 4 | 448 << 14 | (576 & 0xFF) << 24, packed[96]);
    }

    /** Pins the 64-bit layout: 16 lanes, rows 0..7 are values 128 * r + l, rows 8..15 add 64. */
    @Test
    void longLayoutIsTheFastLanesInterleavedLayout() {
        long[] values = new long[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            values[i] = i;
        }
        long[] packed = new long[FastLanes.packedLongs(10)];
        FastLanes.pack(values, 0, 10, packed, 0);
        // lane 0, word 0: rows 0..5 (0, 128, .., 640) at bits 0..59, low 4 bits of row 6 (768).
        assertEquals(128L << 10 | 256L << 20 | 384L << 30 | 512L << 40 | 640L << 50 | (768L & 15) << 60, packed[0]);
        // lane 15, word 0: values 15 + 128 r.
        assertEquals(15L | 143L << 10 | 271L << 20 | 399L << 30 | 527L << 40 | 655L << 50 | (783L & 15) << 60, packed[15]);
        // lane 0, word 1 (packed[16]): high 6 bits of 768, row 7 (896), rows 8..12 = 64 + 128 (r - 8).
        assertEquals(768L >>> 4 | 896L << 6 | 64L << 16 | 192L << 26 | 320L << 36 | 448L << 46 | 576L << 56, packed[16]);
    }

    @Test
    void widestValueDecidesBitWidth() {
        int[] v = new int[10];
        assertEquals(0, FastLanes.bitWidth(v, 0, 10));
        v[9] = 1;
        assertEquals(0, FastLanes.bitWidth(v, 0, 9));
        assertEquals(1, FastLanes.bitWidth(v, 0, 10));
        v[3] = -1;
        assertEquals(32, FastLanes.bitWidth(v, 0, 10));
        long[] l = {5, 1L << 40};
        assertEquals(3, FastLanes.bitWidth(l, 0, 1));
        assertEquals(41, FastLanes.bitWidth(l, 0, 2));
        assertEquals(64, FastLanes.bitWidth(new long[] {-1L}, 0, 1));
    }

    @Test
    void sizesFollowTheWidth() {
        assertEquals(0, FastLanes.packedInts(0));
        assertEquals(320, FastLanes.packedInts(10));
        assertEquals(1024, FastLanes.packedInts(32));
        assertEquals(0, FastLanes.packedLongs(0));
        assertEquals(160, FastLanes.packedLongs(10));
        assertEquals(1024, FastLanes.packedLongs(64));
    }

    @Test
    void rejectsBadWidthsAndRanges() {
        assertThrows(IllegalArgumentException.class, () -> FastLanes.packedInts(33));
        assertThrows(IllegalArgumentException.class, () -> FastLanes.packedInts(-1));
        assertThrows(IllegalArgumentException.class, () -> FastLanes.packedLongs(65));
        int[] in = new int[BLOCK];
        assertThrows(IllegalArgumentException.class, () -> FastLanes.pack(in, 0, 33, new int[2048], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> FastLanes.pack(in, 1, 4, new int[128], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> FastLanes.pack(in, 0, 4, new int[127], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> FastLanes.unpack(new int[128], 1, 4, in, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> FastLanes.unpack(new long[64], 0, 4, new long[1023], 0));
    }

    /** Tests run with assertions enabled, which turns on the value-width check. */
    @Test
    void valuesWiderThanTheWidthAreRejectedWhenAssertionsAreOn() {
        int[] in = new int[BLOCK];
        in[700] = 16;
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FastLanes.pack(in, 0, 4, new int[128], 0));
        assertEquals("values need 5 bits, packing at 4", e.getMessage());
        long[] longs = new long[BLOCK];
        longs[5] = 1L << 40;
        assertThrows(IllegalArgumentException.class, () -> FastLanes.pack(longs, 0, 40, new long[640], 0));
    }
}
