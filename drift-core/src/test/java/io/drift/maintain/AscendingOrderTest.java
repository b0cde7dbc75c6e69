package io.drift.maintain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AscendingOrderTest {

    @Test
    void ascendingOrdersPositionsByKeyWithTiesInPositionOrder() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 50; round++) {
            int n = random.nextInt(0, 200);
            double[] keys = new double[n + 3];
            for (int i = 0; i < keys.length; i++) {
                // few distinct values, both signs, zeros of both signs: many ties
                keys[i] = random.nextInt(-5, 6) * 0.25 * (random.nextBoolean() ? 1 : 1e-3);
            }
            keys[keys.length - 1] = -0.0;
            Integer[] expected = new Integer[n];
            for (int i = 0; i < n; i++) {
                expected[i] = i;
            }
            // a stable sort by the float value of the key (-0 before +0, as the bits order them)
            java.util.Arrays.sort(expected, java.util.Comparator.comparingDouble((Integer i) -> (float) keys[i])
                    .thenComparing((Integer i) -> Float.floatToIntBits((float) keys[i]) >= 0));
            int[] order = Planner.ascending(keys, n);
            assertArrayEquals(java.util.Arrays.stream(expected).mapToInt(Integer::intValue).toArray(), order,
                    "round " + round);
        }
    }
}
