package io.drift.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BackgroundTest {

    @Test
    void maintenanceRunsBelowTheNormalPriorityAndFlushesAtIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.drift.concurrent.CpuPriority.currentNiceness() == 0,
                "Linux, at the normal priority");
        Background background = new Background();
        try {
            var seen = new java.util.concurrent.CompletableFuture<int[]>();
            background.maintain(() -> seen.complete(java.util.stream.IntStream.range(0, 32).parallel()
                    .map(i -> io.drift.concurrent.CpuPriority.currentNiceness()).distinct().toArray()));
            assertArrayEquals(new int[] {Background.MAINTENANCE_NICE},
                    seen.get(10, java.util.concurrent.TimeUnit.SECONDS), "a pass and its parallel steps");
            assertEquals(0, background.flusher().submit(io.drift.concurrent.CpuPriority::currentNiceness).get());
        } finally {
            background.shutdown();
        }
    }
}
