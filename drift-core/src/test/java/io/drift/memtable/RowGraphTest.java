package io.drift.memtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.TestVectors;
import io.drift.vector.Distance;
import io.drift.vector.TopK;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RowGraphTest {

    private static final int N = 5000;
    private static final int D = 32;

    private static float[] data(Distance metric) {
        float[] data = TestVectors.clustered(N, D, 20, 0.25, 1);
        if (metric == Distance.COSINE) {
            TestVectors.normalise(data, D);
        }
        return data;
    }

    private static VectorStore store(float[] data, int n, int d) {
        VectorStore s = new VectorStore(d);
        for (int r = 0; r < n; r++) {
            s.append(data, r * d);
        }
        return s;
    }

    /** The graph's distance: squared L2, or the negated inner product. */
    private static float graphDistance(Distance metric, float[] q, float[] data, int row, int d) {
        return metric == Distance.L2 ? Distance.L2.distance(q, 0, data, row * d, d)
                : Distance.DOT.distance(q, 0, data, row * d, d);
    }

    /** Inserts rows 0..n-1 with {@code threads} threads, each taking the next row from a shared counter. */
    private static void insertAll(RowGraph g, int n, int threads) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int r; (r = next.getAndIncrement()) < n; ) {
                        g.insert(r);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) {
            th.join();
        }
        assertTrue(errors.isEmpty(), () -> "inserter failed: " + errors.peek());
        assertEquals(n, g.size());
    }

    private static double recallAt10(RowGraph g, float[] data, Distance metric) {
        int ef = 100, k = 10, queries = 100;
        RowGraph.Searcher s = g.searcher();
        SplittableRandom rnd = new SplittableRandom(2);
        int[] nodes = new int[ef];
        float[] dist = new float[ef];
        int hits = 0;
        for (int t = 0; t < queries; t++) {
            float[] q = new float[D];
            int base = rnd.nextInt(N);
            for (int i = 0; i < D; i++) {
                q[i] = data[base * D + i] + (float) rnd.nextGaussian() * (metric == Distance.COSINE ? 0.05f : 0.5f);
            }
            if (metric == Distance.COSINE) {
                TestVectors.normalise(q, D);
            }
            int found = s.search(q, ef, nodes, dist);
            assertEquals(ef, found);
            for (int i = 0; i < found; i++) {
                if (i > 0) {
                    assertTrue(dist[i - 1] <= dist[i], "nearest first");
                }
                float expected = graphDistance(metric, q, data, nodes[i], D);
                assertEquals(expected, dist[i], 1e-3f * Math.max(1f, Math.abs(expected)));
            }
            TopK exact = new TopK(k);
            for (int r = 0; r < N; r++) {
                exact.offer(r, metric.distance(q, 0, data, r * D, D));
            }
            Set<Long> got = new HashSet<>();
            for (int i = 0; i < k; i++) {
                got.add((long) nodes[i]);
            }
            for (long id : exact.drainIds()) {
                hits += got.contains(id) ? 1 : 0;
            }
        }
        return hits / (double) (queries * k);
    }

    /** A search with ef = n must return every node once: the whole graph is reachable on layer 0. */
    private static void assertAllReachable(RowGraph g, float[] data, int n) {
        int[] nodes = new int[n];
        float[] dist = new float[n];
        float[] q = new float[D];
        System.arraycopy(data, 0, q, 0, D);
        assertEquals(n, g.searcher().search(q, n, nodes, dist));
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            assertTrue(!seen[nodes[i]], "duplicate " + nodes[i]);
            seen[nodes[i]] = true;
        }
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void oneInserterFindsTheNearestNodes(Distance metric) throws InterruptedException {
        float[] data = data(metric);
        RowGraph g = new RowGraph(store(data, N, D), metric, 16, 100, 7);
        insertAll(g, N, 1);
        double recall = recallAt10(g, data, metric);
        assertTrue(recall >= 0.95, metric + " recall@10 at ef 100, one inserter: " + recall);
        assertAllReachable(g, data, N);
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void fourInsertersFindTheNearestNodes(Distance metric) throws InterruptedException {
        float[] data = data(metric);
        RowGraph g = new RowGraph(store(data, N, D), metric, 16, 100, 7);
        insertAll(g, N, 4);
        double recall = recallAt10(g, data, metric);
        assertTrue(recall >= 0.95, metric + " recall@10 at ef 100, four inserters: " + recall);
        assertAllReachable(g, data, N);
    }

    /**
     * One thread appends rows to the store while four insert them (so the node table grows under
     * the searches) and two search all the time: searches never fail and only return rows whose
     * insert has started, sorted, without duplicates, with correct distances. Afterwards the
     * graph is whole and consistent. The second case (tiny M, d = 8) re-prunes lists all the time.
     */
    @ParameterizedTest
    @CsvSource({"12000, 32, 8, 60, L2", "20000, 8, 4, 40, DOT"})
    void searchesRunDuringInserts(int n, int d, int m, int efConstruction, Distance metric) throws InterruptedException {
        int ef = 40;
        float[] data = TestVectors.clustered(n, d, 20, 0.25, 3);
        VectorStore store = new VectorStore(d);
        RowGraph g = new RowGraph(store, metric, m, efConstruction, 11);
        AtomicIntegerArray started = new AtomicIntegerArray(n);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong searches = new AtomicLong();
        AtomicLong nonEmpty = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        writers.add(new Thread(() -> {
            for (int r = 0; r < n; r++) {
                store.append(data, r * d);
                if ((r & 63) == 0) {
                    Thread.yield();
                }
            }
        }));
        for (int t = 0; t < 4; t++) {
            writers.add(new Thread(() -> {
                try {
                    for (int r; (r = next.getAndIncrement()) < n; ) {
                        while (r >= store.size()) {
                            Thread.onSpinWait();
                        }
                        started.set(r, 1);
                        g.insert(r);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            long qseed = t;
            readers.add(new Thread(() -> {
                try {
                    RowGraph.Searcher s = g.searcher();
                    SplittableRandom rnd = new SplittableRandom(qseed);
                    int[] nodes = new int[ef];
                    float[] dist = new float[ef];
                    float[] q = new float[d];
                    Set<Integer> seen = new HashSet<>();
                    while (!done.get()) {
                        int base = rnd.nextInt(n);
                        for (int i = 0; i < d; i++) {
                            q[i] = data[base * d + i] + (float) rnd.nextGaussian();
                        }
                        int found = s.search(q, ef, nodes, dist);
                        searches.incrementAndGet();
                        if (found > 0) {
                            nonEmpty.incrementAndGet();
                        }
                        if (found > ef) {
                            throw new AssertionError("found " + found + " > ef");
                        }
                        seen.clear();
                        for (int i = 0; i < found; i++) {
                            int node = nodes[i];
                            if (node < 0 || node >= n || started.get(node) == 0) {
                                throw new AssertionError("returned node " + node + " that was never inserted");
                            }
                            if (!seen.add(node)) {
                                throw new AssertionError("duplicate " + node);
                            }
                            if (i > 0 && dist[i - 1] > dist[i]) {
                                throw new AssertionError("not sorted at " + i);
                            }
                            float expected = graphDistance(metric, q, data, node, d);
                            if (Math.abs(expected - dist[i]) > 1e-3f * Math.max(1f, expected)) {
                                throw new AssertionError("distance of " + node + ": " + dist[i] + " vs " + expected);
                            }
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        readers.forEach(Thread::start);
        writers.forEach(Thread::start);
        for (Thread th : writers) {
            th.join();
        }
        done.set(true);
        for (Thread th : readers) {
            th.join();
        }
        assertTrue(errors.isEmpty(), () -> "failure: " + errors.peek());
        assertEquals(n, g.size());
        assertTrue(nonEmpty.get() > 0, "some searches ran while the graph grew: " + searches.get());
        assertConsistent(g, n, m);
        if (metric == Distance.L2) { // DOT graphs may leave short vectors unreachable (class comment)
            int[] nodes = new int[n];
            float[] dist = new float[n];
            float[] q = new float[d];
            System.arraycopy(data, 0, q, 0, d);
            assertEquals(n, g.searcher().search(q, n, nodes, dist));
        }
    }

    /**
     * Every list holds distinct inserted nodes other than its owner, each on at least the list's
     * layer, no more than the layer allows; the writers' layer-0 in-degree counts are exact.
     */
    private static void assertConsistent(RowGraph g, int n, int m) {
        int[] indeg = new int[n];
        for (int node = 0; node < n; node++) {
            int top = g.levelOf(node);
            for (int l = 0; l <= top; l++) {
                int[] nbs = g.neighbours(node, l);
                assertTrue(nbs.length <= (l == 0 ? 2 * m : m), "list too long");
                Set<Integer> seen = new HashSet<>();
                for (int nb : nbs) {
                    assertTrue(nb >= 0 && nb < n && nb != node, "link " + node + " -> " + nb);
                    assertTrue(g.levelOf(nb) >= l, "link " + node + " -> " + nb + " on layer " + l + " above its top");
                    assertTrue(seen.add(nb), "duplicate link " + node + " -> " + nb + " on layer " + l);
                    if (l == 0) {
                        indeg[nb]++;
                    }
                }
            }
            assertEquals(0, g.neighbours(node, top + 1).length);
        }
        for (int node = 0; node < n; node++) {
            assertEquals(indeg[node], g.inDegree(node), "in-degree count of " + node);
        }
    }

    @Test
    void insertingARowTwiceThrows() {
        float[] data = TestVectors.clustered(10, 4, 2, 0.25, 5);
        RowGraph g = new RowGraph(store(data, 10, 4), Distance.L2, 4, 10, 1);
        g.insert(3);
        g.insert(0);
        assertThrows(IllegalStateException.class, () -> g.insert(3));
        assertThrows(IllegalStateException.class, () -> g.insert(0));
        assertThrows(IllegalArgumentException.class, () -> g.insert(10));
        assertThrows(IllegalArgumentException.class, () -> g.insert(-1));
        assertEquals(2, g.size());
    }

    @Test
    void emptyAndTinyGraphs() {
        float[] rows = {1f, 2f, 0f, 0f, 10f, 0f};
        VectorStore store = store(rows, 3, 2);
        RowGraph g = new RowGraph(store, Distance.L2, 16, 100, 1);
        RowGraph.Searcher s = g.searcher();
        int[] nodes = new int[4];
        float[] dist = new float[4];
        assertEquals(0, g.size());
        assertEquals(0, s.search(new float[] {0f, 0f}, 4, nodes, dist));

        g.insert(0);
        assertEquals(1, g.size());
        assertEquals(1, s.search(new float[] {0f, 0f}, 4, nodes, dist));
        assertEquals(0, nodes[0]);
        assertEquals(5f, dist[0]);

        g.insert(2);
        g.insert(1);
        assertEquals(3, s.search(new float[] {9f, 0f}, 4, nodes, dist));
        assertEquals(2, nodes[0]);
        assertEquals(1f, dist[0]);
        assertEquals(1, s.search(new float[] {9f, 0f}, 1, nodes, dist));
        assertEquals(2, nodes[0]);

        RowGraph ip = new RowGraph(store, Distance.DOT, 2, 10, 1);
        ip.insert(1);
        ip.insert(2);
        assertEquals(2, ip.searcher().search(new float[] {1f, 1f}, 4, nodes, dist));
        assertEquals(2, nodes[0]);
        assertEquals(-10f, dist[0]);
        assertEquals(0f, dist[1], 0f);
    }

    @Test
    void thePageDirectoryGrowsByDoublingOnly() {
        int nodes = 9 * 4096 + 1; // ten pages of 4,096 nodes
        float[] data = new float[nodes];
        for (int i = 0; i < nodes; i++) {
            data[i] = i;
        }
        VectorStore store = new VectorStore(1);
        for (int i = 0; i < nodes; i++) {
            store.append(data, i);
        }
        RowGraph g = new RowGraph(store, Distance.L2, 4, 8, 1);
        for (int i = 0; i < nodes; i++) {
            g.insert(i);
        }
        // each page used to double the directory once it held a free slot: 2^10 slots for ten pages
        assertTrue(g.pageSlots() <= 16, "directory of " + g.pageSlots() + " slots for ten pages");
    }
}
