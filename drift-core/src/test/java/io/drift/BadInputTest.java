package io.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input of DESIGN §3 is refused with its documented exception and changes nothing. */
class BadInputTest {

    @TempDir
    Path dir;

    DriftEngine engine;
    VectorCollection c;

    @BeforeEach
    void open() throws IOException {
        engine = DriftEngine.open(dir);
        c = engine.createCollection("c", 3, Metric.COSINE, CollectionConfig.builder().maxBatch(4).build());
        c.upsert(1, new float[] {1, 2, 3});
        c.upsert(2, new float[] {3, 2, 1});
    }

    @AfterEach
    void close() throws IOException {
        engine.close();
    }

    /** Runs {@code bad}, expects {@code type} with a message containing {@code words}, and no change. */
    <T extends Throwable> void refused(Class<T> type, String words, Executable bad) throws IOException {
        CollectionStats before = c.stats();
        float[] one = c.get(1);
        T e = assertThrows(type, bad);
        assertTrue(e.getMessage() != null && e.getMessage().contains(words),
                "message '" + e.getMessage() + "' should mention '" + words + "'");
        CollectionStats after = c.stats();
        assertEquals(before.liveRows(), after.liveRows());
        assertEquals(before.lastSeq(), after.lastSeq(), "nothing was logged");
        org.junit.jupiter.api.Assertions.assertArrayEquals(one, c.get(1));
    }

    @Test
    void badVectors() throws IOException {
        refused(IllegalArgumentException.class, "dimension 2", () -> c.upsert(3, new float[] {1, 2}));
        refused(IllegalArgumentException.class, "NaN", () -> c.upsert(3, new float[] {1, Float.NaN, 2}));
        refused(IllegalArgumentException.class, "Infinity", () -> c.upsert(3, new float[] {1, 2, Float.POSITIVE_INFINITY}));
        refused(IllegalArgumentException.class, "no direction", () -> c.upsert(3, new float[] {0, 0, 0}));
        refused(NullPointerException.class, "vector", () -> c.upsert(3, null));
        // one bad point spoils the batch: the good ones before it are not written either
        refused(IllegalArgumentException.class, "point 1", () -> c.upsert(List.of(new Point(7, new float[] {1, 1, 1}),
                new Point(8, new float[] {1, Float.NaN, 1}))));
    }

    @Test
    void badBatches() throws IOException {
        List<Point> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(new Point(10 + i, new float[] {1, 1, i}));
        }
        refused(LimitExceededException.class, "limit of 4", () -> c.upsert(five));
        refused(LimitExceededException.class, "limit of 4", () -> c.delete(new long[] {1, 2, 3, 4, 5}));
        refused(IllegalArgumentException.class, "empty batch", () -> c.upsert(List.of()));
        refused(IllegalArgumentException.class, "empty batch", () -> c.delete(new long[0]));
    }

    @Test
    void badSearches() throws IOException {
        float[] q = {1, 0, 0};
        refused(IllegalArgumentException.class, "k must be positive", () -> c.search(q, 0));
        refused(IllegalArgumentException.class, "k must be positive", () -> c.search(q, -3));
        refused(LimitExceededException.class, "exceeds the limit", () -> c.search(q, 10_001));
        refused(IllegalArgumentException.class, "dimension 4", () -> c.search(new float[4], 1));
        refused(IllegalArgumentException.class, "NaN", () -> c.search(new float[] {0, Float.NaN, 1}, 1));
        refused(IllegalArgumentException.class, "no direction", () -> c.search(new float[3], 1));
        refused(NullPointerException.class, "options", () -> c.search(q, 1, null));
        assertEquals(2, c.search(q, 5).ids().length, "k above the live count returns them all");
    }

    @Test
    void badCollections() throws IOException {
        refused(CollectionNotFoundException.class, "'nope'", () -> engine.collection("nope"));
        refused(CollectionNotFoundException.class, "'nope'", () -> engine.dropCollection("nope"));
        refused(CollectionExistsException.class, "'c'", () -> engine.createCollection("c", 3, Metric.L2,
                CollectionConfig.defaults()));
        for (String name : new String[] {"", "a b", "../x", "x/y", "é", "a".repeat(65), ".hidden"}) {
            refused(IllegalArgumentException.class, "must match", () -> engine.createCollection(name, 3, Metric.L2,
                    CollectionConfig.defaults()));
        }
        refused(IllegalArgumentException.class, "between 1 and 4096", () -> engine.createCollection("d", 0, Metric.L2,
                CollectionConfig.defaults()));
        refused(IllegalArgumentException.class, "between 1 and 4096", () -> engine.createCollection("d", 4097,
                Metric.L2, CollectionConfig.defaults()));
        assertEquals(List.of("c"), engine.listCollections());
    }

    @Test
    void aClosedCollectionRefusesEverything() throws IOException {
        engine.close();
        assertThrows(IllegalStateException.class, () -> c.upsert(5, new float[] {1, 1, 1}));
        assertThrows(IllegalStateException.class, () -> c.search(new float[] {1, 1, 1}, 1));
        assertThrows(IllegalStateException.class, () -> engine.collection("c"));
        engine = DriftEngine.open(dir);
        assertEquals(2, engine.collection("c").stats().liveRows(), "the writes before the close are kept");
    }
}
