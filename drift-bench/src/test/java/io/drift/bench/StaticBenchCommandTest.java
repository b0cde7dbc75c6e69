package io.drift.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code drift bench static} in-process, through the command line and its extension SPI. */
class StaticBenchCommandTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir
    static Path tmp;

    private static BenchRun run;
    private static JsonNode report;

    @BeforeAll
    static void runBenchmark() throws IOException {
        run = BenchRun.of("bench", "static",
                "--dataset", "synthetic", "--n", "3000", "--dim", "16", "--queries", "50", "--k", "10",
                "--systems", "exact,lucene-hnsw,lucene-hnsw-int8", "--min-warmup-seconds", "0",
                "--work-dir", tmp.resolve("work").toString(),
                "--cache-dir", tmp.resolve("cache").toString(),
                "--out", tmp.resolve("out/static.json").toString(),
                "--plot", tmp.resolve("out/static.png").toString());
        assertEquals(0, run.exitCode(), () -> "stdout:\n" + run.out() + "\nstderr:\n" + run.err());
        report = new ObjectMapper().readTree(tmp.resolve("out/static.json").toFile());
    }

    @Test
    void reportDescribesWorkloadDatasetAndMachine() {
        assertEquals("static", report.get("workload").asText());
        JsonNode dataset = report.get("dataset");
        assertTrue(dataset.get("name").asText().startsWith("synthetic-n3000-d16"), dataset.toString());
        assertEquals(3000, dataset.get("n").asInt());
        assertEquals(16, dataset.get("dim").asInt());
        assertEquals("L2", dataset.get("metric").asText());
        assertEquals(50, dataset.get("queries").asInt());
        assertEquals(10, dataset.get("k").asInt());
        JsonNode machine = report.get("machine");
        assertEquals(Runtime.getRuntime().availableProcessors(), machine.get("cores").asInt());
        assertEquals(Runtime.version().toString(), machine.get("java").asText());
        assertTrue(machine.get("simd").isTextual() && !machine.get("simd").asText().isEmpty(), machine.toString());
        assertEquals(List.of("workload", "dataset", "machine", "systems"), fieldNames(report));
    }

    @Test
    void everyEntryHasEveryFieldWithSaneValues() {
        JsonNode systems = report.get("systems");
        assertTrue(systems.isArray() && !systems.isEmpty());
        for (JsonNode entry : systems) {
            assertEquals(
                    List.of("system", "params", "build_seconds", "recall", "qps", "p50_ms", "p99_ms", "disk_bytes"),
                    fieldNames(entry));
            assertTrue(entry.get("params").isObject(), entry.toString());
            assertTrue(entry.get("build_seconds").asDouble() >= 0, entry.toString());
            double recall = entry.get("recall").asDouble();
            assertTrue(recall >= 0 && recall <= 1, entry.toString());
            assertTrue(entry.get("qps").asDouble() > 0, entry.toString());
            assertTrue(entry.get("p50_ms").asDouble() > 0, entry.toString());
            assertTrue(entry.get("p99_ms").asDouble() >= entry.get("p50_ms").asDouble(), entry.toString());
            assertTrue(entry.get("disk_bytes").asLong() > 0, entry.toString());
        }
    }

    @Test
    void exactIsOneEntryWithPerfectRecall() {
        List<JsonNode> exact = entries("exact");
        assertEquals(1, exact.size());
        assertEquals(1.0, exact.getFirst().get("recall").asDouble());
        assertEquals(0.0, exact.getFirst().get("build_seconds").asDouble(), 0.01);
        assertEquals(3000L * 16 * Float.BYTES, exact.getFirst().get("disk_bytes").asLong());
    }

    @Test
    void luceneSweepsEfSearchAndReachesHighRecall() {
        for (String system : List.of("lucene-hnsw", "lucene-hnsw-int8")) {
            List<JsonNode> entries = entries(system);
            List<Integer> efs = entries.stream().map(e -> e.get("params").get("ef_search").asInt()).toList();
            assertEquals(List.of(10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512), efs, system);
            double best = entries.stream().mapToDouble(e -> e.get("recall").asDouble()).max().orElseThrow();
            assertTrue(best >= 0.9, system + " best recall " + best);
            JsonNode params = entries.getFirst().get("params");
            assertEquals(16, params.get("m").asInt());
            assertEquals(100, params.get("beam_width").asInt());
            assertTrue(params.get("format").asText().startsWith("Lucene"), params.toString());
            // One build per system: every setting reports the same build.
            assertEquals(1, entries.stream().map(e -> e.get("build_seconds").asDouble()).distinct().count());
            assertTrue(entries.getFirst().get("build_seconds").asDouble() > 0);
        }
        assertEquals(32, entries("lucene-hnsw").getFirst().get("params").get("bits").asInt());
        assertEquals(8, entries("lucene-hnsw-int8").getFirst().get("params").get("bits").asInt());
    }

    @Test
    void progressHasOneSummaryLinePerSetting() {
        long summaries = run.out().lines().filter(l -> l.contains("recall ") && l.contains("qps ")).count();
        assertEquals(report.get("systems").size(), summaries, run.out());
        assertTrue(run.out().contains("building lucene-hnsw..."), run.out());
    }

    @Test
    void plotIsAPng() throws IOException {
        Path png = tmp.resolve("out/static.png");
        assertTrue(Files.size(png) > 10_000, "suspiciously small chart");
        try (InputStream in = Files.newInputStream(png)) {
            assertArrayEquals(PNG_SIGNATURE, in.readNBytes(PNG_SIGNATURE.length));
        }
    }

    @Test
    void workDirectoryIsCleanedUp() throws IOException {
        try (Stream<Path> left = Files.list(tmp.resolve("work"))) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void groundTruthIsCached() throws IOException {
        try (Stream<Path> cached = Files.list(tmp.resolve("cache"))) {
            assertEquals(1, cached.count());
        }
    }

    @Test
    void unknownSystemIsUsageError() {
        BenchRun bad = BenchRun.of("bench", "static", "--systems", "exact,faiss");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("unknown system 'faiss'"), bad.err());
        assertTrue(bad.err().contains("lucene-hnsw-int8"), bad.err());
    }

    @Test
    void nonPositiveKIsUsageError() {
        BenchRun bad = BenchRun.of("bench", "static", "--k", "0");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--k must be positive"), bad.err());
    }

    @Test
    void dimWithFashionMnistIsUsageError() {
        BenchRun bad = BenchRun.of("bench", "static", "--dataset", "fashion-mnist", "--dim", "8");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--dim"), bad.err());
    }

    @Test
    void missingFashionMnistIsAOneLineError() {
        BenchRun bad = BenchRun.of("bench", "static", "--dataset", "fashion-mnist",
                "--data-dir", tmp.resolve("no-such-dir").toString(), "--out", tmp.resolve("x.json").toString());
        assertEquals(1, bad.exitCode(), bad.err());
        assertTrue(bad.err().startsWith("drift: "), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }

    @Test
    void helpListsBenchAndStatic() {
        BenchRun top = BenchRun.of("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("bench"), top.out());
        BenchRun bench = BenchRun.of("bench", "--help");
        assertEquals(0, bench.exitCode());
        assertTrue(bench.out().contains("static"), bench.out());
        BenchRun stat = BenchRun.of("bench", "static", "--help");
        assertEquals(0, stat.exitCode());
        for (String option : List.of("--dataset", "--n", "--dim", "--data-dir", "--queries", "--k", "--systems",
                "--out", "--plot", "--seed", "--min-warmup-seconds", "--work-dir", "--cache-dir")) {
            assertTrue(stat.out().contains(option), option + " missing from\n" + stat.out());
        }
    }

    @Test
    void benchWithoutBenchmarkIsUsageError() {
        BenchRun bad = BenchRun.of("bench");
        assertEquals(2, bad.exitCode());
    }

    private static List<JsonNode> entries(String system) {
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : report.get("systems")) {
            if (entry.get("system").asText().equals(system)) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
