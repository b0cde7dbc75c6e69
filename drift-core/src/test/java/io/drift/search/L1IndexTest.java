package io.drift.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.TestVectors;
import io.drift.maintain.BulkBuilder;
import io.drift.quant.SQ8;
import io.drift.storage.BucketView;
import io.drift.storage.SegmentReader;
import io.drift.storage.Tombstones;
import io.drift.vector.Distance;
import io.drift.vector.TopK;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class L1IndexTest {

    @TempDir
    Path dir;

    static float[] clustered(int n, int d, int clusters, double spread, long seed) {
        return TestVectors.clustered(n, d, clusters, spread, seed);
    }

    static void normalise(float[] data, int d) {
        TestVectors.normalise(data, d);
    }

    static long[] ids(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1_000_000L + 7L * i; // not row numbers, so a mix-up shows
        }
        return ids;
    }

    L1Index build(float[] data, int n, int d, Distance metric, int bucketSize, SearchConfig config) throws IOException {
        BulkBuilder.Result r = BulkBuilder.build(data, ids(n), n, d, metric, bucketSize, dir, 1, 1L << 20, 42);
        return L1Index.open(r.segments(), config.withTargetBucketSize(bucketSize));
    }

    /** Exact top-k over {@code data}, ids as {@link #ids}; ties by the smaller id. */
    static long[] bruteForce(float[] data, int n, int d, Distance metric, float[] q, int k) {
        TopK top = new TopK(k);
        long[] ids = ids(n);
        for (int r = 0; r < n; r++) {
            top.offer(ids[r], metric.distance(q, 0, data, r * d, d));
        }
        return top.drainIds();
    }

    static float[] query(SplittableRandom rnd, float[] data, int n, int d) {
        float[] q = new float[d];
        int r = rnd.nextInt(n);
        for (int i = 0; i < d; i++) {
            q[i] = data[r * d + i] + (float) rnd.nextGaussian();
        }
        return q;
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void exhaustiveWithoutRerankIsExactSearchOverTheReconstructions(Distance metric) throws IOException {
        int n = 3000, d = 24, k = 10;
        float[] data = clustered(n, d, 12, 0.5, 1);
        if (metric == Distance.COSINE) {
            normalise(data, d);
        }
        try (L1Index index = build(data, n, d, metric, 100, SearchConfig.defaults())) {
            // the reconstructions x̂ of every row, read back from the segments
            float[] recon = new float[n * d];
            long[] reconIds = new long[n];
            int at = 0;
            for (Path f : index.segmentFiles()) {
                try (SegmentReader s = SegmentReader.open(f)) {
                    for (int b = 0; b < s.bucketCount(); b++) {
                        BucketView v = s.bucket(b);
                        SQ8 sq8 = v.sq8();
                        long[] bucketIds = v.ids();
                        for (int row = 0; row < v.rows(); row++, at++) {
                            sq8.decode(v.codes(), (long) row * d, recon, at * d);
                            reconIds[at] = bucketIds[row];
                        }
                    }
                }
            }
            assertEquals(n, at);
            SplittableRandom rnd = new SplittableRandom(2);
            for (int t = 0; t < 20; t++) {
                float[] q = query(rnd, data, n, d);
                float[] qn = q.clone();
                if (metric == Distance.COSINE) {
                    normalise(qn, d);
                }
                TopK exact = new TopK(k);
                for (int r = 0; r < n; r++) {
                    float dist = switch (metric) {
                        case L2 -> Distance.L2.distance(qn, 0, recon, r * d, d);
                        case DOT -> Distance.DOT.distance(qn, 0, recon, r * d, d);
                        case COSINE -> 1f + Distance.DOT.distance(qn, 0, recon, r * d, d); // 1 − q·x̂, as ADC
                    };
                    exact.offer(reconIds[r], dist);
                }
                long[] expectedIds = new long[k];
                float[] expectedDist = new float[k];
                exact.drainSorted(expectedIds, expectedDist);
                SearchHits got = index.search(q, k, SearchParams.exhaustive().withRerankFactor(0));
                assertArrayEquals(expectedIds, got.ids(), metric + " query " + t);
                for (int i = 0; i < k; i++) {
                    assertEquals(expectedDist[i], got.distances()[i], 1e-4 * Math.max(1, Math.abs(expectedDist[i])));
                }
                assertEquals(index.bucketCount(), got.bucketsScanned());
                assertEquals(n, got.rowsScanned());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"L2,false", "COSINE,false", "DOT,false", "L2,true", "COSINE,true", "DOT,true"})
    void exhaustiveWithRerankIsExactSearchOverTheFloats(Distance metric, boolean graph) throws IOException {
        int n = 4000, d = 32, k = 10;
        float[] data = clustered(n, d, 40, 0.3, 3); // well separated
        if (metric == Distance.COSINE) {
            normalise(data, d);
        }
        SearchConfig config = graph ? SearchConfig.defaults().withGraphThreshold(1) : SearchConfig.defaults();
        try (L1Index index = build(data, n, d, metric, 100, config)) {
            SplittableRandom rnd = new SplittableRandom(4);
            for (int t = 0; t < 30; t++) {
                float[] q = query(rnd, data, n, d);
                SearchHits high = index.search(q, k, SearchParams.defaults().withTargetConfidence(0.999));
                assertArrayEquals(bruteForce(data, n, d, metric, q, k), high.ids(), metric + " query " + t);
                SearchHits got = index.search(q, k, SearchParams.exhaustive().withRerankFactor(4));
                assertArrayEquals(bruteForce(data, n, d, metric, q, k), got.ids(), metric + " query " + t);
                float[] expected = new float[k];
                for (int i = 0; i < k; i++) {
                    int row = (int) ((got.ids()[i] - 1_000_000L) / 7);
                    expected[i] = metric.distance(q, 0, data, row * d, d);
                }
                assertArrayEquals(expected, got.distances(), 1e-4f * Math.max(1, Math.abs(expected[k - 1])));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void metricsAgreeWithBruteForceOnRandomData(Distance metric) throws IOException {
        int n = 2000, d = 16, k = 10;
        float[] data = clustered(n, d, 1, 1.0, 5); // one Gaussian blob: no structure to exploit
        if (metric == Distance.COSINE) {
            normalise(data, d);
        }
        try (L1Index index = build(data, n, d, metric, 64, SearchConfig.defaults())) {
            SplittableRandom rnd = new SplittableRandom(6);
            for (int t = 0; t < 30; t++) {
                float[] q = query(rnd, data, n, d);
                SearchHits got = index.search(q, k, SearchParams.exhaustive().withRerankFactor(10));
                assertArrayEquals(bruteForce(data, n, d, metric, q, k), got.ids(), metric + " query " + t);
            }
        }
    }

    @Test
    void kLargerThanTheCollectionReturnsEverything() throws IOException {
        int n = 57, d = 8;
        float[] data = clustered(n, d, 3, 0.5, 7);
        try (L1Index index = build(data, n, d, Distance.L2, 10, SearchConfig.defaults())) {
            SearchHits got = index.search(query(new SplittableRandom(8), data, n, d), 1000, SearchParams.defaults());
            assertEquals(n, got.size());
            Set<Long> distinct = new HashSet<>();
            for (long id : got.ids()) {
                distinct.add(id);
            }
            assertEquals(Set.copyOf(java.util.Arrays.stream(ids(n)).boxed().toList()), distinct);
            for (int i = 1; i < n; i++) {
                assertTrue(got.distances()[i - 1] <= got.distances()[i]);
            }
        }
    }

    @Test
    void theBoundSkipsBucketsWithoutChangingTheAnswer() throws IOException {
        int n = 4000, d = 16, k = 10;
        float[] data = clustered(n, d, 40, 0.05, 9); // tight, far-apart clusters
        try (L1Index index = build(data, n, d, Distance.L2, 100, SearchConfig.defaults())) {
            SplittableRandom rnd = new SplittableRandom(10);
            long scannedNearlyAll = 0;
            for (int t = 0; t < 20; t++) {
                float[] q = query(rnd, data, n, d);
                SearchHits got = index.search(q, k, SearchParams.defaults().withTargetConfidence(0.999999));
                assertArrayEquals(bruteForce(data, n, d, Distance.L2, q, k), got.ids());
                scannedNearlyAll += got.bucketsScanned();
            }
            assertTrue(scannedNearlyAll < 20L * index.bucketCount() / 2,
                    "the triangle bound should skip most buckets, scanned " + scannedNearlyAll);
        }
    }

    @Test
    void recallTargetHoldsBeforeAndAfterCalibrationOnQueries() throws IOException {
        int n = 6000, d = 24, k = 10;
        float[] data = clustered(n, d, 30, 1.0, 11);
        try (L1Index index = build(data, n, d, Distance.L2, 50, SearchConfig.defaults())) {
            SplittableRandom rnd = new SplittableRandom(12);
            List<QueryTrace> traces = new ArrayList<>();
            for (int t = 0; t < 100; t++) {
                traces.add(RecallCheck.check(index, query(rnd, data, n, d), k, RecallModel.uncalibrated(),
                        RecallCheck.Memtables.NONE));
            }
            RecallModel fitted = RecallModel.fit(traces);
            assertEquals(100, fitted.queries(k));
            assertEquals(0, fitted.queries(100), "k = 100 is a class of its own");
            for (RecallModel model : List.of(RecallModel.uncalibrated(), fitted)) {
                long previousRows = 0;
                for (double target : new double[] {0.8, 0.9, 0.95, 0.99}) {
                    double sum = 0;
                    double estimated = 0;
                    long rows = 0;
                    int queries = 200;
                    SplittableRandom measured = new SplittableRandom(13);
                    for (int t = 0; t < queries; t++) {
                        float[] q = query(measured, data, n, d);
                        SearchHits got = index.search(q, k, SearchParams.defaults().withRecallTarget(target), model,
                                new float[0], 0);
                        sum += recall(got.ids(), bruteForce(data, n, d, Distance.L2, q, k));
                        estimated += got.estimatedRecall();
                        rows += got.rowsScanned();
                    }
                    double recall = sum / queries;
                    assertTrue(recall >= target - 0.01, "target " + target + " measured " + recall);
                    assertTrue(rows >= previousRows, "a higher target scans at least as much");
                    assertTrue(rows < (long) queries * n, "target " + target + " stopped before scanning everything");
                    previousRows = rows;
                    if (model == fitted) {
                        assertEquals(recall, estimated / queries, 0.03, "mean estimate at target " + target);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void everyMetricReachesARecallTargetAndReportsAnEstimateInRange(Distance metric) throws IOException {
        int n = 4000, d = 16, k = 10;
        float[] data = clustered(n, d, 20, 0.8, 21);
        if (metric == Distance.COSINE) {
            normalise(data, d);
        }
        try (L1Index index = build(data, n, d, metric, 50, SearchConfig.defaults())) {
            SplittableRandom rnd = new SplittableRandom(22);
            List<QueryTrace> traces = new ArrayList<>();
            for (int t = 0; t < 150; t++) {
                traces.add(RecallCheck.check(index, query(rnd, data, n, d), k, RecallModel.uncalibrated(),
                        RecallCheck.Memtables.NONE));
            }
            for (RecallModel model : List.of(RecallModel.uncalibrated(), RecallModel.fit(traces))) {
                double sum = 0;
                SplittableRandom measured = new SplittableRandom(23);
                for (int t = 0; t < 150; t++) {
                    float[] q = query(measured, data, n, d);
                    SearchHits got = index.search(q, k, SearchParams.defaults().withRecallTarget(0.9), model,
                            new float[0], 0);
                    assertTrue(got.estimatedRecall() >= 0 && got.estimatedRecall() <= 1, metric + ": " + got);
                    sum += recall(got.ids(), bruteForce(data, n, d, metric, q, k));
                }
                assertTrue(sum / 150 >= 0.89, metric + " recall " + sum / 150);
            }
        }
    }

    @Test
    void badInputIsRejectedWithItsReason() throws IOException {
        int n = 200, d = 8;
        float[] data = clustered(n, d, 3, 0.5, 14);
        normalise(data, d);
        try (L1Index index = build(data, n, d, Distance.COSINE, 20, SearchConfig.defaults())) {
            float[] q = new float[d];
            q[0] = 1;
            assertTrue(message(() -> index.search(new float[d + 1], 10, SearchParams.defaults())).contains("dimension"));
            assertTrue(message(() -> index.search(q, 0, SearchParams.defaults())).contains("k must be positive"));
            float[] nan = q.clone();
            nan[3] = Float.NaN;
            assertTrue(message(() -> index.search(nan, 10, SearchParams.defaults())).contains("component 3"));
            assertTrue(message(() -> index.search(new float[d], 10, SearchParams.defaults())).contains("zero query"));
            assertTrue(message(() -> SearchParams.defaults().withTargetConfidence(0)).contains("targetConfidence"));
            assertTrue(message(() -> SearchParams.defaults().withRecallTarget(1.5)).contains("recallTarget"));
        }
    }

    static double recall(long[] found, long[] truth) {
        Set<Long> t = new HashSet<>();
        for (long id : truth) {
            t.add(id);
        }
        int hits = 0;
        for (long id : found) {
            hits += t.contains(id) ? 1 : 0;
        }
        return (double) hits / truth.length;
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void deletedRowsAreNeverReturnedAndEmptyBucketsNeverScanned(Distance metric) throws IOException {
        int n = 2000, d = 16, k = 10;
        float[] data = clustered(n, d, 10, 0.5, 5);
        if (metric == Distance.COSINE) {
            normalise(data, d);
        }
        long[] ids = ids(n);
        try (L1Index index = build(data, n, d, metric, 100, SearchConfig.defaults())) {
            SplittableRandom rnd = new SplittableRandom(9);
            Set<Long> deleted = new HashSet<>();
            for (int i = 0; i < n; i += 2) { // half the rows
                long at = index.locate(ids[i]);
                assertTrue(at >= 0);
                assertTrue(index.kill(at));
                assertTrue(index.isDead(at));
                deleted.add(ids[i]);
            }
            assertEquals(n / 2, index.liveRows());
            assertEquals(-1, index.locate(5)); // never stored
            // the live rows only, as data for brute force
            float[] liveData = new float[(n / 2) * d];
            long[] liveIds = new long[n / 2];
            for (int i = 1, j = 0; i < n; i += 2, j++) {
                System.arraycopy(data, i * d, liveData, j * d, d);
                liveIds[j] = ids[i];
            }
            SearchParams exact = SearchParams.exhaustive().withRerankFactor(n);
            for (int t = 0; t < 20; t++) {
                float[] q = query(rnd, data, n, d);
                SearchHits r = index.search(q, k, exact);
                TopK top = new TopK(k);
                for (int j = 0; j < liveIds.length; j++) {
                    top.offer(liveIds[j], metric.distance(q, 0, liveData, j * d, d));
                }
                assertArrayEquals(top.drainIds(), r.ids(), "query " + t);
                for (long id : index.search(q, k, SearchParams.defaults()).ids()) {
                    assertTrue(!deleted.contains(id), "deleted id " + id + " returned");
                }
            }
            // everything deleted: nothing to return, nothing scanned
            for (int i = 1; i < n; i += 2) {
                assertTrue(index.kill(index.locate(ids[i])));
            }
            SearchHits none = index.search(query(rnd, data, n, d), k, SearchParams.exhaustive());
            assertEquals(0, none.ids().length);
            assertEquals(0, none.bucketsScanned());
        }
    }

    /**
     * Maintenance rewrites live rows into a new segment while a newer copy of another id sits in
     * an older one: lookups find the live copy wherever it is.
     */
    @Test
    void locateFindsTheLiveCopyWhateverTheSegmentOrder() throws IOException {
        int d = 8;
        float[] data = clustered(40, d, 2, 0.5, 3);
        long[] ids = ids(40);
        Path older = BulkBuilder.build(data, ids, 40, d, Distance.L2, 10, dir, 1, 1L << 30, 1).segments().getFirst();
        Path newer = BulkBuilder.build(data, ids, 40, d, Distance.L2, 10, dir, 2, 1L << 30, 2).segments().getFirst();
        try (L1Index index = L1Index.open(java.util.List.of(older, newer), SearchConfig.defaults())) {
            long inNewer = index.locate(ids[7]);
            assertTrue(index.kill(inNewer));
            // the newer segment's copy is dead: the older one, still live, is found
            long found = index.locate(ids[7]);
            assertTrue(found >= 0 && found != inNewer && !index.isDead(found));
            assertTrue(index.kill(found));
            assertEquals(inNewer, index.locate(ids[7]), "no live copy: the newest dead one");
        }
    }

    /** Segments labelled with one partition are weighed as one clustering; scans warm their buckets. */
    @Test
    void segmentsOfOnePartitionShareTheirNormalisationAndScansHeatBuckets() throws IOException {
        int n = 3000, d = 16, k = 10;
        float[] data = clustered(n, d, 12, 0.3, 8);
        long[] ids = ids(n);
        // one clustering, its buckets written into two segment files
        io.drift.maintain.KMeans.Result km = io.drift.maintain.KMeans.fit(data, n, d, 30,
                io.drift.maintain.KMeans.Params.defaults(1));
        java.util.List<SegmentReader> readers = new java.util.ArrayList<>();
        for (int part = 0; part < 2; part++) {
            Path file = dir.resolve("p" + part + ".drift");
            try (io.drift.storage.SegmentWriter w = io.drift.storage.SegmentWriter.create(file, d, Distance.L2)) {
                for (int c = part; c < 30; c += 2) {
                    java.util.List<Integer> rows = new java.util.ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        if (km.assignment()[i] == c) {
                            rows.add(i);
                        }
                    }
                    float[] v = new float[rows.size() * d];
                    long[] bucketIds = new long[rows.size()];
                    for (int j = 0; j < rows.size(); j++) {
                        System.arraycopy(data, rows.get(j) * d, v, j * d, d);
                        bucketIds[j] = ids[rows.get(j)];
                    }
                    w.addBucket(java.util.Arrays.copyOfRange(km.centroids(), c * d, (c + 1) * d),
                            io.drift.quant.SQ8.train(v, 0, rows.size(), d, io.drift.quant.RangeRule.MIN_MAX, 1),
                            bucketIds, v, rows.size());
                }
                w.finish();
            }
            readers.add(SegmentReader.open(file));
        }
        try {
            java.util.List<Tombstones> none = readers.stream().map(Tombstones::none).toList();
            float[][] heat = {new float[readers.get(0).bucketCount()], new float[readers.get(1).bucketCount()]};
            L1Index one = L1Index.over(readers, none, new long[] {4, 4}, heat, SearchConfig.defaults());
            L1Index two = L1Index.over(readers, none, SearchConfig.defaults());
            SplittableRandom rnd = new SplittableRandom(2);
            long scannedOne = 0, scannedTwo = 0;
            int hits = 0;
            for (int t = 0; t < 50; t++) {
                float[] q = query(rnd, data, n, d);
                SearchHits r = one.search(q, k, SearchParams.defaults());
                scannedOne += r.bucketsScanned();
                scannedTwo += two.search(q, k, SearchParams.defaults()).bucketsScanned();
                Set<Long> found = new HashSet<>();
                for (long id : r.ids()) {
                    found.add(id);
                }
                for (long id : bruteForce(data, n, d, Distance.L2, q, k)) {
                    hits += found.contains(id) ? 1 : 0;
                }
            }
            assertTrue(hits >= 0.95 * 50 * k, "recall@10 as one partition: " + hits / (50.0 * k));
            // as two partitions, each file's nearest buckets are visited although the other holds the neighbours
            assertTrue(scannedOne < scannedTwo, scannedOne + " vs " + scannedTwo);
            double warmed = 0;
            for (float[] h : heat) {
                for (float v : h) {
                    warmed += v;
                }
            }
            assertTrue(warmed > 0, "scanned buckets got warmer");
            RecallCheck.check(one, query(rnd, data, n, d), k, RecallModel.uncalibrated(), RecallCheck.Memtables.NONE);
            double after = 0;
            for (float[] h : heat) {
                for (float v : h) {
                    after += v;
                }
            }
            assertEquals(warmed, after, 1e-6, "calibration scans every bucket without warming any");
        } finally {
            readers.forEach(SegmentReader::close);
        }
    }

    /**
     * Data that drifted between flushes: each segment holds other clusters (Fashion-MNIST streamed
     * class by class). A segment far from the query must not take a share of the confidence, or
     * the search stops before it has covered the segment that holds the neighbours.
     */
    @Test
    void segmentsOfDisjointRegionsAreWeighedByHowNearTheyCome() throws IOException {
        int perPart = 1500, d = 16, parts = 6, k = 10;
        int n = perPart * parts;
        // 6 groups of 5 clusters each, groups far apart: a flush per group
        float[] data = new float[n * d];
        long[] ids = ids(n);
        SplittableRandom rnd = new SplittableRandom(3);
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (int p = 0; p < parts; p++) {
            float[] part = clustered(perPart, d, 5, 0.6, 100 + p);
            for (int i = 0; i < part.length; i++) {
                part[i] += (i % d == 0) ? 200f * p : 0f; // shift the group along the first axis
            }
            System.arraycopy(part, 0, data, p * perPart * d, part.length);
            files.addAll(BulkBuilder.build(part, java.util.Arrays.copyOfRange(ids, p * perPart, (p + 1) * perPart),
                    perPart, d, Distance.L2, 100, dir, 10 * p, 1L << 30, p).segments());
        }
        try (L1Index index = L1Index.open(files, SearchConfig.defaults())) {
            int hits = 0;
            long rows = 0;
            int queries = 100;
            for (int q = 0; q < queries; q++) {
                float[] query = query(rnd, data, n, d);
                SearchHits r = index.search(query, k, SearchParams.defaults());
                rows += r.rowsScanned();
                Set<Long> found = new HashSet<>();
                for (long id : r.ids()) {
                    found.add(id);
                }
                for (long id : bruteForce(data, n, d, Distance.L2, query, k)) {
                    hits += found.contains(id) ? 1 : 0;
                }
            }
            double recall = hits / (double) (queries * k);
            assertTrue(recall >= 0.95, "recall@10 over disjoint segments: " + recall + ", rows scanned "
                    + rows / queries);
        }
    }

    /**
     * Segments clustered independently (as successive flushes are) overlap: every one holds part of
     * a query's neighbours. Selection weighs each segment's own nearest buckets, so the default
     * confidence still finds them.
     */
    @Test
    void independentlyClusteredSegmentsAreEachSearched() throws IOException {
        // drifting data in arrival order: each segment (a flush) sees the clusters somewhere else
        int n = 12_000, d = 32, k = 10, parts = 6, queries = 100;
        // one row in every 121 is a query: queries from every phase
        float[] all = io.drift.TestVectors.drifting(n + queries, d, 42);
        float[] data = new float[n * d];
        float[] queryRows = new float[queries * d];
        for (int r = 0, b = 0, q = 0; r < n + queries; r++) {
            if (r % 121 == 120 && q < queries) {
                System.arraycopy(all, r * d, queryRows, q++ * d, d);
            } else if (b < n) {
                System.arraycopy(all, r * d, data, b++ * d, d);
            }
        }
        long[] ids = ids(n);
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int from = p * n / parts;
            int to = (p + 1) * n / parts;
            files.addAll(BulkBuilder.build(java.util.Arrays.copyOfRange(data, from * d, to * d),
                    java.util.Arrays.copyOfRange(ids, from, to), to - from, d, Distance.L2, 200, dir, 10 * p,
                    1L << 30, p).segments());
        }
        try (L1Index index = L1Index.open(files, SearchConfig.defaults())) {
            double recall = 0;
            for (int q = 0; q < queries; q++) {
                float[] query = java.util.Arrays.copyOfRange(queryRows, q * d, (q + 1) * d);
                long[] truth = bruteForce(data, n, d, Distance.L2, query, k);
                Set<Long> found = new HashSet<>();
                for (long id : index.search(query, k, SearchParams.defaults()).ids()) {
                    found.add(id);
                }
                for (long id : truth) {
                    recall += found.contains(id) ? 1.0 / k : 0;
                }
            }
            recall /= queries;
            assertTrue(recall >= 0.95, "recall@10 over " + parts + " overlapping segments: " + recall);
        }
    }
}
