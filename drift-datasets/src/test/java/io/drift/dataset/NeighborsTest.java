package io.drift.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NeighborsTest {
    // two queries, k = 3
    private final Neighbors nn = new Neighbors(2, 3,
            new int[] {5, 1, 9, 2, 4, 6},
            new float[] {0.1f, 0.2f, 0.3f, 1f, 2f, 3f});

    @Test
    void accessors() {
        assertEquals(5, nn.id(0, 0));
        assertEquals(9, nn.id(0, 2));
        assertEquals(4, nn.id(1, 1));
        assertEquals(3f, nn.distance(1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> nn.id(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> nn.id(0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> nn.distance(-1, 0));
    }

    @Test
    void recallCountsTrueNeighboursAmongTheFirstK() {
        assertEquals(1.0, nn.recall(0, new long[] {9, 5, 1}, 3), 0);
        assertEquals(2.0 / 3, nn.recall(0, new long[] {5, 7, 1}, 3), 1e-12);
        assertEquals(0.0, nn.recall(0, new long[] {2, 4, 6}, 3), 0);
        assertEquals(1.0, nn.recall(1, new long[] {6, 4, 2}, 3), 0);
    }

    @Test
    void recallUsesOnlyResultCountEntriesAndAtMostK() {
        assertEquals(1.0 / 3, nn.recall(0, new long[] {5, 1, 9}, 1), 1e-12);
        assertEquals(0.0, nn.recall(0, new long[] {5, 1, 9}, 0), 0);
        // a 4th result beyond k does not count even if it is a true neighbour
        assertEquals(2.0 / 3, nn.recall(0, new long[] {5, 1, 77, 9}, 4), 1e-12);
        // fewer results than k
        assertEquals(2.0 / 3, nn.recall(0, new long[] {9, 1}, 2), 1e-12);
    }

    @Test
    void repeatedResultCountsOnce() {
        assertEquals(1.0 / 3, nn.recall(0, new long[] {5, 5, 5}, 3), 1e-12);
    }

    @Test
    void invalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> nn.recall(0, new long[] {1}, 2));
        assertThrows(IllegalArgumentException.class, () -> nn.recall(0, new long[] {1}, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> nn.recall(2, new long[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> new Neighbors(2, 3, new int[5], new float[6]));
        assertThrows(IllegalArgumentException.class, () -> new Neighbors(2, 3, new int[6], new float[5]));
        assertThrows(IllegalArgumentException.class, () -> new Neighbors(-1, 3, new int[0], new float[0]));
    }

    @Test
    void emptyTruthHasFullRecall() {
        Neighbors none = new Neighbors(1, 0, new int[0], new float[0]);
        assertEquals(1.0, none.recall(0, new long[0], 0), 0);
    }

    @Test
    void valueEquality() {
        Neighbors copy = new Neighbors(2, 3, nn.ids().clone(), nn.distances().clone());
        assertEquals(nn, copy);
        assertEquals(nn.hashCode(), copy.hashCode());
    }
}
