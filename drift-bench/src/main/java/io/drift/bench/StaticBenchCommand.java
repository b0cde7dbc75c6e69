package io.drift.bench;

import io.drift.bench.drift.DriftSystem;
import io.drift.dataset.Dataset;
import io.drift.dataset.Neighbors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code drift bench static}: builds every chosen system once over a dataset, sweeps each one's
 * search-time setting, and reports recall@k against exact ground truth with single-thread
 * throughput and latency percentiles, as JSON and optionally as a recall/QPS chart. See {@link
 * StaticBenchmark} for what is timed and how.
 */
@Command(
        name = "static",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Recall and single-thread query throughput of each system on a static dataset.",
            "",
            "Builds each system once, then sweeps its search-time setting (HNSW: ef_search); for each"
                    + " setting warms up over the queries, then times every query once on one thread.",
        })
public final class StaticBenchCommand implements Callable<Integer> {

    private static final double MAX_WARMUP_SECONDS = 3600;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Option(names = "--systems", paramLabel = "LIST", defaultValue = "drift,lucene-hnsw,lucene-hnsw-int8,exact",
            description = "Comma-separated systems to run, in order (default: ${DEFAULT-VALUE}).")
    private String systems;

    @Option(names = "--out", paramLabel = "FILE.json",
            description = "Where to write the JSON report (default: bench-out/static-<dataset>.json).")
    private Path out;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also draw recall against QPS to this PNG file.")
    private Path plot;

    @Option(names = "--min-warmup-seconds", paramLabel = "S", defaultValue = "1",
            description = "Repeat each setting's warm-up pass over the queries until this much time has"
                    + " passed (default: ${DEFAULT-VALUE}; 0 = one pass).")
    private double minWarmupSeconds;

    @Option(names = "--calibration-queries", paramLabel = "C", defaultValue = "500",
            description = "Held-out queries (the dataset's next C after the measured ones) shown to each system"
                    + " before it is measured; Drift fits its recall model on them (default: ${DEFAULT-VALUE}).")
    private int calibrationQueries;

    @Option(names = "--drift-param", paramLabel = "KEY=VALUE",
            description = "A parameter of the drift system, repeatable: target_bucket_size, lambda, rerank_factor,"
                    + " guardrail, confidences (comma-separated), recall_targets, seed.")
    private Map<String, String> driftParams = new LinkedHashMap<>();

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where indexes are built; a fresh subdirectory is made and deleted afterwards"
                    + " (default: the system temporary directory).")
    private Path workDir;

    @Override
    public Integer call() throws IOException {
        List<String> systemNames = validate();
        PrintWriter progress = spec.commandLine().getOut();

        long start = System.nanoTime();
        int k = data.k();
        DatasetOptions.WithHeldOut loaded = data.loadWithHeldOut(calibrationQueries);
        Dataset dataset = loaded.dataset();
        float[][] heldOut = loaded.heldOut();
        progress.printf(Locale.ROOT, "dataset %s: %,d x %d, %s, %,d queries, k=%d (loaded in %.1f s)%n",
                dataset.name(), dataset.base().size(), dataset.dim(), dataset.metric(), dataset.queries().size(), k,
                seconds(start));
        progress.flush();

        start = System.nanoTime();
        Neighbors truth = data.groundTruth(dataset);
        progress.printf(Locale.ROOT, "ground truth ready in %.1f s%n", seconds(start));
        progress.flush();

        StaticBenchmark benchmark = new StaticBenchmark(
                dataset, heldOut, k, truth::recall, Duration.ofNanos(Math.round(minWarmupSeconds * 1e9)), progress);
        List<SystemResult> results = new ArrayList<>();
        try (ScratchDirectory scratch = ScratchDirectory.create(workDir)) {
            for (String name : systemNames) {
                Path systemDir = scratch.newDirectory(name);
                try (BenchSystem system = BenchSystems.create(name, driftParams)) {
                    results.addAll(benchmark.run(system, systemDir));
                } finally {
                    ScratchDirectory.deleteTree(systemDir);
                }
            }
        }

        StaticReport report = StaticReport.of(dataset, k, results);
        Path jsonFile = out != null ? out : Path.of("bench-out", "static-" + data.dataset() + ".json");
        ReportWriter.write(report, jsonFile);
        progress.printf("wrote %s%n", jsonFile);
        if (plot != null) {
            RecallQpsChart.write(plot, report);
            progress.printf("wrote %s%n", plot);
        }
        progress.flush();
        return 0;
    }

    /** Checks the options that need no I/O; returns the parsed system list. */
    private List<String> validate() {
        data.validate();
        if (calibrationQueries < 0) {
            throw data.usage("--calibration-queries must not be negative, got " + calibrationQueries);
        }
        if (!(minWarmupSeconds >= 0 && minWarmupSeconds <= MAX_WARMUP_SECONDS)) {
            throw data.usage("--min-warmup-seconds must be in [0, " + MAX_WARMUP_SECONDS + "], got " + minWarmupSeconds);
        }
        try {
            if (!driftParams.isEmpty()) {
                new DriftSystem(driftParams).close(); // rejects unknown or malformed parameters before any work
            }
            return BenchSystems.parseList(systems);
        } catch (IllegalArgumentException e) {
            throw data.usage(e.getMessage());
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
