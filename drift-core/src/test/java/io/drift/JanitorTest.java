package io.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.storage.Manifest;
import io.drift.storage.ManifestStore;
import io.drift.vector.TopK;
import io.drift.version.SegmentRef;
import io.drift.version.Version;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance operations, each run by hand ({@link VectorCollection#maintainNow}) on a collection whose
 * scheduled passes are off: what it must change, and that no row is lost, duplicated or
 * resurrected (every id checked against a model, exhaustive searches against brute force).
 */
class JanitorTest {

    static final int D = 16;

    @TempDir
    Path dir;

    @TempDir
    Path crashCopy;

    /**
     * Memtables of 250 rows flushed one at a time (every 300 rows written in batches of 100: one
     * partition each), buckets of 25, no scheduled passes, no cooldown.
     */
    static CollectionConfig config(JanitorConfig janitor) {
        return CollectionConfig.builder().memtableBytes(250L * D * 4).maxFrozenMemtables(1)
                .targetBucketSize(25)
                .calibrationQueries(0).janitor(janitor.toBuilder().enabled(false).cooldownMillis(0).build()).build();
    }

    /** Writes {@code n} clustered points in batches of 100 (each flush is a partition) into the model too. */
    static void fill(VectorCollection c, Map<Long, float[]> model, int n, long seed) throws IOException {
        fill(c, model, DriftEngineTest.points(0, n, seed));
    }

    /** Writes {@code pts} in batches of 100 (each flush is a partition) into the model too. */
    static void fill(VectorCollection c, Map<Long, float[]> model, List<Point> pts) throws IOException {
        int n = pts.size();
        for (int i = 0; i < n; i += 100) {
            List<Point> batch = pts.subList(i, Math.min(n, i + 100));
            c.upsert(batch);
            for (Point p : batch) {
                model.put(p.id(), p.vector());
            }
        }
        c.flush();
    }

    /** Deletes every id whose number is {@code ≡ 0 (mod every)} or below {@code below}. */
    static void delete(VectorCollection c, Map<Long, float[]> model, int every, long below) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (long id : model.keySet()) {
            if (id % every == 0 || id < below) {
                ids.add(id);
            }
        }
        c.delete(ids.stream().mapToLong(Long::longValue).toArray());
        ids.forEach(model::remove);
    }

    /** Every id and 10 exhaustive searches against the model; the collection's own consistency check. */
    static void check(VectorCollection c, Map<Long, float[]> model, String where) throws IOException {
        c.verify();
        assertEquals(model.size(), c.stats().liveRows(), where);
        long maxId = model.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 50;
        for (long id = 0; id <= maxId; id++) {
            float[] want = model.get(id);
            if (want == null) {
                assertNull(c.get(id), where + ": id " + id + " is deleted");
            } else {
                assertArrayEquals(want, c.get(id), where + ": id " + id);
            }
        }
        SplittableRandom rnd = new SplittableRandom(7);
        for (int q = 0; q < 10; q++) {
            float[] query = new float[D];
            for (int i = 0; i < D; i++) {
                query[i] = (float) (rnd.nextGaussian() * 10);
            }
            int k = 20;
            TopK top = new TopK(k);
            for (Map.Entry<Long, float[]> e : model.entrySet()) {
                top.offer(e.getKey(), Metric.L2.distance(query, 0, e.getValue(), 0, D));
            }
            SearchResult r = c.search(query, k, SearchOptions.exhaustive().withRerankFactor(1000));
            assertArrayEquals(top.drainIds(), r.ids(), where + ": exhaustive search " + q);
        }
    }

    @Test
    void fullTiersOfPartitionsAreMergedAndNothingIsLost() throws IOException {
        Map<Long, float[]> model = new HashMap<>();
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.createCollection("c", D, Metric.L2, config(JanitorConfig.defaults()));
            fill(c, model, 2000, 1);
            delete(c, model, 7, 0);
            int before = c.stats().partitions();
            assertTrue(before >= 6, "partitions before: " + before);
            settle(c);
            CollectionStats s = c.stats();
            assertTrue(s.janitor().partitionMerges() > 0, s.toString());
            assertTrue(s.partitions() < before, before + " → " + s.partitions());
            assertTrue(s.janitor().segmentsDropped() > 0, "merged partitions' segments dropped: " + s);
            check(c, model, "after merges");
        }
        try (DriftEngine engine = DriftEngine.open(dir)) {
            check(engine.collection("c"), model, "reopened");
        }
    }

    @Test
    void dyingBucketsAreCompactedAndEmptySegmentsDropped() throws IOException {
        Map<Long, float[]> model = new HashMap<>();
        try (DriftEngine engine = DriftEngine.open(dir)) {
            // fanout 100: no partition merge gets in the way
            VectorCollection c = engine.createCollection("c", D, Metric.L2,
                    config(JanitorConfig.builder().partitionFanout(100).mergeUrgency(1e9).build()));
            fill(c, model, 1500, 2);
            delete(c, model, 2, 500); // every row of the first flushes, half of the others
            long disk = c.stats().diskBytes();
            settle(c); // a later pass drops what an earlier one emptied
            CollectionStats s = c.stats();
            assertTrue(s.janitor().compactions() + s.janitor().segmentCompactions() > 0, s.toString());
            assertTrue(s.janitor().segmentsDropped() > 0, s.toString());
            assertTrue(s.diskBytes() < disk, disk + " → " + s.diskBytes());
            check(c, model, "after compaction");
        }
        try (DriftEngine engine = DriftEngine.open(dir)) {
            check(engine.collection("c"), model, "reopened");
        }
    }

    /** Runs passes until one changes nothing (at most 10). */
    static void settle(VectorCollection c) {
        for (int i = 0; i < 10; i++) {
            JanitorStats before = c.stats().janitor();
            c.maintainNow();
            JanitorStats after = c.stats().janitor();
            if (after.rowsRewritten() == before.rowsRewritten() && after.segmentsDropped() == before.segmentsDropped()) {
                return;
            }
        }
    }

    /** Buckets with at least one live row. */
    private static int liveBuckets(VectorCollection c) {
        return c.stats().liveBuckets();
    }

    @Test
    void coldEmptyingBucketsAreScatteredIntoTheirNeighbours() throws IOException {
        Map<Long, float[]> model = new HashMap<>();
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.createCollection("c", D, Metric.L2,
                    config(JanitorConfig.builder().partitionFanout(100).build()));
            fill(c, model, 1000, 3);
            delete(c, model, 3, 0);
            cool(c);
            int bucketsBefore = liveBuckets(c);
            c.maintainNow();
            CollectionStats s = c.stats();
            assertTrue(s.janitor().scatterMerges() > 0, s.toString());
            check(c, model, "after scatter merges");
            assertTrue(liveBuckets(c) < bucketsBefore, bucketsBefore + " → " + liveBuckets(c));
        }
        try (DriftEngine engine = DriftEngine.open(dir)) {
            check(engine.collection("c"), model, "reopened");
        }
    }

    @Test
    void bucketsRestInTheirCooldownUnlessDying() throws IOException {
        Map<Long, float[]> model = new HashMap<>();
        try (DriftEngine engine = DriftEngine.open(dir)) {
            CollectionConfig base = config(JanitorConfig.builder().partitionFanout(100).build());
            VectorCollection c = engine.createCollection("c", D, Metric.L2,
                    base.toBuilder().janitor(base.janitor().toBuilder().cooldownMillis(3_600_000).build()).build());
            fill(c, model, 1000, 3);
            cool(c); // cold buckets below the target size are urgent, but all were just written
            c.maintainNow();
            assertEquals(0, c.stats().janitor().rowsRewritten(), c.stats().toString());
            delete(c, model, 3, 0); // about a third of every bucket dead: past the dead fraction
            c.maintainNow();
            JanitorStats j = c.stats().janitor();
            assertTrue(j.compactions() + j.scatterMerges() > 0, j.toString());
            check(c, model, "after rewriting dying buckets in their cooldown");
        }
    }

    @Test
    void aBucketAloneInItsClusterIsCompactedNotScatteredIntoAnother() throws IOException {
        // one partition: 200 rows around the origin, 25 in a tight cluster far away (a bucket of its own)
        SplittableRandom rnd = new SplittableRandom(11);
        Map<Long, float[]> model = new HashMap<>();
        List<Point> pts = new ArrayList<>();
        for (long id = 0; id < 225; id++) {
            float[] v = new float[D];
            for (int i = 0; i < D; i++) {
                v[i] = (float) (id < 200 ? rnd.nextGaussian() : 100 + rnd.nextGaussian() * 0.5);
            }
            pts.add(new Point(id, v));
            model.put(id, v);
        }
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.createCollection("c", D, Metric.L2, config(JanitorConfig.defaults()));
            c.upsert(pts);
            c.flush();
            List<Long> gone = new ArrayList<>();
            for (long id = 200; id < 225; id += 2) {
                gone.add(id);
                model.remove(id);
            }
            c.delete(gone.stream().mapToLong(Long::longValue).toArray());
            cool(c); // the far bucket is now a cold, half-dead one: urgent
            settle(c);
            check(c, model, "after maintenance");
            Version v = c.pinForTest();
            try {
                for (SegmentRef s : v.segments()) {
                    for (int b = 0; b < s.reader().bucketCount(); b++) {
                        long[] ids = s.reader().bucket(b).ids();
                        long far = 0, near = 0;
                        for (int r = 0; r < ids.length; r++) {
                            if (!s.tombstones().isDead(b, r)) {
                                if (ids[r] >= 200) {
                                    far++;
                                } else {
                                    near++;
                                }
                            }
                        }
                        assertTrue(far == 0 || near == 0, s.name() + " bucket " + b + " mixes " + far
                                + " rows of the far cluster with " + near + " of the near one");
                    }
                }
            } finally {
                v.release();
            }
            assertTrue(c.stats().janitor().compactions() > 0, "the far bucket was compacted instead");
        }
    }

    /** No search has touched the buckets for a long time: temperature 0. */
    private static void cool(VectorCollection c) {
        Version v = c.pinForTest();
        try {
            for (SegmentRef s : v.segments()) {
                java.util.Arrays.fill(s.temperature(), 0f);
            }
        } finally {
            v.release();
        }
    }

    @Test
    void fullBucketsAreSplitStealingFromTheirNeighbours() throws IOException {
        Map<Long, float[]> model = new HashMap<>();
        try (DriftEngine engine = DriftEngine.open(dir)) {
            // capacity 26 for buckets of 25: every bucket k-means made larger is split
            JanitorConfig splitty = JanitorConfig.builder().maxBucketFactor(1.04).mergeUrgency(1e9)
                    .partitionFanout(100).cooldownMillis(0).bytesPerPass(1L << 30).build();
            VectorCollection c = engine.createCollection("c", D, Metric.L2, config(splitty));
            // one Gaussian blob: a flush's buckets are neighbouring cells, so a split's new centroids
            // lie nearer than their own to some rows of the buckets around it
            float[] blob = TestVectors.clustered(1000, D, 1, 1.0, 4);
            List<Point> pts = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                pts.add(new Point(i, java.util.Arrays.copyOfRange(blob, i * D, (i + 1) * D)));
            }
            fill(c, model, pts);
            int before = liveBuckets(c);
            c.maintainNow();
            CollectionStats s = c.stats();
            assertTrue(s.janitor().splits() > 0, s.toString());
            assertTrue(s.janitor().stolenRows() > 0, "a split takes rows from its neighbours: " + s);
            assertTrue(liveBuckets(c) > before, before + " → " + liveBuckets(c));
            check(c, model, "after splits");
            c.maintainNow();
            check(c, model, "after a second pass");
        }
    }

    /**
     * A bucket's cooldown counts from when its segment was written, across a restart: reopening the
     * collection does not start every bucket's cooldown again.
     */
    @Test
    void aBucketsCooldownSurvivesARestart() throws Exception {
        Map<Long, float[]> model = new HashMap<>();
        // capacity 26 for buckets of 25 (every bucket k-means made larger is split), a 1.5 s cooldown
        JanitorConfig splitty = JanitorConfig.builder().enabled(false).maxBucketFactor(1.04).mergeUrgency(1e9)
                .partitionFanout(100).cooldownMillis(1500).build();
        CollectionConfig config = config(splitty).toBuilder().janitor(splitty).build();
        long written;
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.createCollection("c", D, Metric.L2, config);
            fill(c, model, 1000, 4);
            written = System.nanoTime();
            c.maintainNow();
            assertEquals(0, c.stats().janitor().splits(), "every bucket rests in its cooldown");
        }
        Thread.sleep(Math.max(0, 1600 - (System.nanoTime() - written) / 1_000_000));
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.collection("c");
            c.maintainNow();
            assertTrue(c.stats().janitor().splits() > 0, "the cooldown ended 1.5 s after the segments were written: "
                    + c.stats());
            check(c, model, "after splits");
        }
    }

    /**
     * A bucket over 0.8 of its capacity whose live rows drifted from its centroid is split, though
     * it is not full (DESIGN §7). 40 tight groups of 30 rows, one bucket each (capacity 36); half of
     * every group is deleted, the half below the group's centre along the first axis, so each
     * bucket's live mean moves away from its centroid. With the drift rule switched off nothing is
     * split.
     */
    @Test
    void driftedBucketsNearTheirCapacityAreSplit() throws IOException {
        int groups = 40, size = 30;
        SplittableRandom rnd = new SplittableRandom(21);
        List<Point> pts = new ArrayList<>();
        List<Long> below = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            float[] centre = new float[D];
            for (int i = 0; i < D; i++) {
                centre[i] = (float) (rnd.nextGaussian() * 100);
            }
            for (int r = 0; r < size; r++) {
                float[] v = new float[D];
                for (int i = 0; i < D; i++) {
                    v[i] = centre[i] + (float) rnd.nextGaussian();
                }
                long id = (long) g * size + r;
                pts.add(new Point(id, v));
                if (v[0] < centre[0]) {
                    below.add(id);
                }
            }
        }
        try (DriftEngine engine = DriftEngine.open(dir)) {
            for (double splitDrift : new double[] {1e9, 0.15}) {
                JanitorConfig janitor = JanitorConfig.builder().enabled(false).maxBucketFactor(1.2).mergeUrgency(1e9)
                        .partitionFanout(100).cooldownMillis(0).splitDrift(splitDrift).build();
                VectorCollection c = engine.createCollection(splitDrift > 1 ? "off" : "on", D, Metric.L2,
                        CollectionConfig.builder().memtableBytes(1L << 20).targetBucketSize(size).calibrationQueries(0)
                                .janitor(janitor).build());
                c.upsert(pts);
                c.flush();
                assertEquals(groups, c.stats().liveBuckets(), "one bucket per group");
                c.delete(below.stream().mapToLong(Long::longValue).toArray());
                c.maintainNow();
                long splits = c.stats().janitor().splits();
                if (splitDrift > 1) {
                    assertEquals(0, splits, "no bucket is over its capacity: " + c.stats());
                } else {
                    assertTrue(splits > 0, "drifted buckets split: " + c.stats());
                }
                Map<Long, float[]> model = new HashMap<>();
                for (Point p : pts) {
                    model.put(p.id(), p.vector());
                }
                below.forEach(model::remove);
                check(c, model, "after the pass (split drift " + splitDrift + ")");
            }
        }
    }

    @Test
    void aPassStaysWithinItsBudget() throws IOException {
        Map<Long, float[]> model = new HashMap<>();
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.createCollection("c", D, Metric.L2,
                    config(JanitorConfig.builder().rowsPerPass(60).build()));
            fill(c, model, 1500, 6);
            delete(c, model, 2, 0); // every bucket half dead: all want compaction
            int passesWithWork = 0;
            for (int pass = 0; pass < 40; pass++) {
                long before = c.stats().janitor().rowsRewritten();
                c.maintainNow();
                long rewritten = c.stats().janitor().rowsRewritten() - before;
                // the last operation may overshoot by its own rows: four buckets of at most 2x the target
                assertTrue(rewritten <= 60 + 4 * 50, "pass " + pass + " rewrote " + rewritten + " rows");
                passesWithWork += rewritten > 0 ? 1 : 0;
            }
            CollectionStats s = c.stats();
            assertEquals(0, s.janitor().partitionMerges(), "no partition merge fits in 60 rows: " + s);
            assertTrue(passesWithWork >= 4, "the work was spread over passes: " + passesWithWork);
            check(c, model, "after budgeted passes");
        }
    }

    /**
     * A rewrite blocked before its install while writers delete and replace rows it copied: those
     * stay deleted or replaced. A copy of the directory taken at that moment (what a crash would
     * leave: new segments written, no manifest naming them) opens consistent, as it was before.
     */
    @Test
    void writesDuringARewriteWinAndACrashBeforeItsManifestLosesNothing() throws Exception {
        Map<Long, float[]> model = new HashMap<>();
        try (DriftEngine engine = DriftEngine.open(dir)) {
            // a third of each bucket deleted: the pass compacts every bucket
            VectorCollection c = engine.createCollection("c", D, Metric.L2,
                    config(JanitorConfig.builder().partitionFanout(100).mergeUrgency(1e9).build()));
            fill(c, model, 1200, 5);
            delete(c, model, 3, 0);
            Map<Long, float[]> atCrash = new HashMap<>(model);
            Path copy = crashCopy.resolve("data");
            Path collectionDir = c.directory();
            Thread pass = new Thread(c::maintainNow);
            c.whileFlushesWait(() -> {
                try {
                    Manifest m = ManifestStore.latest(collectionDir).orElseThrow();
                    pass.start();
                    // wait until the pass has written its segment(s) and waits for the install
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (unnamedSegments(collectionDir, m) == 0) {
                        assertTrue(System.nanoTime() < deadline, "the pass wrote nothing: " + c.stats() + ", pass "
                                + pass.getState());
                        Thread.sleep(5);
                    }
                    Thread.sleep(50); // the last file is published whole (written under a temporary name)
                    copyTree(collectionDir, copy);
                    // writers go on: deletes and replacements of rows the pass copied
                    List<Point> replaced = DriftEngineTest.points(100_000, 50, 9);
                    for (int i = 0; i < 50; i++) {
                        long id = 10 * i;
                        c.upsert(id, replaced.get(i).vector());
                        model.put(id, replaced.get(i).vector());
                    }
                    long[] gone = new long[50];
                    for (int i = 0; i < 50; i++) {
                        gone[i] = 10 * i + 5;
                        model.remove(gone[i]);
                    }
                    c.delete(gone);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            pass.join();
            assertTrue(c.stats().janitor().compactions() > 0, c.stats().toString());
            check(c, model, "writes during the rewrite");
            try (DriftEngine crashed = DriftEngine.open(copy)) {
                check(crashed.collection("c"), atCrash, "opened from the directory as the crash left it");
            }
        }
        try (DriftEngine engine = DriftEngine.open(dir)) {
            check(engine.collection("c"), model, "reopened");
        }
    }

    private static int unnamedSegments(Path dir, Manifest m) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.drift")) {
            for (Path f : files) {
                if (!m.liveFiles().contains(f.getFileName().toString())) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Copies the engine directory holding {@code collectionDir} (without its lock) to {@code target}. */
    private static void copyTree(Path collectionDir, Path target) throws IOException {
        Path root = collectionDir.getParent();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Path to = target.resolve(root.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (!p.getFileName().toString().equals(DriftEngine.LOCK_FILE)) {
                    Files.copy(p, to);
                }
            }
        }
    }
}
