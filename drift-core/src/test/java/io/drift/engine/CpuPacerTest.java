package io.drift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuPacerTest {

    @Test
    void workOfEveryoneSharingThePacerAddsUpToOneShare() {
        CpuPacer pacer = new CpuPacer(0.1);
        assertEquals(0, pacer.delayMillis());
        long now = System.nanoTime();
        pacer.spent(now - 10_000_000, now); // 10 ms of work: 90 ms of rest
        long first = pacer.delayMillis();
        assertTrue(first > 80 && first <= 90, "delay " + first);
        pacer.spent(now - 10_000_000, now); // a second collection's 10 ms: the rest adds up
        long second = pacer.delayMillis();
        assertTrue(second > 170 && second <= 180, "delay " + second);
    }

    @Test
    void refusesAShareOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new CpuPacer(0));
        assertThrows(IllegalArgumentException.class, () -> new CpuPacer(1.5));
    }
}
