package io.drift.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.TestVectors;
import io.drift.concurrent.Reclaimer;
import io.drift.maintain.BulkBuilder;
import io.drift.vector.Distance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentRefTest {

    @TempDir
    Path dir;

    private Path segment() throws Exception {
        int n = 500, d = 8;
        long[] ids = new long[n];
        java.util.Arrays.setAll(ids, i -> i);
        return BulkBuilder.build(TestVectors.clustered(n, d, 5, 0.3, 3), ids, n, d, Distance.L2, 100, dir, 1, 1L << 30, 1)
                .segments().getFirst();
    }

    /**
     * A search that drops the last reference to a retired segment (its Version was replaced while it
     * ran) neither unmaps it nor deletes its file on its own thread: both happen on the reclaimer's.
     */
    @Test
    void theLastReleaseLeavesUnmappingAndDeletingToTheReclaimer() throws Exception {
        Path file = segment();
        SegmentRef ref = SegmentRef.openNew(file, 1);
        assertTrue(ref.tryAcquire()); // a search's Version
        ref.retire();
        ref.release(); // the collection's own reference: the search now holds the last one
        AtomicBoolean closedOnReleasingThread = new AtomicBoolean(true);
        Reclaimer.whilePaused(() -> {
            Thread search = Thread.ofPlatform().start(() -> {
                ref.release();
                closedOnReleasingThread.set(ref.isClosed() || !Files.exists(file));
            });
            try {
                search.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertFalse(closedOnReleasingThread.get(), "the releasing thread unmapped or deleted the segment");
        assertTrue(Reclaimer.awaitIdle(10_000));
        assertTrue(ref.isClosed(), "unmapped by the reclaimer");
        assertFalse(Files.exists(file), "deleted by the reclaimer");
        assertEquals(0, ref.refCount());
    }
}
