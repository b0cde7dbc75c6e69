package io.drift.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CpuPriorityTest {

    /** On Linux, from a process at the normal priority (a niced test run cannot be asserted on). */
    private static void assumeNormalPriorityOnLinux() {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux"),
                "thread niceness is Linux's");
        assumeTrue(CpuPriority.currentNiceness() == 0, "the tests run at the normal priority");
    }

    @Test
    void threadsOfTheFactoryRunAtTheNicenessAndOthersDoNot() throws Exception {
        assumeNormalPriorityOnLinux();
        AtomicInteger seen = new AtomicInteger(-2);
        Thread t = CpuPriority.threads("nice-test", 7).newThread(() -> seen.set(CpuPriority.currentNiceness()));
        t.start();
        t.join();
        assertEquals(7, seen.get());
        assertEquals(0, CpuPriority.currentNiceness(), "the calling thread keeps its priority");
    }

    @Test
    void poolWorkersAndTheirParallelStepsRunAtTheNiceness() throws Exception {
        assumeNormalPriorityOnLinux();
        ForkJoinPool pool = CpuPriority.pool("nice-pool", 2, 9);
        try {
            int[] nices = pool.submit(() -> IntStream.range(0, 64).parallel()
                    .map(i -> CpuPriority.currentNiceness()).distinct().toArray()).get();
            assertEquals(1, nices.length, "every step ran in the pool");
            assertEquals(9, nices[0]);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsAnOutOfRangeNiceness() {
        assertThrows(IllegalArgumentException.class, () -> CpuPriority.lowerCurrentThread(-1));
        assertThrows(IllegalArgumentException.class, () -> CpuPriority.lowerCurrentThread(20));
    }
}
