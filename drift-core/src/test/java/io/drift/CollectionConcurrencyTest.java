package io.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.version.SegmentRef;
import io.drift.version.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionConcurrencyTest {

    @TempDir
    Path dir;

    static final int D = 12;

    static CollectionConfig small() {
        return CollectionConfig.builder().memtableBytes(400L * D * 4).targetBucketSize(40)
                .calibrationQueries(0).build();
    }

    static float[] vector(SplittableRandom rnd) {
        float[] v = new float[D];
        for (int i = 0; i < D; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    @Test
    void searchesCompleteWhileAWriterHoldsTheLocks() throws Exception {
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.createCollection("c", D, Metric.L2, small());
            SplittableRandom rnd = new SplittableRandom(1);
            for (int i = 0; i < 1000; i++) {
                c.upsert(i, vector(rnd));
            }
            c.flush();
            c.upsert(5000, vector(rnd)); // one row in the memtable too
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread holder = Thread.ofPlatform().start(() -> c.whileHoldingLocks(() -> {
                held.countDown();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertTrue(held.await(10, TimeUnit.SECONDS));
            // a writer would block now; reads must not
            AtomicBoolean writerBlocked = new AtomicBoolean(true);
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    c.upsert(6000, new float[D]);
                    writerBlocked.set(false);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            for (int i = 0; i < 200; i++) {
                assertEquals(10, c.search(vector(rnd), 10).ids().length);
                assertTrue(c.get(i) != null);
            }
            c.stats();
            assertTrue(writerBlocked.get(), "the writer should still wait for the lock");
            assertTrue(holder.isAlive());
            done.countDown();
            holder.join();
            writer.join();
            assertFalse(writerBlocked.get());
        }
    }

    @Test
    void aPinnedSearchKeepsItsSegmentsMapped() throws Exception {
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.createCollection("c", D, Metric.L2, small());
            SplittableRandom rnd = new SplittableRandom(2);
            for (int i = 0; i < 900; i++) {
                c.upsert(i, vector(rnd));
            }
            c.flush();
            Version pinned = c.pinForTest();
            List<SegmentRef> segments = pinned.segments();
            assertFalse(segments.isEmpty());
            engine.dropCollection("c"); // closes the collection and deletes its directory
            for (SegmentRef s : segments) {
                assertFalse(s.isClosed(), "segment " + s.name() + " unmapped under a pinned Version");
            }
            // the pinned index still answers from its (deleted, still mapped) files
            io.drift.search.SearchHits r = pinned.l1().search(vector(rnd), 5, io.drift.search.SearchParams.defaults());
            assertEquals(5, r.ids().length);
            pinned.release();
            assertTrue(io.drift.concurrent.Reclaimer.awaitIdle(10_000), "the mappings are closed in the background");
            for (SegmentRef s : segments) {
                assertTrue(s.isClosed(), "segment " + s.name() + " still mapped after the last release");
            }
        }
    }

    /**
     * Writers (each its own ids, so the final state is known), searchers, getters and flushes race;
     * every few seconds the engine is closed and reopened. No exception, no lost write, no
     * deleted or duplicate id in a result, every acknowledged write visible to the reader that
     * checks it right after.
     */
    @Test
    void readersWritersFlushesAndReopenRace() throws Exception {
        int writers = 3;
        int rounds = 3;
        long roundMillis = 2500;
        ConcurrentHashMap<Long, float[]> expected = new ConcurrentHashMap<>();
        AtomicLong nextId = new AtomicLong();
        for (int round = 0; round < rounds; round++) {
            try (DriftEngine engine = DriftEngine.open(dir)) {
                VectorCollection c = round == 0 ? engine.createCollection("c", D, Metric.L2, small()) : engine.collection("c");
                // everything acknowledged before the reopen is there
                assertEquals(expected.size(), c.stats().liveRows(), "round " + round);
                for (var e : expected.entrySet()) {
                    assertArrayEquals(e.getValue(), c.get(e.getKey()), "id " + e.getKey() + " after reopen");
                }
                c.verify();
                AtomicBoolean stop = new AtomicBoolean();
                ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
                List<Thread> threads = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    long seed = round * 100 + w;
                    threads.add(Thread.ofPlatform().start(() -> {
                        SplittableRandom rnd = new SplittableRandom(seed);
                        List<Long> mine = new ArrayList<>();
                        try {
                            while (!stop.get()) {
                                if (!mine.isEmpty() && rnd.nextInt(4) == 0) {
                                    long id = mine.remove(rnd.nextInt(mine.size()));
                                    assertTrue(c.delete(id), "delete of live id " + id);
                                    expected.remove(id);
                                    assertNull(c.get(id), "deleted id " + id + " still visible");
                                } else {
                                    List<Point> batch = new ArrayList<>();
                                    for (int i = 0; i < 1 + rnd.nextInt(20); i++) {
                                        long id = mine.isEmpty() || rnd.nextInt(3) > 0 ? nextId.getAndIncrement()
                                                : mine.get(rnd.nextInt(mine.size()));
                                        batch.add(new Point(id, vector(rnd)));
                                    }
                                    c.upsert(batch);
                                    for (Point p : batch) {
                                        if (!mine.contains(p.id())) {
                                            mine.add(p.id());
                                        }
                                        expected.put(p.id(), p.vector());
                                    }
                                    Point last = batch.getLast();
                                    assertArrayEquals(last.vector(), c.get(last.id()), "acknowledged write not visible");
                                }
                            }
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }));
                }
                for (int s = 0; s < 2; s++) {
                    long seed = round * 100 + 50 + s;
                    threads.add(Thread.ofPlatform().start(() -> {
                        SplittableRandom rnd = new SplittableRandom(seed);
                        try {
                            while (!stop.get()) {
                                int k = 1 + rnd.nextInt(30);
                                SearchResult r = c.search(vector(rnd), k);
                                long distinct = java.util.Arrays.stream(r.ids()).distinct().count();
                                assertEquals(r.ids().length, distinct, "duplicate ids in a result");
                                for (int i = 1; i < r.size(); i++) {
                                    assertTrue(r.get(i - 1).distance() <= r.get(i).distance(), "results out of order");
                                }
                            }
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }));
                }
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (!stop.get()) {
                            Thread.sleep(300);
                            c.flush();
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
                Thread.sleep(roundMillis);
                stop.set(true);
                for (Thread t : threads) {
                    t.join();
                }
                if (!failures.isEmpty()) {
                    AssertionError e = new AssertionError("round " + round + ": " + failures.size() + " failures");
                    failures.forEach(e::addSuppressed);
                    throw e;
                }
                assertEquals(expected.size(), c.stats().liveRows());
                c.verify();
            }
        }
        assertTrue(nextId.get() > 1000, "only " + nextId.get() + " ids written");
    }
}
