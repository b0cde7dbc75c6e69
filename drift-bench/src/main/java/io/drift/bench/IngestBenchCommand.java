package io.drift.bench;

import io.drift.CollectionConfig;
import io.drift.CollectionStats;
import io.drift.DriftEngine;
import io.drift.JanitorConfig;
import io.drift.Point;
import io.drift.SearchOptions;
import io.drift.SearchResult;
import io.drift.VectorCollection;
import io.drift.bench.lucene.LuceneIngest;
import io.drift.dataset.Dataset;
import io.drift.dataset.Neighbors;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drift bench ingest}: the engine under writes (issue: engine). Three measurements, in one
 * run so they can be compared as ratios:
 *
 * <ol>
 *   <li><b>Ingest</b>: the dataset written in batches with {@code SYNC} durability (every batch
 *       fsynced before the next), flushes included, then a final {@code flush()}; the same
 *       batches through Lucene's {@code addDocument} with a {@code commit()} per batch. Each
 *       system first ingests {@code --warmup} vectors into a throwaway index; Drift then searches
 *       that index for {@code --warmup-churn-seconds} while its rows are re-written, so that the
 *       JIT has compiled the write-only paths before anything is timed.
 *   <li><b>Search latency</b>, single thread, default options, the queries repeated: over the idle
 *       index (once background maintenance is done) for {@code --idle-seconds}, then for
 *       {@code --load-seconds} while a writer thread re-writes the dataset (same ids and vectors,
 *       so the ground truth holds) with its freezes, flushes and tombstones.
 *   <li><b>Recovery</b>: a child JVM fills a memtable to just short of full and is killed with
 *       SIGKILL after its last acknowledged batch; the time to open the collection again (log
 *       replay) is measured.
 * </ol>
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Ingest rate (Drift vs Lucene), search latency idle vs under writes, recovery time.")
public final class IngestBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
            description = "Vectors per write batch (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "10000",
            description = "Vectors each system ingests into a throwaway index before its timed run, so neither is"
                    + " timed while the JIT compiles (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--warmup-churn-seconds", paramLabel = "S", defaultValue = "15",
            description = "After the warm-up ingest, Drift searches its throwaway index this long while its rows"
                    + " are re-written at --load-rate, untimed (default: ${DEFAULT-VALUE}).")
    private double warmupChurnSeconds;

    @Option(names = "--idle-seconds", paramLabel = "S", defaultValue = "10",
            description = "How long searches run over the idle index, repeating the queries (default:"
                    + " ${DEFAULT-VALUE}): a p99 over one pass of 1,000 queries is their 10th slowest, which swung"
                    + " by 2x between runs.")
    private double idleSeconds;

    @Option(names = "--load-seconds", paramLabel = "S", defaultValue = "20",
            description = "How long searches run under writes (default: ${DEFAULT-VALUE}).")
    private double loadSeconds;

    @Option(names = "--load-rate", paramLabel = "V", defaultValue = "5000",
            description = "Vectors per second the writer aims for while searches are timed; 0 writes as fast as"
                    + " it can (default: ${DEFAULT-VALUE}).")
    private double loadRate;

    @Option(names = "--memtable-mib", paramLabel = "MIB",
            description = "Drift's memtableBytes in MiB (default: the collection default).")
    private Long memtableMib;

    @Option(names = "--max-unlinked-mib", paramLabel = "MIB",
            description = "Drift's maxUnlinkedBytes in MiB (default: the collection default).")
    private Long maxUnlinkedMib;

    @Option(names = "--ef-construction", paramLabel = "N",
            description = "Drift's memtable graph beam while linking, hnswEfConstruction (default: the collection"
                    + " default).")
    private Integer efConstruction;

    @Option(names = "--ef-search", paramLabel = "N",
            description = "Drift's memtable graph beam, hnswEfSearch (default: the collection default).")
    private Integer efSearch;

    @Option(names = "--partition-fanout", paramLabel = "N",
            description = "Drift's janitor partitionFanout: partitions of one size tier merged once this many exist"
                    + " (default: the collection default).")
    private Integer partitionFanout;

    @Option(names = "--skip-lucene", description = "Measure Drift only.")
    private boolean skipLucene;

    @Option(names = "--out", paramLabel = "FILE.json",
            description = "Where to write the JSON report (default: bench-out/ingest-<dataset>.json).")
    private Path out;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where indexes are built; a fresh subdirectory is made and deleted afterwards.")
    private Path workDir;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        PrintWriter log = spec.commandLine().getOut();
        Dataset dataset = data.load();
        Neighbors truth = data.groundTruth(dataset);
        Vectors base = dataset.base();
        log.printf(Locale.ROOT, "dataset %s: %,d x %d, %s, batches of %d%n", dataset.name(), base.size(),
                dataset.dim(), dataset.metric(), batch);
        log.flush();

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("workload", "ingest");
        report.put("dataset", Map.of("name", dataset.name(), "n", base.size(), "dim", dataset.dim(),
                "metric", dataset.metric().name(), "queries", dataset.queries().size(), "k", data.k()));
        report.put("batch", batch);
        report.put("durability", "SYNC");
        Vectors warm = base.slice(0, Math.min(warmup, base.size()));
        report.put("warmup_vectors", warm.size());
        report.put("warmup_churn_seconds", warmupChurnSeconds);
        report.put("idle_seconds", idleSeconds);
        report.put("load_seconds", loadSeconds);
        List<Map<String, Object>> systems = new ArrayList<>();
        try (ScratchDirectory scratch = ScratchDirectory.create(workDir)) {
            Map<String, Object> drift = drift(scratch, dataset, truth, warm, log);
            systems.add(drift);
            if (!skipLucene) {
                Map<String, Object> lucene = lucene(scratch, dataset, warm, log);
                systems.add(lucene);
                report.put("ingest_ratio", (double) drift.get("ingest_vectors_per_second")
                        / (double) lucene.get("ingest_vectors_per_second"));
            }
        }
        report.put("systems", systems);
        Path file = out != null ? out : Path.of("bench-out", "ingest-" + data.dataset() + ".json");
        ReportWriter.write(report, file);
        log.printf("wrote %s%n", file);
        log.flush();
        return 0;
    }

    private void checkOptions() {
        data.validate();
        if (batch < 1) {
            throw data.usage("--batch must be positive, got " + batch);
        }
        if (!(warmupChurnSeconds >= 0)) {
            throw data.usage("--warmup-churn-seconds must not be negative, got " + warmupChurnSeconds);
        }
        if (!(idleSeconds >= 0)) {
            throw data.usage("--idle-seconds must not be negative, got " + idleSeconds);
        }
        if (warmup < 0) {
            throw data.usage("--warmup must not be negative, got " + warmup);
        }
    }

    /** The collection's settings: the defaults with what the options change. */
    private CollectionConfig config() {
        CollectionConfig.Builder settings = CollectionConfig.builder();
        if (memtableMib != null) {
            settings.memtableBytes(memtableMib << 20);
        }
        if (partitionFanout != null) {
            settings.janitor(JanitorConfig.builder().partitionFanout(partitionFanout).build());
        }
        if (maxUnlinkedMib != null) {
            settings.maxUnlinkedBytes(maxUnlinkedMib << 20);
        }
        if (efSearch != null) {
            settings.hnswEfSearch(efSearch);
        }
        if (efConstruction != null) {
            settings.hnswEfConstruction(efConstruction);
        }
        return settings.build();
    }

    /** Drift: warm-up, timed ingest, searches idle and under writes, recovery. */
    private Map<String, Object> drift(ScratchDirectory scratch, Dataset dataset, Neighbors truth, Vectors warm,
                                      PrintWriter log) throws Exception {
        Vectors base = dataset.base();
        Map<String, Object> drift = new LinkedHashMap<>();
        drift.put("system", "drift");
        try (DriftEngine engine = DriftEngine.open(scratch.newDirectory("drift"))) {
            CollectionConfig config = config();
            if (warm.size() > 0) {
                warmUp(engine, config, dataset, truth, warm);
            }
            drift.put("max_unlinked_bytes", config.maxUnlinkedBytes());
            drift.put("memtable_bytes", config.memtableBytes());
            drift.put("partition_fanout", config.janitor().partitionFanout());
            drift.put("hnsw_ef_search", config.hnswEfSearch());
            drift.put("hnsw_ef_construction", config.hnswEfConstruction());
            VectorCollection c = engine.createCollection("bench", dataset.dim(), dataset.metric(), config);
            long start = System.nanoTime();
            writeAll(c, base, () -> false, new AtomicLong());
            double ingest = seconds(start);
            start = System.nanoTime();
            c.flush();
            double finalFlush = seconds(start);
            CollectionStats s = c.stats();
            drift.put("ingest_seconds", ingest);
            drift.put("ingest_vectors_per_second", base.size() / ingest);
            drift.put("final_flush_seconds", finalFlush);
            drift.put("vectors_per_second_with_final_flush", base.size() / (ingest + finalFlush));
            drift.put("segments", s.segments());
            drift.put("buckets", s.buckets());
            drift.put("disk_bytes", s.diskBytes());
            log.printf(Locale.ROOT, "drift: %,.0f vectors/s acknowledged (%.2f s), final flush %.2f s, %d segments%n",
                    base.size() / ingest, ingest, finalFlush, s.segments());
            log.flush();
            drift.put("search_latency", searchesIdleAndUnderWrites(c, dataset, truth, log));
        }
        drift.put("recovery", recovery(scratch.newDirectory("recovery"), dataset, log));
        return drift;
    }

    /**
     * Ingests {@code warm} into a throwaway collection and searches it while its rows are
     * re-written: the JIT compiles what only writes exercise (a non-empty memtable's search,
     * tombstones, bucket maintenance) before anything is timed, the idle searches included.
     */
    private void warmUp(DriftEngine engine, CollectionConfig config, Dataset dataset, Neighbors truth, Vectors warm)
            throws Exception {
        VectorCollection w = engine.createCollection("warmup", dataset.dim(), dataset.metric(), config);
        writeAll(w, warm, () -> false, new AtomicLong());
        w.flush();
        if (warmupChurnSeconds > 0) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = rewriter(w, warm, stop, new AtomicLong());
            try {
                searchLatency(w, dataset, truth, warmupChurnSeconds, writer);
            } finally {
                stop.set(true);
                writer.join();
            }
        }
        engine.dropCollection("warmup");
    }

    /** Search latency over the settled index, then while its rows are re-written at --load-rate. */
    private Map<String, Object> searchesIdleAndUnderWrites(VectorCollection c, Dataset dataset, Neighbors truth,
                                                           PrintWriter log) throws Exception {
        Settle.untilQuiet(c);
        Map<String, Object> idle = searchLatency(c, dataset, truth, idleSeconds, null);
        log.printf(Locale.ROOT, "drift idle: %s%n", idle);
        log.flush();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong rewritten = new AtomicLong();
        Thread writer = rewriter(c, dataset.base(), stop, rewritten);
        long flushesBefore = c.stats().flushes();
        long start = System.nanoTime();
        Map<String, Object> load = searchLatency(c, dataset, truth, loadSeconds, writer);
        double loadTime = seconds(start);
        stop.set(true);
        writer.join();
        load.put("target_writes_per_second", loadRate);
        load.put("writes_per_second", rewritten.get() / loadTime);
        load.put("flushes", c.stats().flushes() - flushesBefore);
        log.printf(Locale.ROOT, "drift under writes: %s%n", load);
        log.flush();
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("idle", idle);
        latency.put("load", load);
        latency.put("p50_ratio", (double) load.get("p50_ms") / (double) idle.get("p50_ms"));
        latency.put("p99_ratio", (double) load.get("p99_ms") / (double) idle.get("p99_ms"));
        return latency;
    }

    /** Lucene's HNSW: the same rows added in the same batches, committed. */
    private Map<String, Object> lucene(ScratchDirectory scratch, Dataset dataset, Vectors warm, PrintWriter log)
            throws Exception {
        Vectors base = dataset.base();
        Map<String, Object> lucene = new LinkedHashMap<>();
        lucene.put("system", "lucene-hnsw");
        if (warm.size() > 0) {
            LuceneIngest.addAndCommit(warm, dataset.metric(), batch, scratch.newDirectory("lucene-warmup"));
        }
        LuceneIngest.Result r = LuceneIngest.addAndCommit(base, dataset.metric(), batch, scratch.newDirectory("lucene"));
        double seconds = r.commitSeconds();
        lucene.put("ingest_seconds", seconds);
        lucene.put("ingest_vectors_per_second", base.size() / seconds);
        lucene.put("close_seconds", r.closeSeconds());
        lucene.put("vectors_per_second_with_close", base.size() / (seconds + r.closeSeconds()));
        log.printf(Locale.ROOT, "lucene-hnsw: %,.0f vectors/s (%.2f s)%n", base.size() / seconds, seconds);
        return lucene;
    }

    /**
     * A thread that re-writes every row of {@code rows} (id = row), over and over at
     * {@code --load-rate}, counting them in {@code written}, until {@code stop} is set.
     */
    private Thread rewriter(VectorCollection c, Vectors rows, AtomicBoolean stop, AtomicLong written) {
        return Thread.ofPlatform().name("bench-writer").start(() -> {
            try {
                long begun = System.nanoTime();
                while (!stop.get()) {
                    writeAll(c, rows, () -> {
                        pace(begun, written.get());
                        return stop.get();
                    }, written);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Sleeps until {@code written} vectors are due at {@code --load-rate} since {@code begun}. */
    private void pace(long begun, long written) {
        if (loadRate > 0) {
            long due = begun + (long) (written / loadRate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    /** Upserts every row of {@code base} (id = row) in batches, counting them in {@code written}. */
    private void writeAll(VectorCollection c, Vectors base, java.util.function.BooleanSupplier stop, AtomicLong written)
            throws IOException {
        for (int from = 0; from < base.size() && !stop.getAsBoolean(); from += batch) {
            int to = Math.min(base.size(), from + batch);
            List<Point> points = new ArrayList<>(to - from);
            for (int row = from; row < to; row++) {
                points.add(new Point(row, base.row(row)));
            }
            c.upsert(points);
            written.addAndGet(points.size());
        }
    }

    /**
     * Runs the queries one at a time (repeating them for {@code minSeconds}, at least once) and
     * reports latency percentiles and recall of the first pass.
     */
    private Map<String, Object> searchLatency(VectorCollection c, Dataset dataset, Neighbors truth, double minSeconds,
                                              Thread writer) {
        Vectors queries = dataset.queries();
        int k = data.k();
        // warm-up pass
        for (int q = 0; q < queries.size(); q++) {
            c.search(queries.row(q), k, SearchOptions.defaults());
        }
        List<Long> latencies = new ArrayList<>();
        double recallSum = 0;
        int recallCount = 0;
        long buckets = 0;
        long rows = 0;
        long reranked = 0;
        long start = System.nanoTime();
        do {
            for (int q = 0; q < queries.size(); q++) {
                float[] query = queries.row(q);
                long t0 = System.nanoTime();
                SearchResult r = c.search(query, k, SearchOptions.defaults());
                latencies.add(System.nanoTime() - t0);
                long[] found = r.ids();
                recallSum += truth.recall(q, found, found.length);
                recallCount++;
                buckets += r.bucketsScanned();
                rows += r.rowsScanned();
                reranked += r.rowsReranked();
            }
        } while (seconds(start) < minSeconds && (writer == null || writer.isAlive()));
        long[] ns = latencies.stream().mapToLong(Long::longValue).toArray();
        LatencyStats stats = LatencyStats.of(ns);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("searches", stats.count());
        m.put("qps", stats.qps());
        m.put("p50_ms", stats.p50Millis());
        m.put("p99_ms", stats.p99Millis());
        m.put("recall", recallSum / recallCount);
        // what the segments' half of a search did, on average: under writes it also meets the
        // flushes' partitions and the janitor's intermediate merges
        m.put("buckets_scanned", (double) buckets / recallCount);
        m.put("rows_scanned", (double) rows / recallCount);
        m.put("rows_reranked", (double) reranked / recallCount);
        return m;
    }

    /**
     * Fills a memtable to just under its limit in a child JVM, kills it with SIGKILL once every
     * batch is acknowledged, and times opening the collection again (log replay).
     */
    private Map<String, Object> recovery(Path dir, Dataset dataset, PrintWriter log) throws IOException,
            InterruptedException {
        Vectors base = dataset.base();
        CollectionConfig config = RecoveryChild.config();
        int rows = (int) Math.min(base.size(), config.memtableBytes() / (4L * dataset.dim()) - 1);
        Path raw = dir.resolve("rows.f32");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(raw,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * rows * dataset.dim())
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(base.data(), 0, rows * dataset.dim());
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        Path dataDir = dir.resolve("data");
        String javaBinary = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(javaBinary, "-Xmx4g"));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-modules") || a.startsWith("--enable-native-access")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RecoveryChild.class.getName(),
                dataDir.toString(), raw.toString(), Integer.toString(rows), Integer.toString(dataset.dim()),
                dataset.metric().name(), Integer.toString(batch)));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals(RecoveryChild.FILLED)) {
                // the child's own output
            }
            if (line == null) {
                throw new IllegalStateException("the recovery child exited with " + child.waitFor() + " before filling");
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor();
        }
        java.nio.file.Files.delete(raw);
        long logBytes;
        try (var files = java.nio.file.Files.walk(dataDir.resolve("bench").resolve("wal"))) {
            logBytes = files.filter(java.nio.file.Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        long start = System.nanoTime();
        double open;
        double firstSearch;
        try (DriftEngine engine = DriftEngine.open(dataDir)) {
            open = seconds(start);
            VectorCollection c = engine.collection("bench");
            long t = System.nanoTime();
            c.search(dataset.queries().row(0), data.k());
            firstSearch = seconds(t);
            if (c.stats().liveRows() != rows) {
                throw new IllegalStateException("recovered " + c.stats().liveRows() + " of " + rows + " rows");
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "SIGKILL of a child JVM after its last acknowledged batch");
        m.put("rows", rows);
        m.put("log_bytes", logBytes);
        m.put("open_seconds", open);
        m.put("first_search_seconds", firstSearch);
        log.printf(Locale.ROOT, "recovery after SIGKILL: %,d rows, %,d log bytes replayed in %.2f s%n", rows, logBytes,
                open);
        log.flush();
        return m;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
