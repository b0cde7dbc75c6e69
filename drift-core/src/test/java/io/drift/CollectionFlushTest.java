package io.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How flushes keep up with writes that outrun them. */
class CollectionFlushTest {

    static final int D = DriftEngineTest.D;

    @TempDir
    Path dir;

    @Test
    void memtablesFrozenWhileAFlushWaitsAreFlushedTogetherIntoOneSegment() throws IOException {
        // memtables of 100 rows; the graph never holds the writes back
        CollectionConfig config = CollectionConfig.builder().memtableBytes(100L * D * 4).targetBucketSize(20)
                .calibrationQueries(20).build();
        List<Point> pts = DriftEngineTest.points(0, 250, 3);
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.createCollection("c", D, Metric.L2, config);
            c.whileFlushesWait(() -> {
                try {
                    for (int i = 0; i < 250; i += 50) {
                        c.upsert(pts.subList(i, i + 50));
                    }
                    c.delete(10); // in the oldest frozen memtable
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                CollectionStats s = c.stats();
                assertEquals(2, s.frozenMemtables(), s.toString());
                assertEquals(0, s.segments(), s.toString());
            });
            c.flush(); // the two waiting memtables in one flush, then the active one
            CollectionStats s = c.stats();
            assertEquals(2, s.segments(), s.toString());
            assertEquals(2, s.flushes(), s.toString());
            assertEquals(249, s.liveRows());
            assertEquals(249, c.search(pts.get(0).vector(), 1000, SearchOptions.exhaustive()).ids().length);
            try (Stream<Path> logs = Files.list(c.directory().resolve(io.drift.storage.Manifest.WAL_DIR))) {
                assertEquals(1, logs.count(), "the flushed memtables' logs are deleted");
            }
        }
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.collection("c");
            c.verify();
            assertEquals(249, c.stats().liveRows());
            assertEquals(null, c.get(10));
        }
    }

    @Test
    void linkingPausesWhileMemtablesWaitForAFlushAndResumesAfter() throws Exception {
        CollectionConfig config = CollectionConfig.builder().memtableBytes(100L * D * 4).build();
        List<Point> pts = DriftEngineTest.points(0, 150, 4);
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.createCollection("c", D, Metric.L2, config);
            c.whileFlushesWait(() -> {
                try {
                    c.upsert(pts.subList(0, 100));
                    c.upsert(pts.subList(100, 150)); // freezes the first 100 rows first
                    Thread.sleep(200); // time enough to link 50 rows, were linking allowed
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                Version v = c.pinForTest();
                try {
                    assertEquals(1, v.frozen().size());
                    assertEquals(0, v.active().linkedRows(), "linking waits while a memtable waits for its flush");
                } finally {
                    v.release();
                }
            });
            // the flush runs once the lock is free; then linking resumes
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                Version v = c.pinForTest();
                try {
                    if (v.frozen().isEmpty() && v.active().linkedRows() == 50) {
                        break;
                    }
                } finally {
                    v.release();
                }
                assertTrue(System.nanoTime() < deadline, "linking did not resume after the flush");
                Thread.sleep(10);
            }
        }
    }
}
