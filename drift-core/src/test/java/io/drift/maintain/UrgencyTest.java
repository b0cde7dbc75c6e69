package io.drift.maintain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UrgencyTest {

    @Test
    void theWorkedValuesOfTheDesign() {
        // live 10 of target 100, cold: 0.9 / 0.001
        assertEquals(900.0, Urgency.of(10, 10, 0.0, 100, 3.0, 0.001), 1e-9);
        // the same bucket hot: 0.9 / 1.001
        assertEquals(0.8991, Urgency.of(10, 10, 1.0, 100, 3.0, 0.001), 1e-4);
        // 100 rows, 90 dead, hot: 0.899 + 3 · 0.9
        assertEquals(3.5991, Urgency.of(10, 100, 1.0, 100, 3.0, 0.001), 1e-4);
    }

    @Test
    void aFullLiveBucketIsNotUrgentAndAnEmptyOneHasNoZombieShare() {
        assertEquals(0.0, Urgency.of(150, 150, 0.2, 100, 3.0, 0.001));
        assertEquals(1.0 / 0.501, Urgency.of(0, 0, 0.5, 100, 3.0, 0.001), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Urgency.of(5, 4, 1, 100, 3, 0.001));
    }
}
