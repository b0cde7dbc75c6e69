package io.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints ({@link VectorCollection#checkpoint}) and their adoption ({@link DriftEngine#adoptCollection}). */
class CheckpointTest {

    static final int D = DriftEngineTest.D;

    @TempDir
    Path dir;

    private Path dataA() {
        return dir.resolve("a");
    }

    private Path dataB() {
        return dir.resolve("b");
    }

    /** Memtables of 300 rows, buckets of 50, no scheduled janitor passes (files change only when a test says). */
    static CollectionConfig config() {
        return CollectionConfig.builder().memtableBytes(300L * D * 4).targetBucketSize(50).calibrationQueries(50)
                .janitor(JanitorConfig.builder().enabled(false).build()).build();
    }

    private static Payload payload(long id) {
        return Payload.of(Map.of("n", id, "tag", "t" + (id % 5)));
    }

    /**
     * Fills {@code c} with rows in segments (three flushes), deletions persisted in deletion files,
     * deletions of segment rows only in the log, payload updates, and rows only in the memtable.
     */
    private static void fill(VectorCollection c) throws IOException {
        c.createFieldIndex("tag", FieldIndexType.KEYWORD);
        List<Point> pts = new ArrayList<>();
        for (Point p : DriftEngineTest.points(0, 1100, 7)) {
            pts.add(new Point(p.id(), p.vector(), payload(p.id())));
        }
        DriftEngineTest.upsertInBatches(c, pts.subList(0, 1000));
        c.flush();
        for (long id = 0; id < 60; id += 3) {
            assertTrue(c.delete(id)); // in the segments
        }
        c.upsert(pts.subList(1000, 1010));
        c.flush(); // a manifest: the tombstones into deletion files
        for (long id = 100; id < 130; id += 3) {
            assertTrue(c.delete(id)); // in the segments, only in the log
        }
        c.setPayload(List.of(PointId.of(500), PointId.of(501)), Payload.of(Map.of("extra", true)));
        c.upsert(pts.subList(1010, 1100)); // only in the memtable and the log
        // replaces a segment row
        c.upsert(List.of(new Point(200, pts.get(999).vector(), Payload.of(Map.of("moved", 1L)))));
        CollectionStats s = c.stats();
        assertTrue(s.segments() > 0, s.toString());
        assertTrue(s.deletedSegmentRows() >= 30, s.toString());
        assertTrue(s.memtableRows() > 0, s.toString());
    }

    private static List<float[]> queries(int n, long seed) {
        List<Point> q = DriftEngineTest.points(0, n, seed);
        return q.stream().map(Point::vector).toList();
    }

    /** The same live points (vectors and payloads), the same exhaustive answers, the same filtered counts. */
    private static void assertSameCollection(VectorCollection expected, VectorCollection actual, long maxId)
            throws IOException {
        assertEquals(expected.stats().liveRows(), actual.stats().liveRows());
        List<PointId> ids = new ArrayList<>();
        for (long id = 0; id <= maxId; id++) {
            ids.add(PointId.of(id));
        }
        List<Point> e = expected.retrieve(ids, true);
        List<Point> a = actual.retrieve(ids, true);
        for (int i = 0; i < ids.size(); i++) {
            if (e.get(i) == null) {
                assertNull(a.get(i), "id " + i + " is not in the original");
                continue;
            }
            assertNotNull(a.get(i), "id " + i + " is missing");
            assertEquals(e.get(i).id(), a.get(i).id());
            assertArrayEquals(e.get(i).vector(), a.get(i).vector(), "id " + i);
            assertEquals(e.get(i).payload(), a.get(i).payload(), "id " + i);
        }
        SearchOptions exhaustive = SearchOptions.exhaustive().withPayload(true);
        for (float[] q : queries(10, 99)) {
            List<Hit> he = expected.search(q, 25, exhaustive).hits();
            List<Hit> ha = actual.search(q, 25, exhaustive).hits();
            assertEquals(he, ha);
        }
        for (int t = 0; t < 5; t++) {
            Filter f = Filter.builder().must(Filter.match("tag", "t" + t)).build();
            assertEquals(expected.count(f), actual.count(f));
        }
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    @Test
    void aCheckpointAdoptedByAnotherEngineIsTheSameCollection() throws IOException {
        Path cpDir = dir.resolve("checkpoints/one");
        try (DriftEngine a = DriftEngine.open(dataA()); DriftEngine b = DriftEngine.open(dataB())) {
            VectorCollection c = a.createCollection("c", D, Metric.L2, config());
            fill(c);
            Checkpoint cp = c.checkpoint(cpDir);

            CollectionStats s = c.stats();
            assertEquals(s.generation(), cp.generation());
            assertEquals(s.lastSeq(), cp.lastSeq());
            assertTrue(Files.isRegularFile(cpDir.resolve(String.format("MANIFEST-%020d", cp.generation()))));
            assertEquals(cp.files().getFirst().path(), String.format("MANIFEST-%020d", cp.generation()));
            assertTrue(cp.files().stream().anyMatch(f -> f.path().endsWith(".drift") && f.immutable()));
            assertTrue(cp.files().stream().anyMatch(f -> f.path().endsWith(".del") && f.immutable()));
            assertTrue(cp.files().stream().anyMatch(f -> f.path().startsWith("wal/") && !f.immutable()));
            try (Stream<Path> all = Files.walk(cpDir)) {
                assertEquals(cp.files().size(), all.filter(Files::isRegularFile).count(), "nothing else in " + cpDir);
            }
            for (Checkpoint.File f : cp.files()) {
                Path copy = cpDir.resolve(f.path());
                assertEquals(f.bytes(), Files.size(copy), f.path());
                // one file system here: immutable files are hard links, logs copies
                assertEquals(f.immutable(), fileKey(copy).equals(fileKey(c.directory().resolve(f.path()))), f.path());
            }

            VectorCollection copy = b.adoptCollection("copy", cpDir);
            assertFalse(Files.exists(cpDir), "the checkpoint was moved into the data directory");
            assertEquals(List.of("copy"), b.listCollections());
            copy.verify();
            assertEquals(Map.of("tag", FieldIndexType.KEYWORD), copy.fieldIndexes());
            assertSameCollection(c, copy, 1100);
        }
        // and after a restart of both
        try (DriftEngine a = DriftEngine.open(dataA()); DriftEngine b = DriftEngine.open(dataB())) {
            assertSameCollection(a.collection("c"), b.collection("copy"), 1100);
        }
    }

    @Test
    void theOriginalIsUnchangedAndTheCopySharesNothingMutableWithIt() throws IOException {
        Path cpDir = dir.resolve("cp");
        try (DriftEngine a = DriftEngine.open(dataA())) {
            VectorCollection c = a.createCollection("c", D, Metric.L2, config());
            fill(c);
            Map<String, Long> before = listing(c.directory());
            CollectionStats s = c.stats();
            Checkpoint cp = c.checkpoint(cpDir);
            assertEquals(before, listing(c.directory()), "the checkpoint changed no file of the collection");
            assertEquals(s.generation(), c.stats().generation());
            assertEquals(s.lastSeq(), c.stats().lastSeq());

            // the original goes on: writes, deletes, payload changes, flushes, maintenance
            c.upsert(5000, DriftEngineTest.points(5000, 1, 3).getFirst().vector());
            assertTrue(c.delete(10));
            c.overwritePayload(List.of(PointId.of(20)), Payload.of(Map.of("changed", true)));
            c.flush();
            c.maintainNow();
            c.upsert(5001, DriftEngineTest.points(5001, 1, 4).getFirst().vector()); // in the log only
            for (Checkpoint.File f : cp.files()) {
                assertEquals(f.bytes(), Files.size(cpDir.resolve(f.path())), f.path() + " changed with the original");
            }
        }
        try (DriftEngine a = DriftEngine.open(dataA()); DriftEngine b = DriftEngine.open(dataB())) {
            VectorCollection c = a.collection("c");
            c.verify();
            assertNotNull(c.get(5000));
            assertNotNull(c.get(5001));
            assertNull(c.get(10));
            assertEquals(Payload.of(Map.of("changed", true)), c.get(PointId.of(20)).payload());

            VectorCollection copy = b.adoptCollection("c", cpDir);
            copy.verify();
            assertNull(copy.get(5000), "a write to the original after the checkpoint");
            assertNull(copy.get(5001));
            assertNotNull(copy.get(10));
            assertEquals(payload(20), copy.get(PointId.of(20)).payload());

            // and the other way round
            copy.upsert(6000, DriftEngineTest.points(6000, 1, 5).getFirst().vector());
            assertTrue(copy.delete(31));
            copy.flush();
            copy.maintainNow();
            assertNull(c.get(6000));
            assertNotNull(c.get(31));
            c.verify();
        }
        try (DriftEngine a = DriftEngine.open(dataA())) {
            VectorCollection c = a.collection("c");
            c.verify();
            assertNull(c.get(6000));
            assertNotNull(c.get(31));
            assertNotNull(c.get(5001));
        }
    }

    /** File names and sizes under {@code root}. */
    private static Map<String, Long> listing(Path root) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.size(p));
            }
        }
        return out;
    }

    private static float[] vectorOf(long id) {
        Random r = new Random(id * 31 + 7);
        float[] v = new float[D];
        for (int i = 0; i < D; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        v[0] += 3; // never all zeros
        return v;
    }

    /** The writer's rounds: round r upserts ids [20r, 20r + 20), then, from round 10 on, deletes 5 of round r - 10. */
    static final int ROUND = 20;
    static final int DELETES = 5;
    static final int DELETE_LAG = 10;

    /**
     * The live ids after the writer's calls that logged exactly {@code lastSeq} records (each
     * record one op, numbered from 1), or null when {@code lastSeq} falls inside a call.
     */
    private static java.util.SortedSet<Long> liveAfter(long lastSeq) {
        java.util.SortedSet<Long> live = new java.util.TreeSet<>();
        long seq = 0;
        for (long r = 0; seq < lastSeq; r++) {
            for (long id = r * ROUND; id < (r + 1) * ROUND; id++) {
                live.add(id);
            }
            seq += ROUND;
            if (seq < lastSeq && r >= DELETE_LAG) {
                for (long id = (r - DELETE_LAG) * ROUND; id < (r - DELETE_LAG) * ROUND + DELETES; id++) {
                    live.remove(id);
                }
                seq += DELETES;
            }
        }
        return seq == lastSeq ? live : null;
    }

    @Test
    void everyWriteAcknowledgedBeforeACheckpointIsInItWhileWritesAndFlushesRun() throws Exception {
        // small memtables, and a janitor without cooldown that merges every two partitions of a tier
        CollectionConfig config = CollectionConfig.builder().memtableBytes(300L * D * 4).targetBucketSize(25)
                .calibrationQueries(0).janitor(JanitorConfig.builder().partitionFanout(2).cooldownMillis(0).build())
                .build();
        AtomicLong acknowledged = new AtomicLong(); // records logged by the calls that returned
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<long[]> taken = new ArrayList<>(); // per checkpoint: records acknowledged before it, its lastSeq
        try (DriftEngine a = DriftEngine.open(dataA())) {
            VectorCollection c = a.createCollection("c", D, Metric.L2, config);
            Thread writer = Thread.ofPlatform().name("writer").start(() -> {
                try {
                    for (long r = 0; !stop.get(); r++) {
                        List<Point> pts = new ArrayList<>();
                        for (long id = r * ROUND; id < (r + 1) * ROUND; id++) {
                            pts.add(new Point(id, vectorOf(id), Payload.of(Map.of("id", id))));
                        }
                        c.upsert(pts);
                        acknowledged.addAndGet(ROUND);
                        if (r >= DELETE_LAG) {
                            long[] ids = new long[DELETES];
                            for (int j = 0; j < DELETES; j++) {
                                ids[j] = (r - DELETE_LAG) * ROUND + j;
                            }
                            assertEquals(DELETES, c.delete(ids));
                            acknowledged.addAndGet(DELETES);
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            Thread flusher = Thread.ofPlatform().name("flusher").start(() -> {
                try {
                    while (!stop.get()) {
                        c.flush();
                        c.maintainNow(); // the janitor rewrites, merges and drops segments meanwhile
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            try {
                for (int i = 0; i < 10; i++) {
                    Thread.sleep(50 + 20 * i);
                    long before = acknowledged.get();
                    Checkpoint cp = c.checkpoint(dir.resolve("cp" + i));
                    taken.add(new long[] {before, cp.lastSeq()});
                    assertTrue(cp.lastSeq() >= before, "checkpoint " + i + " ends at record " + cp.lastSeq()
                            + ", before it " + before + " were acknowledged");
                }
            } finally {
                stop.set(true);
                writer.join();
                flusher.join();
            }
            assertNull(failure.get(), () -> "a background thread failed: " + failure.get());
            CollectionStats s = c.stats();
            assertTrue(s.segments() > 0 && s.generation() > 2, s.toString());
            c.verify();
        }
        assertTrue(taken.getLast()[0] > 1000, "the writer logged only " + taken.getLast()[0] + " records");
        try (DriftEngine b = DriftEngine.open(dataB())) {
            for (int i = 0; i < taken.size(); i++) {
                long acked = taken.get(i)[0];
                long lastSeq = taken.get(i)[1];
                VectorCollection copy = b.adoptCollection("cp" + i, dir.resolve("cp" + i));
                copy.verify();
                java.util.SortedSet<Long> expected = liveAfter(lastSeq);
                assertNotNull(expected, "checkpoint " + i + " ends at record " + lastSeq + ", inside a call");
                assertEquals(expected.size(), copy.stats().liveRows(), "checkpoint " + i);
                long maxId = expected.isEmpty() ? 0 : expected.last() + 1;
                for (long from = 0; from <= maxId; from += 1000) {
                    List<PointId> ids = new ArrayList<>();
                    for (long id = from; id < Math.min(from + 1000, maxId + 1); id++) {
                        ids.add(PointId.of(id));
                    }
                    List<Point> got = copy.retrieve(ids, true);
                    for (int j = 0; j < ids.size(); j++) {
                        long id = from + j;
                        Point p = got.get(j);
                        if (!expected.contains(id)) {
                            assertNull(p, "checkpoint " + i + " holds id " + id);
                            continue;
                        }
                        assertNotNull(p, "checkpoint " + i + " lost id " + id + " (" + acked
                                + " records acknowledged)");
                        assertArrayEquals(vectorOf(id), p.vector());
                        assertEquals(id, p.payload().get("id"));
                    }
                }
            }
        }
    }

    @Test
    void aTakenNameIsRefusedAndTheCheckpointLeftAlone() throws IOException {
        Path cpDir = dir.resolve("cp");
        try (DriftEngine a = DriftEngine.open(dataA())) {
            VectorCollection c = a.createCollection("c", D, Metric.L2, config());
            DriftEngineTest.upsertInBatches(c, DriftEngineTest.points(0, 100, 1));
            c.checkpoint(cpDir);
            assertThrows(FileAlreadyExistsException.class, () -> c.checkpoint(cpDir));
            assertThrows(CollectionExistsException.class, () -> a.adoptCollection("c", cpDir));
            assertTrue(Files.isDirectory(cpDir));
            VectorCollection twin = a.adoptCollection("twin", cpDir); // beside its original, in one engine
            assertEquals(100, twin.stats().liveRows());
            twin.upsert(1000, DriftEngineTest.points(1000, 1, 2).getFirst().vector());
            assertEquals(100, c.stats().liveRows());
            a.dropCollection("twin");
            assertThrows(IllegalStateException.class, () -> twin.checkpoint(dir.resolve("cp2")));
            assertFalse(Files.exists(dir.resolve("cp2")), "nothing left of a checkpoint that failed");
            c.verify(); // the twin's files were its own names for the original's
        }
    }

    @Test
    void aCheckpointMissingASegmentIsRefusedAndLeavesNoTrace() throws IOException {
        Path cpDir = dir.resolve("cp");
        Checkpoint cp;
        try (DriftEngine a = DriftEngine.open(dataA())) {
            VectorCollection c = a.createCollection("c", D, Metric.L2, config());
            fill(c);
            cp = c.checkpoint(cpDir);
        }
        String segment = cp.files().stream().map(Checkpoint.File::path).filter(p -> p.endsWith(".drift"))
                .findFirst().orElseThrow();
        Files.delete(cpDir.resolve(segment));
        try (DriftEngine b = DriftEngine.open(dataB())) {
            CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> b.adoptCollection("x", cpDir));
            assertTrue(e.getMessage().contains(segment), e.getMessage());
            assertEquals(List.of(), b.listCollections());
            assertThrows(CollectionNotFoundException.class, () -> b.collection("x"));
            assertEquals(List.of(DriftEngine.LOCK_FILE), names(dataB()), "nothing left in the data directory");
            assertTrue(Files.isDirectory(cpDir), "the checkpoint is put back");
        }
        try (DriftEngine b = DriftEngine.open(dataB())) {
            assertEquals(List.of(), b.listCollections());
            assertThrows(CollectionNotFoundException.class, () -> b.collection("x"));
        }
    }

    @Test
    void aCheckpointWithADamagedSegmentIsRefusedAndTheOriginalKeepsItsOwn() throws IOException {
        Path cpDir = dir.resolve("cp");
        try (DriftEngine a = DriftEngine.open(dataA())) {
            VectorCollection c = a.createCollection("c", D, Metric.L2, config());
            fill(c);
            Checkpoint cp = c.checkpoint(cpDir);
            String segment = cp.files().stream().map(Checkpoint.File::path).filter(p -> p.endsWith(".drift"))
                    .findFirst().orElseThrow();
            // a file of a checkpoint is a hard link to the collection's: replaced, never changed in place
            Path f = cpDir.resolve(segment);
            byte[] bytes = Files.readAllBytes(f);
            bytes[4096 + 64] ^= 0x5a; // in the first bucket block
            Files.delete(f);
            Files.write(f, bytes);
            CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> a.adoptCollection("x", cpDir));
            assertTrue(e.getMessage().contains(segment), e.getMessage());
            assertEquals(List.of("c"), a.listCollections());
            assertEquals(List.of(DriftEngine.LOCK_FILE, "c"), names(dataA()));
            c.verify();
        }
    }

    @Test
    void aCheckpointWithoutItsManifestIsRefused() throws IOException {
        Path cpDir = dir.resolve("cp");
        try (DriftEngine a = DriftEngine.open(dataA())) {
            VectorCollection c = a.createCollection("c", D, Metric.L2, config());
            Checkpoint cp = c.checkpoint(cpDir);
            Files.delete(cpDir.resolve(cp.files().getFirst().path()));
            assertThrows(CorruptIndexException.class, () -> a.adoptCollection("x", cpDir));
            assertEquals(List.of("c"), a.listCollections());
            assertEquals(List.of(DriftEngine.LOCK_FILE, "c"), names(dataA()));
        }
    }

    private static List<String> names(Path dataDir) throws IOException {
        try (Stream<Path> s = Files.list(dataDir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A directory on another file system than {@link #dir}, or null. */
    private Path otherFileSystem() throws IOException {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm) || !Files.isWritable(shm)) {
            return null;
        }
        FileStore here = Files.getFileStore(dir);
        return Files.getFileStore(shm).equals(here) ? null : shm;
    }

    @Test
    void onAnotherFileSystemTheFilesAreCopied() throws IOException {
        Path other = otherFileSystem();
        Assumptions.assumeTrue(other != null, "no second file system to write to");
        Path cpDir = Files.createTempDirectory(other, "drift-checkpoint-test-").resolve("cp");
        try (DriftEngine a = DriftEngine.open(dataA()); DriftEngine b = DriftEngine.open(dataB())) {
            VectorCollection c = a.createCollection("c", D, Metric.L2, config());
            fill(c);
            Checkpoint cp = c.checkpoint(cpDir);
            for (Checkpoint.File f : cp.files()) {
                assertEquals(f.bytes(), Files.size(cpDir.resolve(f.path())), f.path());
                assertNotEquals(fileKey(cpDir.resolve(f.path())), fileKey(c.directory().resolve(f.path())));
            }
            VectorCollection copy = b.adoptCollection("copy", cpDir);
            assertTrue(Files.isDirectory(cpDir), "a checkpoint on another file system is copied, not moved");
            copy.verify();
            assertSameCollection(c, copy, 1100);
        } finally {
            try (Stream<Path> walk = Files.walk(cpDir.getParent())) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
