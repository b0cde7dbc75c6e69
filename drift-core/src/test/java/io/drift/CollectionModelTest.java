package io.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Model-based randomized test: thousands of random upserts, deletes, gets, searches, flushes and
 * close/reopen cycles against a plain map of id → vector. Exhaustive searches must equal the
 * model's exact top-k; no search may return a deleted or duplicate id; {@code get} returns the
 * latest vector. The seed is in every failure message.
 */
class CollectionModelTest {

    @TempDir
    Path dir;

    static final int D = 8;
    static final int ID_SPACE = 400;

    /**
     * Maintenance as aggressive as it gets: passes every 5 ms and between ops, no cooldown, every
     * tier of 2 partitions merged, buckets split past 1.2x their target, compacted at 10% dead,
     * merged at a low urgency.
     */
    static final JanitorConfig AGGRESSIVE = JanitorConfig.builder().intervalMillis(5).maxBucketFactor(1.2)
            .mergeUrgency(0.3).cooling(0.5).splitDrift(0.05).compactDeadFraction(0.1).segmentLiveFraction(0.7)
            .partitionFanout(2).cooldownMillis(0).rowsPerPass(100_000).bytesPerPass(1L << 30).build();

    @ParameterizedTest(name = "{0} seed {1}, janitor {2}")
    @CsvSource({"L2, 1, false", "COSINE, 2, false", "DOT, 3, false", "L2, 4, false",
                "L2, 5, true", "COSINE, 6, true", "DOT, 7, true"})
    void matchesTheModel(Metric metric, long seed, boolean aggressive) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        String where = metric + " seed " + seed;
        // memtables of 120 rows and buckets of 15: flushes, many segments and deletes in all of them
        CollectionConfig config = CollectionConfig.builder().memtableBytes(120L * D * 4).targetBucketSize(15)
                .calibrationQueries(0).janitor(aggressive ? AGGRESSIVE : JanitorConfig.defaults()).build();
        Map<Long, float[]> model = new HashMap<>();
        DriftEngine engine = DriftEngine.open(dir);
        VectorCollection c = engine.createCollection("m", D, metric, config);
        int searches = 0;
        int reopens = 0;
        JanitorStats maintained = new JanitorStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        try {
            for (int step = 0; step < 2500; step++) {
                String at = where + " step " + step;
                int op = rnd.nextInt(100);
                if (op < 40) {
                    int n = 1 + rnd.nextInt(12);
                    List<Point> batch = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        long id = rnd.nextInt(ID_SPACE);
                        float[] v = vector(rnd);
                        batch.add(new Point(id, v));
                        model.put(id, stored(v, metric));
                    }
                    c.upsert(batch);
                } else if (op < 55) {
                    int n = 1 + rnd.nextInt(6);
                    long[] ids = new long[n];
                    int expectHits = 0;
                    Set<Long> gone = new HashSet<>();
                    for (int i = 0; i < n; i++) {
                        ids[i] = rnd.nextInt(ID_SPACE);
                        if (model.containsKey(ids[i]) && gone.add(ids[i])) {
                            expectHits++;
                        }
                    }
                    for (long id : ids) {
                        model.remove(id);
                    }
                    assertEquals(expectHits, c.delete(ids), at + ": ids that had a live vector");
                } else if (op < 70) {
                    long id = rnd.nextInt(ID_SPACE);
                    float[] expected = model.get(id);
                    float[] got = c.get(id);
                    if (expected == null) {
                        assertNull(got, at + ": get(" + id + ") of a deleted or absent id");
                    } else {
                        assertNotNull(got, at + ": get(" + id + ")");
                        assertArrayEquals(expected, got, 1e-6f, at + ": get(" + id + ") returns the latest vector");
                    }
                } else if (op < 94) {
                    int k = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 2 * ID_SPACE : 15);
                    checkSearch(c, model, vector(rnd), k, metric, at);
                    searches++;
                } else if (op < 97) {
                    c.flush();
                    assertEquals(0, c.stats().frozenMemtables(), at);
                    if (aggressive) {
                        c.maintainNow(); // besides the scheduled passes, one right after the flush
                    }
                } else {
                    maintained = add(maintained, c.stats().janitor());
                    engine.close();
                    engine = DriftEngine.open(dir);
                    c = engine.collection("m");
                    reopens++;
                }
                if (step % 100 == 0) {
                    assertEquals(model.size(), c.stats().liveRows(), at + ": live rows");
                }
            }
            CollectionStats s = c.stats();
            assertEquals(model.size(), s.liveRows(), where);
            assertTrue(s.flushes() + s.segments() > 0, where + ": the run never flushed");
            assertTrue(searches > 300 && reopens > 10, where + ": " + searches + " searches, " + reopens + " reopens");
            c.verify();
            maintained = add(maintained, c.stats().janitor());
            if (aggressive) {
                assertTrue(maintained.partitionMerges() > 0 && maintained.compactions() + maintained.scatterMerges()
                        + maintained.splits() > 0, where + ": maintenance did too little: " + maintained);
            }
        } finally {
            engine.close();
        }
    }

    /** Diagnostics: where the segments hold {@code id}, and what get says. */
    static String where(VectorCollection c, long id) {
        StringBuilder b = new StringBuilder("; get(" + id + ") " + (getQuietly(c, id) != null));
        io.drift.version.Version v = c.pinForTest();
        try {
            for (io.drift.version.SegmentRef s : v.segments()) {
                try {
                    long at = s.reader().locate(id);
                    if (at >= 0) {
                        b.append("; ").append(s.name()).append(" p").append(s.partition()).append(" b")
                                .append(at >>> 32).append(" r").append((int) at).append(
                                s.tombstones().isDead((int) (at >>> 32), (int) at) ? " dead" : " live");
                    }
                } catch (IOException e) {
                    b.append(e);
                }
            }
            for (io.drift.memtable.MemTable m : v.frozen()) {
                b.append("; frozen row ").append(m.rowOf(id));
            }
            b.append("; active row ").append(v.active().rowOf(id));
            try {
                io.drift.search.L1Index l1 = v.l1();
                long at = l1.locate(id);
                b.append("; l1 locate ").append(at >>> 32).append('/').append((int) at).append(l1.isDead(at) ? " dead" : " live");
                float[] vec = new float[l1.dim()];
                l1.vector(at, vec);
                io.drift.search.SearchHits self = l1.search(vec, 3, io.drift.search.SearchParams.exhaustive().withRerankFactor(1000));
                b.append("; l1 self-search ").append(java.util.Arrays.toString(self.ids())).append(" scanned ")
                        .append(self.bucketsScanned()).append(" of ").append(l1.bucketCount()).append(", live rows ")
                        .append(l1.liveRows()).append(", segments in l1 ").append(l1.segments().size())
                        .append(" vs version ").append(v.segments().size());
            } catch (IOException e) {
                b.append(e);
            }
        } finally {
            v.release();
        }
        return b.toString();
    }

    static float[] getQuietly(VectorCollection c, long id) {
        try {
            return c.get(id);
        } catch (IOException e) {
            return null;
        }
    }

    static JanitorStats add(JanitorStats a, JanitorStats b) {
        return new JanitorStats(a.passes() + b.passes(), a.partitionMerges() + b.partitionMerges(),
                a.scatterMerges() + b.scatterMerges(), a.splits() + b.splits(), a.stolenRows() + b.stolenRows(),
                a.compactions() + b.compactions(), a.segmentCompactions() + b.segmentCompactions(),
                a.segmentsDropped() + b.segmentsDropped(), a.rowsRewritten() + b.rowsRewritten(),
                a.bytesWritten() + b.bytesWritten());
    }

    static float[] vector(SplittableRandom rnd) {
        float[] v = new float[D];
        for (int i = 0; i < D; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    static float[] stored(float[] v, Metric metric) {
        if (metric != Metric.COSINE) {
            return v.clone();
        }
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }

    /**
     * An exhaustive search with a pool as large as the collection is exact: its distances must be
     * the model's k smallest, and every id it returns live, once, at its model distance.
     */
    static void checkSearch(VectorCollection c, Map<Long, float[]> model, float[] q, int k, Metric metric, String at) {
        SearchResult r = c.search(q, k, SearchOptions.exhaustive().withRerankFactor(2 * ID_SPACE));
        float[] query = stored(q, metric);
        List<Map.Entry<Long, Float>> exact = new ArrayList<>();
        for (Map.Entry<Long, float[]> e : model.entrySet()) {
            exact.add(Map.entry(e.getKey(), metric.distance(query, e.getValue())));
        }
        exact.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        int expected = Math.min(k, model.size());
        assertEquals(expected, r.ids().length, at + ": result count");
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < r.ids().length; i++) {
            long id = r.ids()[i];
            if (!seen.add(id)) {
                fail(at + ": id " + id + " returned twice");
            }
            float[] v = model.get(id);
            if (v == null) {
                fail(at + ": deleted or unknown id " + id + " returned");
            }
            float tolerance = 1e-4f * Math.max(1f, Math.abs(exact.get(i).getValue()));
            assertEquals(metric.distance(query, v), r.get(i).distance(), tolerance, at + ": distance of id " + id);
            int rank = i;
            assertEquals(exact.get(i).getValue(), r.get(i).distance(), tolerance,
                    () -> at + ": rank " + rank + " should be id " + exact.get(rank).getKey() + ", got " + id
                    + where(c, exact.get(rank).getKey()));
        }
        // an approximate search may rank differently, but the count and liveness rules still hold
        SearchResult approx = c.search(q, k, SearchOptions.defaults());
        assertEquals(expected, approx.ids().length, at + ": approximate result count");
        assertEquals(expected, java.util.Arrays.stream(approx.ids()).distinct().count(), at + ": duplicate ids");
        for (long id : approx.ids()) {
            assertTrue(model.containsKey(id), at + ": approximate search returned deleted or unknown id " + id);
        }
    }
}
