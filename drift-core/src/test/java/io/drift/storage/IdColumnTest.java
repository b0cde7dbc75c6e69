package io.drift.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdColumnTest {

    static long[] sortedIds(SplittableRandom rnd, int n, long maxGap) {
        long[] ids = new long[n];
        long id = rnd.nextLong(1_000_000);
        for (int i = 0; i < n; i++) {
            id += 1 + rnd.nextLong(maxGap);
            ids[i] = id;
        }
        return ids;
    }

    @Test
    void roundTripsEverySizeAroundBlockBoundaries() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : new int[] {0, 1, 2, 999, 1000, 1023, 1024, 1025, 2048, 3001}) {
            long[] ids = sortedIds(rnd, n, 50);
            byte[] col = IdColumn.encode(ids, n);
            long[] back = new long[n];
            assertEquals(col.length, IdColumn.decode(MemorySegment.ofArray(col), 0, n, back), "n=" + n);
            assertArrayEquals(ids, back, "n=" + n);
        }
    }

    @Test
    void extremeIdsRoundTrip() {
        long[] ids = {0L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, -2L, -1L}; // unsigned order
        byte[] col = IdColumn.encode(ids, ids.length);
        long[] back = new long[ids.length];
        IdColumn.decode(MemorySegment.ofArray(col), 0, ids.length, back);
        assertArrayEquals(ids, back);
    }

    @Test
    void denseIdsPackSmall() {
        long[] ids = new long[1000];
        Arrays.setAll(ids, i -> 5_000_000_000L + 3L * i);
        byte[] col = IdColumn.encode(ids, ids.length);
        // constant deltas: width 0, only the 16 lane bases and the 16-byte header remain
        assertEquals(16 + 16 * 8, col.length);
        assertTrue(col.length < ids.length * 8 / 20);
    }

    @Test
    void damagedHeadersAreRejected() {
        long[] ids = sortedIds(new SplittableRandom(5), 100, 10);
        byte[] col = IdColumn.encode(ids, 100);
        byte[] badWidth = col.clone();
        badWidth[8] = (byte) 65;
        assertThrows(IllegalArgumentException.class,
                () -> IdColumn.decode(MemorySegment.ofArray(badWidth), 0, 100, new long[100]));
        assertThrows(IllegalArgumentException.class,
                () -> IdColumn.decode(MemorySegment.ofArray(col).asSlice(0, col.length - 8), 0, 100, new long[100]));
    }
}
