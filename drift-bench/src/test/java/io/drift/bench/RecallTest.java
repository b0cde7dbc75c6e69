package io.drift.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.drift.dataset.Neighbors;
import org.junit.jupiter.api.Test;

class RecallTest {

    /** Two queries, k = 2: query 0's neighbours are rows 1 and 2, query 1's rows 3 and 4. */
    private static final Neighbors TRUTH =
            new Neighbors(2, 2, new int[] {1, 2, 3, 4}, new float[] {0.1f, 0.2f, 0.3f, 0.4f});

    @Test
    void meanOfPerQueryRecall() {
        long[][] results = {{2, 1}, {3, 9}};
        int[] counts = {2, 2};
        assertEquals((1.0 + 0.5) / 2, Recall.mean(TRUTH::recall, results, counts), 1e-12);
    }

    @Test
    void onlyTheReturnedCountIsConsidered() {
        // Query 0 returned one id; the stale second slot must not count.
        long[][] results = {{1, 2}, {3, 4}};
        int[] counts = {1, 0};
        assertEquals((0.5 + 0.0) / 2, Recall.mean(TRUTH::recall, results, counts), 1e-12);
    }

    @Test
    void perfectAndEmptyResults() {
        assertEquals(1.0, Recall.mean(TRUTH::recall, new long[][] {{1, 2}, {4, 3}}, new int[] {2, 2}));
        assertEquals(0.0, Recall.mean(TRUTH::recall, new long[][] {{0, 0}, {0, 0}}, new int[] {0, 0}));
    }

    @Test
    void passesQueryIndexThrough() {
        double mean = Recall.mean((query, ids, count) -> query == 1 ? 1.0 : 0.0,
                new long[3][1], new int[3]);
        assertEquals(1.0 / 3, mean, 1e-12);
    }

    @Test
    void rejectsInconsistentInput() {
        assertThrows(IllegalArgumentException.class, () -> Recall.mean(TRUTH::recall, new long[2][2], new int[1]));
        assertThrows(IllegalArgumentException.class, () -> Recall.mean(TRUTH::recall, new long[0][], new int[0]));
        assertThrows(IllegalStateException.class, () -> Recall.mean((q, ids, c) -> 1.5, new long[1][1], new int[1]));
    }
}
