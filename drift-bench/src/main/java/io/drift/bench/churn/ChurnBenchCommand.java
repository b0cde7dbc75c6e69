package io.drift.bench.churn;

import io.drift.CollectionConfig;
import io.drift.bench.BenchDatasets;
import io.drift.bench.BenchSearcher;
import io.drift.bench.ChurnChart;
import io.drift.bench.DatasetOptions;
import io.drift.bench.ReportWriter;
import io.drift.bench.ScratchDirectory;
import io.drift.bench.lucene.LuceneChurnSystem;
import io.drift.dataset.Dataset;
import io.drift.dataset.FashionMnist;
import io.drift.dataset.Neighbors;
import io.drift.dataset.Vectors;
import io.drift.vector.VectorKernels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drift bench churn}: recall, latency and size of each system while the data churns
 * (DESIGN §10). Every system replays the same {@link ChurnSchedule} in the same JVM, one after
 * another.
 *
 * <p><b>Schedule</b> (defaults): the stream order is Fashion-MNIST grouped by class (classes 0..9,
 * rows ascending within a class) or the synthetic set in generation order (phase by phase). The
 * first half ({@code --fill 0.5}) is inserted in batches of {@code --batch 1000}: checkpoint
 * {@code fill}. The other half streams in batches of 1,000; each batch inserts its rows and
 * deletes the 1,000 oldest live rows, so the live count stays at the fill size; checkpoints after
 * each tenth of the stream ({@code --checkpoints 12} = fill + 10 + delete). Then half of the live
 * rows ({@code --delete-fraction 0.5}), chosen at random ({@code --delete-seed}), are deleted in
 * batches: checkpoint {@code delete}.
 *
 * <p><b>At each checkpoint</b>, per system: {@link ChurnSystem#prepareCheckpoint()} (for Drift:
 * {@code flush()}, then a fixed sleep of {@code --settle-seconds}, then a wait while a
 * recalibration or janitor pass runs; for Lucene the same sleep, then a near-real-time reopen; nothing for exact),
 * {@code System.gc()} and the heap used above what it was before the system was created
 * (approximate), the system's own counters, then for each search setting one untimed pass over
 * the queries and one timed pass (each query timed alone with {@code System.nanoTime} on this
 * thread): recall@k against the exact top-k over the live rows of that checkpoint (computed once
 * for every system, with the SIMD kernels on all cores), QPS, p50 and p99.
 *
 * <p><b>Ingest rate</b>: inserted rows of fill and stream over the time spent in the write calls
 * (each stream batch's deletes included), checkpoints excluded. Each system first writes
 * {@code --warmup} rows into a throwaway index and searches it once, so the JIT has compiled its
 * paths before anything is timed.
 *
 * <p>Search settings: Drift's headline figures are {@code SearchOptions.defaults()}; the
 * {@code --drift-settings} (target confidences, recall targets) are measured after it. Lucene's
 * headline is the first {@code --lucene-ef}, the rest a ladder for comparisons at equal recall.
 * {@code --final-settle-seconds S} measures every system but exact once more S seconds after the
 * last checkpoint (reported apart from the goals, see {@link ChurnGoals}).
 *
 * <p>After the run, the final live rows are bulk-built into a fresh Drift index ({@link
 * io.drift.maintain.BulkBuilder}, the collection defaults' bucket size and confidence) for the
 * size and quality a rebuild from scratch would give.
 */
@Command(
        name = "churn",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Recall, latency and size while the data churns: fill, stream in drift order while deleting the"
                    + " oldest, then delete a share of the live rows at random.",
        })
public final class ChurnBenchCommand implements Callable<Integer> {

    /** The systems this benchmark knows, in the default order. */
    public static final List<String> SYSTEMS = List.of(
            DriftChurnSystem.DRIFT, DriftChurnSystem.DRIFT_STATIC, LuceneChurnSystem.NAME, ExactChurnSystem.NAME);

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Option(names = "--systems", paramLabel = "LIST", defaultValue = "drift,drift-static,lucene-hnsw,exact",
            description = "Comma-separated systems to run, in order (default: ${DEFAULT-VALUE}).")
    private String systems;

    @Option(names = "--out", paramLabel = "FILE.json",
            description = "Where to write the JSON report (default: bench-out/churn-<dataset>.json).")
    private Path out;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also draw recall and p50 latency over the checkpoints to this PNG file.")
    private Path plot;

    @Option(names = "--fill", paramLabel = "F", defaultValue = "0.5",
            description = "Share of the rows inserted before the stream (default: ${DEFAULT-VALUE}).")
    private double fill;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
            description = "Rows per write batch (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--checkpoints", paramLabel = "C", defaultValue = "12",
            description = "Checkpoints in all: after the fill, C-2 through the stream, after the delete"
                    + " (default: ${DEFAULT-VALUE}).")
    private int checkpoints;

    @Option(names = "--delete-fraction", paramLabel = "F", defaultValue = "0.5",
            description = "Share of the live rows deleted at random at the end (default: ${DEFAULT-VALUE}).")
    private double deleteFraction;

    @Option(names = "--delete-seed", paramLabel = "S", defaultValue = "7",
            description = "Chooses the rows of the final delete (default: ${DEFAULT-VALUE}).")
    private long deleteSeed;

    @Option(names = "--settle-seconds", paramLabel = "S", defaultValue = "2",
            description = "Sleep before each checkpoint's measurement, after Drift's flush and before Lucene's"
                    + " reopen (default: ${DEFAULT-VALUE}).")
    private double settleSeconds;

    @Option(names = "--final-settle-seconds", paramLabel = "S", defaultValue = "0",
            description = "After the last checkpoint, wait this long more and measure every system but exact"
                    + " once again (reported as after_final_settle, outside the goals; default: ${DEFAULT-VALUE},"
                    + " none).")
    private double finalSettleSeconds;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "10000",
            description = "Rows each system writes into a throwaway index before its run (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--drift-settings", paramLabel = "LIST", defaultValue = "conf=0.95,conf=0.98,recall=0.95",
            description = "Drift settings measured after the default one at each checkpoint: conf=C (target"
                    + " confidence) or recall=R (recall target); empty for none (default: ${DEFAULT-VALUE}).")
    private String driftSettings;

    @Option(names = "--lucene-ef", paramLabel = "LIST", defaultValue = "16,10,24,32,48,64,96",
            description = "ef values Lucene is measured at, the first the headline (default: ${DEFAULT-VALUE}).")
    private String luceneEf;

    @Option(names = "--fresh-build", negatable = true, defaultValue = "true",
            description = "Bulk-build the final live rows into a fresh Drift index to compare bytes and search"
                    + " (default: on; --no-fresh-build skips it).")
    private boolean freshBuild;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where indexes are built; a fresh subdirectory is made and deleted afterwards.")
    private Path workDir;

    private PrintWriter log;
    private List<String> driftExtra = List.of();

    @Override
    public Integer call() throws Exception {
        data.validate();
        List<String> names = parseSystems();
        List<Integer> efs = parseEfs();
        checkOptions();
        log = spec.commandLine().getOut();
        long start = System.nanoTime();
        Dataset dataset = data.load();
        Vectors base = dataset.base();
        int k = data.k();
        int[] order = streamOrder(dataset);
        ChurnSchedule schedule;
        try {
            schedule = ChurnSchedule.build(order, fill, batch, checkpoints, deleteFraction, deleteSeed);
        } catch (IllegalArgumentException e) {
            throw data.usage(e.getMessage());
        }
        log.printf(Locale.ROOT, "dataset %s: %,d x %d, %s, %,d queries, k=%d (%.1f s); fill %,d, %d checkpoints%n",
                dataset.name(), base.size(), dataset.dim(), dataset.metric(), dataset.queries().size(), k,
                seconds(start), schedule.fill(), schedule.checkpoints().size());
        log.flush();

        List<Neighbors> truths = groundTruths(dataset, schedule, k);

        float[][] queries = new float[dataset.queries().size()][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = dataset.queries().row(q);
        }

        Map<String, Object> report = describe(dataset, schedule, queries.length, k);
        long settleMillis = Math.round(settleSeconds * 1000);
        List<Map<String, Object>> results = new ArrayList<>();
        Map<String, Object> fresh = null;
        try (ScratchDirectory scratch = ScratchDirectory.create(workDir)) {
            for (String name : names) {
                results.add(warmUpAndRun(scratch, name, dataset, order, settleMillis, efs, schedule, truths, queries, k));
            }
            if (freshBuild) {
                Path dir = scratch.newDirectory("fresh-build");
                ChurnSchedule.Checkpoint last = schedule.checkpoints().getLast();
                fresh = ChurnMeasurements.freshBuild(dataset, last.live(), dir, queries, truths.getLast(), k, log);
            }
        }
        report.put("systems", results);
        if (fresh != null) {
            report.put("fresh_build", fresh);
        }
        Map<String, Object> goals = ChurnGoals.evaluate(results, fresh, CollectionConfig.defaults().targetBucketSize());
        report.put("goals", goals);

        Path file = out != null ? out : Path.of("bench-out", "churn-" + data.dataset() + ".json");
        ReportWriter.write(report, file);
        printGoals(goals);
        log.printf("wrote %s%n", file);
        if (plot != null) {
            writePlot(dataset, schedule, results, efs, queries.length, k);
        }
        log.flush();
        return 0;
    }

    /** Exact ground truth over the live rows of every checkpoint. */
    private List<Neighbors> groundTruths(Dataset dataset, ChurnSchedule schedule, int k) {
        long start = System.nanoTime();
        List<Neighbors> truths = new ArrayList<>();
        for (ChurnSchedule.Checkpoint cp : schedule.checkpoints()) {
            truths.add(ChurnMeasurements.groundTruth(dataset.base(), cp.live(), dataset.queries(), k, dataset.metric()));
        }
        log.printf(Locale.ROOT, "ground truth for %d checkpoints in %.1f s%n", truths.size(), seconds(start));
        log.flush();
        return truths;
    }

    /** One system: its warm-up in a throwaway index, then the schedule, each in a directory deleted afterwards. */
    private Map<String, Object> warmUpAndRun(ScratchDirectory scratch, String name, Dataset dataset, int[] order,
                                             long settleMillis, List<Integer> efs, ChurnSchedule schedule,
                                             List<Neighbors> truths, float[][] queries, int k) throws Exception {
        if (warmup > 0) {
            Path dir = scratch.newDirectory(name + "-warmup");
            try (ChurnSystem system = create(name, dataset, dir, 0, efs)) {
                warmUp(system, order, queries, k);
            } finally {
                ScratchDirectory.deleteTree(dir);
            }
        }
        Path dir = scratch.newDirectory(name);
        try {
            return run(name, dataset, dir, settleMillis, efs, schedule, truths, queries, k);
        } finally {
            ScratchDirectory.deleteTree(dir);
        }
    }

    /** Each goal on one line of the log (without its per-checkpoint detail). */
    private void printGoals(Map<String, Object> goals) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper compact = new com.fasterxml.jackson.databind.ObjectMapper();
        for (Map.Entry<String, Object> g : goals.entrySet()) {
            Map<String, Object> shown = new LinkedHashMap<>(castMap(g.getValue()));
            shown.remove("checkpoints");
            log.printf("goal %s: %s%n", g.getKey(), compact.writeValueAsString(shown));
        }
    }

    private void checkOptions() {
        List<String> driftExtra = new ArrayList<>();
        for (String setting : driftSettings.split(",")) {
            if (!setting.isBlank()) {
                try {
                    DriftChurnSystem.options(setting.strip());
                } catch (IllegalArgumentException e) {
                    throw data.usage("--drift-settings: " + e.getMessage());
                }
                driftExtra.add(setting.strip());
            }
        }
        this.driftExtra = List.copyOf(driftExtra);
        if (batch < 1 || batch > CollectionConfig.defaults().maxBatch()) {
            throw data.usage("--batch must be in [1, " + CollectionConfig.defaults().maxBatch() + "], got " + batch);
        }
        if (checkpoints < 3) {
            throw data.usage("--checkpoints must be at least 3, got " + checkpoints);
        }
        if (!(settleSeconds >= 0 && settleSeconds <= 600)) {
            throw data.usage("--settle-seconds must be in [0, 600], got " + settleSeconds);
        }
        if (!(finalSettleSeconds >= 0 && finalSettleSeconds <= 3600)) {
            throw data.usage("--final-settle-seconds must be in [0, 3600], got " + finalSettleSeconds);
        }
        if (warmup < 0) {
            throw data.usage("--warmup must not be negative, got " + warmup);
        }
    }

    /** What the report says of the run: the dataset, the schedule, the machine. */
    private Map<String, Object> describe(Dataset dataset, ChurnSchedule schedule, int queries, int k) {
        Vectors base = dataset.base();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("workload", "churn");
        Map<String, Object> ds = new LinkedHashMap<>();
        ds.put("name", dataset.name());
        ds.put("n", base.size());
        ds.put("dim", dataset.dim());
        ds.put("metric", dataset.metric().name());
        ds.put("queries", queries);
        ds.put("k", k);
        ds.put("order", data.dataset().equals(BenchDatasets.FASHION_MNIST) ? "grouped by class" : "as generated");
        report.put("dataset", ds);
        Map<String, Object> workload = new LinkedHashMap<>();
        workload.put("fill", schedule.fill());
        workload.put("stream", base.size() - schedule.fill());
        workload.put("batch", batch);
        workload.put("checkpoints", schedule.checkpoints().size());
        workload.put("delete_fraction", deleteFraction);
        workload.put("delete_seed", deleteSeed);
        workload.put("settle_seconds", settleSeconds);
        workload.put("final_settle_seconds", finalSettleSeconds);
        workload.put("warmup_rows", Math.min(warmup, schedule.fill()));
        report.put("schedule", workload);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", Runtime.version().toString());
        machine.put("simd", VectorKernels.get().name());
        machine.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        report.put("machine", machine);

        return report;
    }

    /** Recall and p50 over the checkpoints, one series per system, as a PNG at {@code --plot}. */
    private void writePlot(Dataset dataset, ChurnSchedule schedule, List<Map<String, Object>> results,
                           List<Integer> efs, int queries, int k) throws IOException {
        Vectors base = dataset.base();
        List<String> labels = schedule.checkpoints().stream().map(ChurnSchedule.Checkpoint::label).toList();
        List<ChurnChart.Series> series = new ArrayList<>();
        for (Map<String, Object> r : results) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> cps = (List<Map<String, Object>>) r.get("checkpoints");
            double[] recall = cps.stream().mapToDouble(c -> (double) c.get("recall")).toArray();
            double[] p50 = cps.stream().mapToDouble(c -> (double) c.get("p50_ms")).toArray();
            String label = r.get("system") + (LuceneChurnSystem.NAME.equals(r.get("system"))
                    ? " (ef=" + efs.getFirst() + ")" : "");
            series.add(new ChurnChart.Series(label, recall, p50));
        }
        String title = String.format(Locale.ROOT, "Churn: recall@%d and p50 latency, %s", k, dataset.name());
        String subtitle = String.format(Locale.ROOT,
                "fill %,d, stream %,d in drift order deleting the oldest, then delete %.0f%% at random;"
                        + " %,d queries, one thread, %d cores",
                schedule.fill(), base.size() - schedule.fill(), 100 * deleteFraction, queries,
                Runtime.getRuntime().availableProcessors());
        ChurnChart.write(plot, title, subtitle, k, labels, series);
        log.printf("wrote %s%n", plot);
    }

    private List<String> parseSystems() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String s : systems.split(",")) {
            String name = s.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!SYSTEMS.contains(name)) {
                throw data.usage("unknown system '" + name + "'; known systems: " + String.join(", ", SYSTEMS));
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw data.usage("--systems names no system");
        }
        return List.copyOf(names);
    }

    private List<Integer> parseEfs() {
        List<Integer> efs = new ArrayList<>();
        try {
            for (String s : luceneEf.split(",")) {
                if (!s.isBlank()) {
                    int ef = Integer.parseInt(s.strip());
                    if (ef < data.k()) {
                        throw data.usage("--lucene-ef values must be at least k = " + data.k() + ", got " + ef);
                    }
                    if (!efs.contains(ef)) {
                        efs.add(ef);
                    }
                }
            }
        } catch (NumberFormatException e) {
            throw data.usage("--lucene-ef must be a comma-separated list of integers, got '" + luceneEf + "'");
        }
        if (efs.isEmpty()) {
            throw data.usage("--lucene-ef names no value");
        }
        return efs;
    }

    /** Fashion-MNIST grouped by class; the synthetic set in its own (phase) order. */
    private int[] streamOrder(Dataset dataset) throws IOException {
        int n = dataset.base().size();
        if (data.dataset().equals(BenchDatasets.FASHION_MNIST)) {
            int[] labels = FashionMnist.trainLabels(data.fashionMnistDir());
            return ChurnSchedule.groupedByClass(Arrays.copyOf(labels, n));
        }
        return ChurnSchedule.identity(n);
    }

    private ChurnSystem create(String name, Dataset dataset, Path dir, long settleMillis, List<Integer> efs)
            throws IOException {
        return switch (name) {
            case DriftChurnSystem.DRIFT ->
                    new DriftChurnSystem(true, dataset.base(), dataset.metric(), dir, settleMillis, driftExtra);
            case DriftChurnSystem.DRIFT_STATIC ->
                    new DriftChurnSystem(false, dataset.base(), dataset.metric(), dir, settleMillis, driftExtra);
            case LuceneChurnSystem.NAME -> new LuceneChurnSystem(dataset.base(), dataset.metric(), dir, settleMillis, efs);
            case ExactChurnSystem.NAME -> new ExactChurnSystem(dataset.base(), dataset.metric());
            default -> throw new IllegalArgumentException("unknown system " + name);
        };
    }

    /** Writes the first {@code --warmup} rows of the order and searches every setting once. */
    private void warmUp(ChurnSystem system, int[] order, float[][] queries, int k) throws Exception {
        long start = System.nanoTime();
        int rows = Math.min(warmup, order.length);
        for (int from = 0; from < rows; from += batch) {
            system.write(Arrays.copyOfRange(order, from, Math.min(rows, from + batch)), new int[0]);
        }
        system.prepareCheckpoint();
        long[] ids = new long[k];
        for (String setting : system.settings()) {
            BenchSearcher searcher = system.searcher(setting, k);
            for (float[] q : queries) {
                searcher.search(q, ids);
            }
        }
        log.printf(Locale.ROOT, "%s: warm-up (%,d rows) in %.1f s%n", system.name(), rows, seconds(start));
        log.flush();
    }

    private Map<String, Object> run(String name, Dataset dataset, Path dir, long settleMillis, List<Integer> efs,
                                    ChurnSchedule schedule, List<Neighbors> truths, float[][] queries, int k)
            throws Exception {
        long heapBase = usedHeapAfterGc();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("system", name);
        List<Map<String, Object>> cps = new ArrayList<>();
        Map<String, Object> afterSettle = null;
        try (ChurnSystem system = create(name, dataset, dir, settleMillis, efs)) {
            result.put("params", system.params());
            long[] writeNanos = new long[ChurnSchedule.Phase.values().length];
            long[] inserted = new long[writeNanos.length];
            long[] deleted = new long[writeNanos.length];
            long sinceCheckpoint = 0;
            for (ChurnSchedule.Op op : schedule.ops()) {
                switch (op) {
                    case ChurnSchedule.Write w -> {
                        long t0 = System.nanoTime();
                        system.write(w.upserts(), w.deletes());
                        long t = System.nanoTime() - t0;
                        writeNanos[w.phase().ordinal()] += t;
                        inserted[w.phase().ordinal()] += w.upserts().length;
                        deleted[w.phase().ordinal()] += w.deletes().length;
                        sinceCheckpoint += t;
                    }
                    case ChurnSchedule.Checkpoint c -> {
                        Map<String, Object> m = checkpoint(system, c, sinceCheckpoint, heapBase,
                                truths.get(c.step()), queries, k);
                        cps.add(m);
                        sinceCheckpoint = 0;
                    }
                }
            }
            if (finalSettleSeconds > 0 && !name.equals(ExactChurnSystem.NAME)) {
                ChurnSchedule.Checkpoint last = schedule.checkpoints().getLast();
                Thread.sleep(Math.round(finalSettleSeconds * 1000));
                ChurnSchedule.Checkpoint settled = new ChurnSchedule.Checkpoint(last.step() + 1, last.phase(),
                        String.format(Locale.ROOT, "+%.0f s", finalSettleSeconds), last.inserted(), last.deleted(),
                        last.live());
                afterSettle = checkpoint(system, settled, 0, heapBase, truths.getLast(), queries, k);
            }
            int fillPhase = ChurnSchedule.Phase.FILL.ordinal();
            int streamPhase = ChurnSchedule.Phase.STREAM.ordinal();
            int deletePhase = ChurnSchedule.Phase.DELETE.ordinal();
            double ingestSeconds = (writeNanos[fillPhase] + writeNanos[streamPhase]) / 1e9;
            boolean index = !name.equals(ExactChurnSystem.NAME); // exact only flips flags: no rate to report
            result.put("ingest_vectors_per_second",
                    index ? (inserted[fillPhase] + inserted[streamPhase]) / ingestSeconds : null);
            result.put("fill_vectors_per_second",
                    index ? inserted[fillPhase] / (writeNanos[fillPhase] / 1e9) : null);
            result.put("stream_vectors_per_second",
                    index ? inserted[streamPhase] / (writeNanos[streamPhase] / 1e9) : null);
            result.put("stream_deletes", deleted[streamPhase]);
            result.put("mass_delete_ids_per_second",
                    index ? deleted[deletePhase] / (writeNanos[deletePhase] / 1e9) : null);
            result.put("write_seconds", Arrays.stream(writeNanos).sum() / 1e9);
        }
        result.put("checkpoints", cps);
        if (afterSettle != null) {
            result.put("after_final_settle", afterSettle);
        }
        log.printf(Locale.ROOT, "%s: ingest %,.0f vectors/s%n", name,
                result.get("ingest_vectors_per_second") instanceof Double v ? v : Double.NaN);
        log.flush();
        return result;
    }

    private Map<String, Object> checkpoint(ChurnSystem system, ChurnSchedule.Checkpoint c, long writeNanos,
                                           long heapBase, Neighbors truth, float[][] queries, int k)
            throws Exception {
        long t0 = System.nanoTime();
        system.prepareCheckpoint();
        double prepare = seconds(t0);
        long heap = usedHeapAfterGc() - heapBase;
        Map<String, Object> stats = system.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", c.step());
        m.put("phase", c.phase().label());
        m.put("label", c.label());
        m.put("live", stats.get("live"));
        m.put("live_expected", c.live().length);
        List<Map<String, Object>> settings = new ArrayList<>();
        for (String setting : system.settings()) {
            settings.add(ChurnMeasurements.measure(system.searcher(setting, k), setting, queries, truth, k));
        }
        Map<String, Object> head = settings.getFirst();
        for (String key : List.of("recall", "qps", "p50_ms", "p99_ms", "rows_scanned", "buckets_scanned",
                "rows_reranked", "estimated_recall")) {
            if (head.containsKey(key)) {
                m.put(key, head.get(key));
            }
        }
        m.put("buckets", stats.get("buckets"));
        m.put("disk_bytes", stats.get("disk_bytes"));
        m.put("heap_bytes", heap);
        for (Map.Entry<String, Object> e : stats.entrySet()) {
            m.putIfAbsent(e.getKey(), e.getValue());
        }
        m.put("inserted", c.inserted());
        m.put("deleted", c.deleted());
        m.put("write_seconds", writeNanos / 1e9);
        m.put("prepare_seconds", prepare);
        if (settings.size() > 1) {
            m.put("settings", settings);
        }
        if (!m.get("live").equals((long) c.live().length)) {
            log.printf(Locale.ROOT, "WARNING: %s reports %s live rows at %s, expected %,d%n", system.name(),
                    m.get("live"), c.label(), c.live().length);
        }
        log.printf(Locale.ROOT, "%s %-12s live %,7d  recall %.4f  qps %,8.0f  p50 %.3f ms  p99 %.3f ms  rows %s"
                        + "  buckets %s%s  disk %.1f MiB  heap %.0f MiB%s%n",
                system.name(), c.label(), ((Number) m.get("live")).longValue(), (double) m.get("recall"),
                (double) m.get("qps"), (double) m.get("p50_ms"), (double) m.get("p99_ms"), m.get("rows_scanned"),
                m.get("buckets"), stats.containsKey("live_buckets") ? " (" + stats.get("live_buckets") + " live)" : "",
                ((Number) m.get("disk_bytes")).longValue() / 1048576.0, heap / 1048576.0,
                stats.containsKey("janitor") ? "  janitor " + stats.get("janitor") + " partitions "
                        + stats.get("partitions") : stats.containsKey("segments") ? "  segments "
                        + stats.get("segments") : "");
        if (settings.size() > 1) {
            StringBuilder line = new StringBuilder("    ");
            for (Map<String, Object> st : settings.subList(1, settings.size())) {
                line.append(String.format(Locale.ROOT, " %s: %.4f @ %,.0f qps, p50 %.3f;", st.get("setting"),
                        (double) st.get("recall"), (double) st.get("qps"), (double) st.get("p50_ms")));
            }
            log.println(line);
        }
        log.flush();
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    /** Heap in use after a full collection; approximate (the collector decides what "full" means). */
    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        Thread.sleep(50);
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
