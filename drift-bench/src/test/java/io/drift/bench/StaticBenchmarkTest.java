package io.drift.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.Metric;
import io.drift.bench.drift.DriftSystem;
import io.drift.dataset.Dataset;
import io.drift.dataset.GroundTruth;
import io.drift.dataset.Neighbors;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticBenchmarkTest {

    private static final int DIM = 8;
    private static final int K = 5;

    @TempDir
    Path tmp;

    private static Dataset randomDataset(int n, int queries) {
        Random random = new Random(3);
        float[] base = new float[n * DIM];
        float[] query = new float[queries * DIM];
        for (int i = 0; i < base.length; i++) {
            base[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < query.length; i++) {
            query[i] = (float) random.nextGaussian();
        }
        return new Dataset("random", Metric.L2, new Vectors(DIM, base), new Vectors(DIM, query));
    }

    @Test
    void oneWarmupPassThenOneTimedPass() throws IOException {
        Dataset data = randomDataset(10, 7);
        int[] calls = new int[data.queries().size()];
        StaticBenchmark bench = new StaticBenchmark(data, new float[0][], K, (q, ids, count) -> ids[0] == q ? 1.0 : 0.0, Duration.ZERO, new PrintWriter(new StringWriter()));
        StaticBenchmark.Measurement m = bench.measure((query, outIds) -> {
            int q = queryIndex(data, query);
            calls[q]++;
            // Query 0 and 1 "find" themselves, the rest do not.
            outIds[0] = q < 2 ? q : 99;
            return 1;
        });
        for (int c : calls) {
            assertEquals(2, c);
        }
        assertEquals(2.0 / 7, m.recall(), 1e-12);
        assertEquals(7, m.latency().count());
        assertTrue(m.latency().p99Millis() >= m.latency().p50Millis());
    }

    @Test
    void warmupRepeatsUntilTheMinimumTime() throws IOException {
        Dataset data = randomDataset(10, 3);
        int[] passes = {0};
        StaticBenchmark bench = new StaticBenchmark(data, new float[0][], K, (q, ids, count) -> 1.0, Duration.ofMillis(30), new PrintWriter(new StringWriter()));
        bench.measure((query, outIds) -> {
            passes[0]++;
            return 0;
        });
        // 3 queries: one warm-up pass and the timed pass would be 6 searches.
        assertTrue(passes[0] > 2 * 3, "expected repeated warm-up passes, got " + passes[0] + " searches");
    }

    @Test
    void runsExactSearchEndToEnd() throws IOException {
        Dataset data = randomDataset(500, 20);
        Neighbors truth = GroundTruth.compute(data.base(), data.queries(), K, data.metric());
        StringWriter progress = new StringWriter();
        StaticBenchmark bench =
                new StaticBenchmark(data, new float[0][], K, truth::recall, Duration.ZERO, new PrintWriter(progress, true));
        try (BenchSystem exact = new ExactSystem()) {
            List<SystemResult> results = bench.run(exact, tmp);
            assertEquals(1, results.size());
            SystemResult r = results.getFirst();
            assertEquals("exact", r.system());
            assertEquals(1.0, r.recall());
            assertEquals(500L * DIM * Float.BYTES, r.diskBytes());
            assertTrue(r.qps() > 0);
        }
        assertTrue(progress.toString().contains("building exact..."), progress.toString());
        assertTrue(progress.toString().contains("recall 1.0000"), progress.toString());
    }

    @Test
    void runsDriftEndToEndAndReportsWhatItScanned() throws IOException {
        Dataset data = randomDataset(2000, 30);
        Neighbors truth = GroundTruth.compute(data.base(), data.queries(), K, data.metric());
        StaticBenchmark bench = new StaticBenchmark(data, new float[0][], K, truth::recall, Duration.ZERO, new PrintWriter(new StringWriter(), true));
        try (BenchSystem drift = new DriftSystem(Map.of("target_bucket_size", "50", "confidences", "0.3,1.0",
                "recall_targets", "0.9"))) {
            List<SystemResult> results = bench.run(drift, tmp);
            assertEquals(List.of("conf=0.3", "conf=1.0", "recall=0.9"), results.stream().map(SystemResult::setting).toList());
            SystemResult partial = results.get(0);
            SystemResult exhaustive = results.get(1);
            assertEquals(40, exhaustive.params().get("buckets"));
            assertEquals(2000.0, exhaustive.stats().get("rows_scanned"));
            assertTrue(exhaustive.recall() >= 0.99, "exhaustive recall " + exhaustive.recall());
            assertTrue((double) partial.stats().get("rows_scanned") < 2000.0, partial.stats().toString());
            assertTrue((double) results.get(2).stats().get("estimated_recall") >= 0.9, results.get(2).stats().toString());
            assertTrue(exhaustive.diskBytes() > 2000L * DIM, "codes alone are n·d bytes");
        }
    }

    @Test
    void rejectsUnknownDriftParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DriftSystem(Map.of("lamda", "3")));
        assertTrue(e.getMessage().contains("lamda"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DriftSystem(Map.of("target_bucket_size", "many")));
    }

    @Test
    void rejectsBadArguments() {
        Dataset data = randomDataset(10, 2);
        PrintWriter out = new PrintWriter(new StringWriter());
        assertThrows(IllegalArgumentException.class,
                () -> new StaticBenchmark(data, new float[0][], 0, (q, ids, c) -> 1, Duration.ZERO, out));
        assertThrows(IllegalArgumentException.class,
                () -> new StaticBenchmark(data, new float[0][], K, (q, ids, c) -> 1, Duration.ofSeconds(-1), out));
        Dataset noQueries = new Dataset("empty", Metric.L2, data.base(), new Vectors(DIM, new float[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new StaticBenchmark(noQueries, new float[0][], K, (q, ids, c) -> 1, Duration.ZERO, out));
    }

    @Test
    void formatsBytes() {
        assertEquals("512 B", StaticBenchmark.formatBytes(512));
        assertEquals("1.5 KiB", StaticBenchmark.formatBytes(1536));
        assertEquals("187.5 MiB", StaticBenchmark.formatBytes(196_608_000));
    }

    private static int queryIndex(Dataset data, float[] query) {
        for (int q = 0; q < data.queries().size(); q++) {
            if (Arrays.equals(data.queries().row(q), query)) {
                return q;
            }
        }
        throw new AssertionError("not a query of the dataset");
    }
}
