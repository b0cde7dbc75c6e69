package io.drift.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void nearestRankPercentiles() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(1, LatencyStats.percentile(sorted, 0));
        assertEquals(1, LatencyStats.percentile(sorted, 1));
        assertEquals(50, LatencyStats.percentile(sorted, 50));
        assertEquals(51, LatencyStats.percentile(sorted, 50.5));
        assertEquals(99, LatencyStats.percentile(sorted, 99));
        assertEquals(100, LatencyStats.percentile(sorted, 100));
    }

    @Test
    void percentilesOfFewValues() {
        assertEquals(7, LatencyStats.percentile(new long[] {7}, 50));
        assertEquals(7, LatencyStats.percentile(new long[] {7}, 99));
        assertEquals(1, LatencyStats.percentile(new long[] {1, 2}, 50));
        assertEquals(2, LatencyStats.percentile(new long[] {1, 2}, 99));
        assertEquals(2, LatencyStats.percentile(new long[] {1, 2, 3}, 50));
    }

    @Test
    void statsFromUnsortedLatencies() {
        // 1..10 ms in shuffled order: 55 ms in total for 10 queries.
        long[] nanos = {3, 9, 1, 10, 2, 8, 4, 7, 5, 6};
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] *= 1_000_000L;
        }
        long[] copy = nanos.clone();
        LatencyStats stats = LatencyStats.of(nanos);
        assertArrayEquals(copy, nanos, "input must not be reordered");
        assertEquals(10, stats.count());
        assertEquals(55_000_000L, stats.totalNanos());
        assertEquals(10 / 0.055, stats.qps(), 1e-9);
        assertEquals(5.0, stats.p50Millis(), 1e-12);
        assertEquals(10.0, stats.p99Millis(), 1e-12);
    }

    @Test
    void p99IsNeverBelowP50() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 100; round++) {
            long[] nanos = new long[1 + random.nextInt(500)];
            for (int i = 0; i < nanos.length; i++) {
                nanos[i] = random.nextLong(1, 10_000_000);
            }
            LatencyStats stats = LatencyStats.of(nanos);
            assertEquals(true, stats.p99Millis() >= stats.p50Millis(), stats.toString());
            assertEquals(true, stats.qps() > 0, stats.toString());
        }
    }

    @Test
    void zeroTotalStillGivesFiniteThroughput() {
        LatencyStats stats = LatencyStats.of(new long[] {0, 0});
        assertEquals(2e9, stats.qps());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.of(new long[0]));
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.of(new long[] {5, -1}));
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.percentile(new long[] {1}, 101));
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.percentile(new long[] {1}, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.percentile(new long[0], 50));
    }
}
