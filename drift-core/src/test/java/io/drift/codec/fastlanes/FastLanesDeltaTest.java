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

class FastLanesDeltaTest {
    private static final int BLOCK = FastLanes.BLOCK;

    static FastLanesDelta.Header assertRoundTrip(int[] values) {
        int[] encoded = new int[FastLanesDelta.encodedInts(32) + 2];
        Arrays.fill(encoded, 0x5A5A5A5A);
        FastLanesDelta.Header h = FastLanesDelta.encode(values, 0, encoded, 1);
        assertEquals(0x5A5A5A5A, encoded[0]);
        for (int i = 1 + h.encodedInts(); i < encoded.length; i++) {
            assertEquals(0x5A5A5A5A, encoded[i], "wrote past the encoded block");
        }
        int[] out = new int[BLOCK + 1];
        FastLanesDelta.decode(encoded, 1, h, out, 1);
        assertArrayEquals(values, Arrays.copyOfRange(out, 1, BLOCK + 1));
        return h;
    }

    static FastLanesDelta.LongHeader assertRoundTrip(long[] values) {
        long[] encoded = new long[FastLanesDelta.encodedLongs(64)];
        FastLanesDelta.LongHeader h = FastLanesDelta.encode(values, 0, encoded, 0);
        long[] out = new long[BLOCK];
        FastLanesDelta.decode(encoded, 0, h, out, 0, new long[BLOCK]);
        assertArrayEquals(values, out);
        return h;
    }

    @Property(tries = 200)
    void ascendingIdsWithRandomGapsRoundTrip(
            @ForAll @IntRange(min = 0, max = 20) int gapBits, @ForAll int start, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ids = new int[BLOCK];
        long[] longIds = new long[BLOCK];
        ids[0] = start;
        longIds[0] = start * 1_000_003L;
        for (int i = 1; i < BLOCK; i++) {
            int gap = 1 + (rnd.nextInt() & FastLanesTest.mask(gapBits));
            ids[i] = ids[i - 1] + gap;
            longIds[i] = longIds[i - 1] + gap;
        }
        FastLanesDelta.Header h = assertRoundTrip(ids);
        assertEquals(true, h.bitWidth() <= gapBits + 1, "deltas of at most 2^" + gapBits + " pack narrowly");
        assertEquals(true, assertRoundTrip(longIds).bitWidth() <= gapBits + 1);
    }

    @Property(tries = 200)
    void unsortedValuesRoundTripWithWrappingDeltas(@ForAll @IntRange(min = 0, max = 64) int width, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ints = new int[BLOCK];
        long[] longs = new long[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            longs[i] = rnd.nextLong() & FastLanesTest.longMask(width);
            ints[i] = (int) (longs[i] >>> 32);
        }
        assertRoundTrip(ints);
        assertRoundTrip(longs);
    }

    @Test
    void extremesRoundTrip() {
        int[] ints = new int[BLOCK];
        long[] longs = new long[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            ints[i] = i % 2 == 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            longs[i] = i % 3 == 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        assertRoundTrip(ints);
        assertRoundTrip(longs);
        Arrays.fill(ints, -7);
        assertEquals(new FastLanesDelta.Header(0, 0), assertRoundTrip(ints));
        Arrays.fill(longs, Long.MAX_VALUE);
        assertEquals(new FastLanesDelta.LongHeader(0, 0), assertRoundTrip(longs));
    }

    @Test
    void arithmeticSequencesPackToZeroBits() {
        int[] ints = new int[BLOCK];
        long[] longs = new long[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            ints[i] = 1_000_000 - 3 * i;
            longs[i] = Long.MAX_VALUE - 5L * i;
        }
        assertEquals(new FastLanesDelta.Header(-3, 0), assertRoundTrip(ints));
        assertEquals(new FastLanesDelta.LongHeader(-5, 0), assertRoundTrip(longs));
        assertEquals(32, FastLanesDelta.encodedInts(0));
        assertEquals(16, FastLanesDelta.encodedLongs(0));
    }

    /** Pins the transposition: lane l holds 32 (ints) or 64 (longs) consecutive input values. */
    @Test
    void lanesHoldConsecutiveValues() {
        int[] expectedInt = new int[FastLanes.INT_LANES];
        for (int l = 0; l < FastLanes.INT_LANES; l++) {
            expectedInt[l] = (l % 16) * 64 + (l / 16) * 32;
        }
        assertArrayEquals(expectedInt, FastLanesDelta.INT_LANE_START);
        for (int l = 0; l < FastLanes.LONG_LANES; l++) {
            assertEquals(64 * l, FastLanesDelta.LONG_LANE_START[l]);
        }
        for (int l = 0; l < FastLanes.INT_LANES; l++) {
            for (int r = 0; r < 32; r++) {
                assertEquals(expectedInt[l] + r, FastLanesDelta.transpose(FastLanes.index(r, l)));
            }
        }
        for (int l = 0; l < FastLanes.LONG_LANES; l++) {
            for (int r = 0; r < 64; r++) {
                assertEquals(64 * l + r, FastLanesDelta.transpose(FastLanes.index(r, l)));
            }
        }
        int[] ids = new int[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            ids[i] = 10 + 2 * i;
        }
        int[] encoded = new int[FastLanesDelta.encodedInts(32)];
        assertEquals(new FastLanesDelta.Header(2, 0), FastLanesDelta.encode(ids, 0, encoded, 0));
        for (int l = 0; l < FastLanes.INT_LANES; l++) {
            assertEquals(10 + 2 * expectedInt[l], encoded[l], "lane base " + l);
        }
    }

    @Property(tries = 100)
    void partialBlocksRoundTripTheirPrefix(@ForAll @IntRange(min = 1, max = BLOCK) int n, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ids = new int[n];
        long[] longs = new long[n];
        ids[0] = rnd.nextInt(1 << 20);
        longs[0] = rnd.nextLong();
        for (int i = 1; i < n; i++) {
            ids[i] = ids[i - 1] + 1 + rnd.nextInt(100);
            longs[i] = rnd.nextLong();
        }
        int[] encoded = new int[FastLanesDelta.encodedInts(32)];
        FastLanesDelta.Header h = FastLanesDelta.encode(ids, 0, n, encoded, 0);
        assertEquals(true, h.bitWidth() <= 7);
        int[] out = new int[BLOCK];
        FastLanesDelta.decode(encoded, 0, h, out, 0);
        assertArrayEquals(ids, Arrays.copyOf(out, n));
        long[] encodedLongs = new long[FastLanesDelta.encodedLongs(64)];
        FastLanesDelta.LongHeader lh = FastLanesDelta.encode(longs, 0, n, encodedLongs, 0);
        long[] outLongs = new long[BLOCK];
        FastLanesDelta.decode(encodedLongs, 0, lh, outLongs, 0);
        assertArrayEquals(longs, Arrays.copyOf(outLongs, n));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> FastLanesDelta.encode(new int[4], 0, 0, new int[2000], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> FastLanesDelta.encode(new int[BLOCK], 0, new int[31], 0));
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> FastLanesDelta.decode(new int[40], 0, new FastLanesDelta.Header(0, 1), new int[BLOCK], 0));
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> FastLanesDelta.decode(
                        new int[64], 0, new FastLanesDelta.Header(0, 1), new int[BLOCK], 0, new int[100]));
    }
}
