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

class FastLanesForTest {
    private static final int BLOCK = FastLanes.BLOCK;

    static FastLanesFor.Header assertRoundTrip(int[] values) {
        int[] packed = new int[BLOCK + 3];
        Arrays.fill(packed, 0x5A5A5A5A);
        FastLanesFor.Header h = FastLanesFor.encode(values, 0, packed, 2);
        for (int i = 2 + h.packedInts(); i < packed.length; i++) {
            assertEquals(0x5A5A5A5A, packed[i], "wrote past the packed block");
        }
        int[] out = new int[BLOCK];
        FastLanesFor.decode(packed, 2, h, out, 0);
        assertArrayEquals(values, out);
        return h;
    }

    static FastLanesFor.LongHeader assertRoundTrip(long[] values) {
        long[] packed = new long[BLOCK + 1];
        FastLanesFor.LongHeader h = FastLanesFor.encode(values, 0, packed, 1);
        long[] out = new long[BLOCK];
        FastLanesFor.decode(packed, 1, h, out, 0);
        assertArrayEquals(values, out);
        return h;
    }

    @Property(tries = 200)
    void intsAroundAnyBaseRoundTrip(
            @ForAll int base, @ForAll @IntRange(min = 0, max = 32) int width, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] values = new int[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            values[i] = base + (rnd.nextInt() & FastLanesTest.mask(width));
        }
        FastLanesFor.Header h = assertRoundTrip(values);
        if ((long) base + FastLanesTest.mask(width) <= Integer.MAX_VALUE) {
            assertEquals(true, h.bitWidth() <= width, "without overflow the span fits the width");
        }
    }

    @Property(tries = 200)
    void longsAroundAnyBaseRoundTrip(
            @ForAll long base, @ForAll @IntRange(min = 0, max = 64) int width, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] values = new long[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            values[i] = base + (rnd.nextLong() & FastLanesTest.longMask(width));
        }
        FastLanesFor.LongHeader h = assertRoundTrip(values);
        if (width == 64 || base <= Long.MAX_VALUE - FastLanesTest.longMask(width)) {
            assertEquals(true, h.bitWidth() <= width, "without overflow the span fits the width");
        }
    }

    @Test
    void baseIsTheMinimumAndWidthTheSpan() {
        int[] values = new int[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            values[i] = -1000 + i;
        }
        assertEquals(new FastLanesFor.Header(-1000, 10), assertRoundTrip(values));
        Arrays.fill(values, 123456);
        assertEquals(new FastLanesFor.Header(123456, 0), assertRoundTrip(values));
        long[] longs = new long[BLOCK];
        Arrays.fill(longs, Long.MIN_VALUE);
        longs[77] = Long.MIN_VALUE + 255;
        assertEquals(new FastLanesFor.LongHeader(Long.MIN_VALUE, 8), assertRoundTrip(longs));
    }

    @Test
    void fullSignedSpansRoundTripAtFullWidth() {
        int[] values = new int[BLOCK];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < BLOCK; i++) {
            values[i] = rnd.nextInt();
        }
        values[0] = Integer.MIN_VALUE;
        values[1] = Integer.MAX_VALUE;
        assertEquals(new FastLanesFor.Header(Integer.MIN_VALUE, 32), assertRoundTrip(values));
        Arrays.fill(values, Integer.MAX_VALUE);
        assertEquals(new FastLanesFor.Header(Integer.MAX_VALUE, 0), assertRoundTrip(values));
        long[] longs = new long[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            longs[i] = rnd.nextLong();
        }
        longs[10] = Long.MIN_VALUE;
        longs[1000] = Long.MAX_VALUE;
        assertEquals(new FastLanesFor.LongHeader(Long.MIN_VALUE, 64), assertRoundTrip(longs));
        Arrays.fill(longs, -1L);
        assertEquals(new FastLanesFor.LongHeader(-1L, 0), assertRoundTrip(longs));
    }

    @Property(tries = 100)
    void partialBlocksRoundTripTheirPrefix(@ForAll @IntRange(min = 1, max = BLOCK) int n, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] values = new int[n];
        long[] longs = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = rnd.nextInt(-5000, 5000);
            longs[i] = rnd.nextLong();
        }
        int[] packed = new int[BLOCK];
        FastLanesFor.Header h = FastLanesFor.encode(values, 0, n, packed, 0);
        int[] out = new int[BLOCK];
        FastLanesFor.decode(packed, 0, h, out, 0);
        assertArrayEquals(values, Arrays.copyOf(out, n));
        for (int i = n; i < BLOCK; i++) {
            assertEquals(h.base(), out[i], "padding is the minimum");
        }
        long[] packedLongs = new long[BLOCK];
        FastLanesFor.LongHeader lh = FastLanesFor.encode(longs, 0, n, packedLongs, 0);
        long[] outLongs = new long[BLOCK];
        FastLanesFor.decode(packedLongs, 0, lh, outLongs, 0);
        assertArrayEquals(longs, Arrays.copyOf(outLongs, n));
    }

    @Test
    void rejectsBadCountsAndHeaders() {
        assertThrows(IllegalArgumentException.class, () -> FastLanesFor.encode(new int[10], 0, 0, new int[BLOCK], 0));
        assertThrows(IllegalArgumentException.class, () -> FastLanesFor.encode(new int[2000], 0, 1025, new int[BLOCK], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> FastLanesFor.encode(new int[10], 0, 11, new int[BLOCK], 0));
        assertThrows(IllegalArgumentException.class, () -> new FastLanesFor.Header(0, 33));
        assertThrows(IllegalArgumentException.class, () -> new FastLanesFor.LongHeader(0, -1));
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> FastLanesFor.decode(new int[10], 0, new FastLanesFor.Header(0, 1), new int[BLOCK], 0));
    }
}
