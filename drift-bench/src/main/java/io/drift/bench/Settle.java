package io.drift.bench;

import io.drift.CollectionStats;
import io.drift.JanitorStats;
import io.drift.VectorCollection;
import java.util.concurrent.TimeUnit;

/** Waits for a collection's background maintenance to finish before a bench times anything. */
public final class Settle {

    private Settle() {
    }

    /**
     * Waits until the collection's background maintenance has nothing left to do, so "idle" means
     * idle: no pass running and two janitor passes in a row that rewrote and dropped nothing (a
     * pass that just ended says nothing of the next one: after an ingest, partition merges run for
     * seconds). Gives up after 5 minutes.
     */
    public static void untilQuiet(VectorCollection c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        boolean janitor = c.config().janitor().enabled();
        JanitorStats last = c.stats().janitor();
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            CollectionStats s = c.stats();
            if (!janitor && !s.maintenanceRunning()) {
                return;
            }
            JanitorStats now = s.janitor();
            if (now.passes() > last.passes()) { // the passes up to the one just begun have ended
                boolean idle = now.rowsRewritten() == last.rowsRewritten()
                        && now.segmentsDropped() == last.segmentsDropped();
                quiet = idle ? quiet + 1 : 0;
                last = now;
                if (quiet >= 2 && !s.maintenanceRunning()) {
                    return;
                }
            }
            Thread.sleep(20);
        }
    }
}
