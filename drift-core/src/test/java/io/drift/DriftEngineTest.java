package io.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftEngineTest {

    @TempDir
    Path dir;

    static final int D = 16;

    static CollectionConfig small() {
        // a memtable of 300 rows, so writes below freeze and flush several times
        return CollectionConfig.builder().memtableBytes(300L * D * 4).targetBucketSize(50)
                .calibrationQueries(50).build();
    }

    static List<Point> points(long firstId, int n, long seed) {
        float[] data = TestVectors.clustered(n, D, 8, 0.4, seed);
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Point(firstId + i, java.util.Arrays.copyOfRange(data, i * D, (i + 1) * D)));
        }
        return out;
    }

    /** Upserts {@code pts} in batches of 100. */
    static void upsertInBatches(VectorCollection c, List<Point> pts) throws IOException {
        for (int i = 0; i < pts.size(); i += 100) {
            c.upsert(pts.subList(i, Math.min(pts.size(), i + 100)));
        }
    }

    @Test
    void aSearchStopsAsSoonAsItsAbortConditionAnswersTrue() throws IOException {
        List<Point> pts = points(0, 1000, 1);
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.createCollection("docs", D, Metric.L2, small());
            upsertInBatches(c, pts);
            c.flush();
            c.upsert(pts.subList(0, 10)); // the memtable holds rows too
            float[] q = pts.get(500).vector();
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            SearchResult full = c.search(q, 10, SearchOptions.exhaustive().withAbort(() -> {
                asked.incrementAndGet();
                return false;
            }));
            assertEquals(10, full.size());
            assertTrue(asked.get() > full.bucketsScanned(), "asked " + asked + " times for "
                    + full.bucketsScanned() + " buckets and the memtable");
            int stopAt = asked.get() / 2;
            java.util.concurrent.atomic.AtomicInteger again = new java.util.concurrent.atomic.AtomicInteger();
            assertThrows(SearchAbortedException.class, () -> c.search(q, 10,
                    SearchOptions.exhaustive().withAbort(() -> again.incrementAndGet() >= stopAt)));
            assertEquals(stopAt, again.get(), "not asked again once it answered true");
            assertThrows(SearchAbortedException.class, () -> c.search(q, 10, SearchOptions.defaults().withAbort(() -> true)));
            assertArrayEquals(full.ids(), c.search(q, 10, SearchOptions.exhaustive()).ids(), "nothing changed");
        }
    }

    @Test
    void writesSurviveFlushesAndReopen() throws IOException {
        List<Point> pts = points(0, 1000, 1);
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.createCollection("docs", D, Metric.L2, small());
            upsertInBatches(c, pts);
            assertTrue(c.delete(5));
            assertFalse(c.delete(5), "already gone");
            assertFalse(c.delete(123456), "never there");
            c.upsert(7, pts.get(8).vector()); // replace
            c.flush();
            CollectionStats s = c.stats();
            assertEquals(999, s.liveRows());
            assertTrue(s.flushes() >= 2 && s.segments() >= 2, s.toString()); // waiting memtables may share a flush
            assertEquals(0, s.frozenMemtables());
            assertArrayEquals(pts.get(8).vector(), c.get(7));
            assertNull(c.get(5));
            // a point finds itself
            SearchResult r = c.search(pts.get(100).vector(), 3, SearchOptions.exhaustive());
            assertEquals(100, r.ids()[0]);
            assertEquals(0f, r.get(0).distance());
            // unflushed writes after the flush
            c.upsert(points(5000, 10, 2));
            assertTrue(c.delete(6));
        }
        try (DriftEngine engine = DriftEngine.open(dir)) {
            assertEquals(List.of("docs"), engine.listCollections());
            VectorCollection c = engine.collection("docs");
            assertEquals(1008, c.stats().liveRows());
            assertArrayEquals(pts.get(8).vector(), c.get(7));
            assertNull(c.get(5));
            assertNull(c.get(6));
            assertTrue(c.get(5009) != null);
            SearchResult all = c.search(pts.get(0).vector(), 2000, SearchOptions.exhaustive().withRerankFactor(4));
            assertEquals(1008, all.ids().length);
            assertEquals(1008, java.util.Arrays.stream(all.ids()).distinct().count());
        }
    }

    @Test
    void collectionsAreCreatedListedAndDropped() throws IOException {
        try (DriftEngine engine = DriftEngine.open(dir)) {
            engine.createCollection("b", 4, Metric.DOT, CollectionConfig.defaults());
            engine.createCollection("a", 4, Metric.COSINE, CollectionConfig.defaults());
            assertEquals(List.of("a", "b"), engine.listCollections());
            assertThrows(CollectionExistsException.class,
                    () -> engine.createCollection("a", 4, Metric.L2, CollectionConfig.defaults()));
            engine.collection("a").upsert(1, new float[] {3, 0, 0, 4});
            assertArrayEquals(new float[] {0.6f, 0, 0, 0.8f}, engine.collection("a").get(1), 1e-6f);
            engine.dropCollection("a");
            assertEquals(List.of("b"), engine.listCollections());
            assertFalse(Files.exists(dir.resolve("a")));
            assertThrows(CollectionNotFoundException.class, () -> engine.collection("a"));
            assertThrows(CollectionNotFoundException.class, () -> engine.dropCollection("a"));
        }
        try (DriftEngine engine = DriftEngine.open(dir)) {
            assertEquals(List.of("b"), engine.listCollections());
            assertEquals(Metric.DOT, engine.collection("b").metric());
        }
    }

    @Test
    void aSecondEngineOnTheSameDirectoryIsRefused() throws IOException {
        try (DriftEngine engine = DriftEngine.open(dir)) {
            IOException e = assertThrows(IOException.class, () -> DriftEngine.open(dir));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        DriftEngine.open(dir).close(); // released on close
    }
}
