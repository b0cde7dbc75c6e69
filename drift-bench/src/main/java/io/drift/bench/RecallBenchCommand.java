package io.drift.bench;

import io.drift.bench.drift.DriftSystem;
import io.drift.bench.recall.OodScenario;
import io.drift.bench.recall.TargetSweep;
import io.drift.dataset.FashionMnist;
import io.drift.dataset.SyntheticDrift;
import io.drift.dataset.Dataset;
import io.drift.dataset.GroundTruth;
import io.drift.dataset.Neighbors;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
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
 * {@code drift bench recall}: whether recall targets hold on a static dataset. Bulk-builds Drift's
 * index as {@code bench static} does ({@link DriftSystem}), shows it the held-out calibration queries (re-checked as the
 * engine re-checks the queries it serves), then for every k and target searches the measured
 * queries and reports the recall reached against the target, the estimate's mean absolute error
 * per query, and the rows scanned against an oracle that knows, per query, the fewest buckets of the
 * search's order that reach the target.
 */
@Command(
        name = "recall",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Whether recall targets hold: for each k and target, recall measured against the target, the"
                    + " per-query estimate's error, and rows scanned against a per-query oracle.",
        })
public final class RecallBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Option(names = "--calibration-queries", paramLabel = "C", defaultValue = "500",
            description = "Held-out queries (the dataset's next C after the measured ones) the index is calibrated on"
                    + " before it is measured (default: ${DEFAULT-VALUE}; 0 = never calibrated).")
    private int calibrationQueries;

    @Option(names = "--ks", paramLabel = "LIST", defaultValue = "1,10,100",
            description = "Comma-separated k (default: ${DEFAULT-VALUE}).")
    private String ks;

    @Option(names = "--targets", paramLabel = "LIST", defaultValue = "0.8,0.9,0.95,0.99",
            description = "Comma-separated recall targets (default: ${DEFAULT-VALUE}).")
    private String targets;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "static",
            description = "static: the whole dataset bulk-built, as bench static; ood: groups 0-2 (classes or"
                    + " drift phases) in segments, 3-7 in the memtable, queries of all groups, 8-9 never held"
                    + " (default: ${DEFAULT-VALUE}).")
    private String scenario;

    @Option(names = "--out", paramLabel = "FILE.json",
            description = "Where to write the JSON report (default: bench-out/recall-<scenario>-<dataset>.json).")
    private Path out;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the index is built; a fresh subdirectory is made and deleted afterwards.")
    private Path workDir;

    @Override
    public Integer call() throws IOException, InterruptedException {
        data.validate();
        if (!scenario.equals("static") && !scenario.equals("ood")) {
            throw data.usage("--scenario must be static or ood, got " + scenario);
        }
        int[] kList = Arrays.stream(ks.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
        double[] targetList = Arrays.stream(targets.split(",")).map(String::strip).mapToDouble(Double::parseDouble)
                .toArray();
        if (calibrationQueries < 0) {
            throw data.usage("--calibration-queries must not be negative");
        }
        PrintWriter log = spec.commandLine().getOut();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", scenario);
        report.put("results", scenario.equals("ood") ? ood(kList, targetList, log, report) : staticSweep(kList, targetList, log, report));
        Path file = out != null ? out : Path.of("bench-out", "recall-" + scenario + "-" + data.dataset() + ".json");
        ReportWriter.write(report, file);
        log.printf("wrote %s%n", file);
        log.flush();
        return 0;
    }

    private List<Map<String, Object>> staticSweep(int[] kList, double[] targetList, PrintWriter log,
                                                  Map<String, Object> report) throws IOException {
        DatasetOptions.WithHeldOut loaded = data.loadWithHeldOut(calibrationQueries);
        Dataset dataset = loaded.dataset();
        int measured = dataset.queries().size();
        int kMax = Arrays.stream(kList).max().orElseThrow();
        Neighbors truth = GroundTruth.cached(data.cacheDir == null ? GroundTruth.defaultCacheDir() : data.cacheDir,
                dataset, kMax);
        log.printf(Locale.ROOT, "dataset %s: %,d x %d, %,d measured queries, %,d calibration queries%n",
                dataset.name(), dataset.base().size(), dataset.dim(), measured, calibrationQueries);
        log.flush();

        List<Map<String, Object>> rows;
        try (ScratchDirectory scratch = ScratchDirectory.create(workDir); DriftSystem drift = new DriftSystem()) {
            drift.build(dataset, scratch.newDirectory("drift"));
            TargetSweep sweep = new TargetSweep(drift.index(), rows(dataset.queries()), truth, loaded.heldOut(), log);
            rows = sweep.run(kList, targetList);
        }
        report.put("dataset", dataset.name());
        report.put("measured_queries", measured);
        report.put("calibration_queries", calibrationQueries);
        return rows;
    }

    /** The out-of-distribution scenario: the dataset's queries, half served first, half measured. */
    private List<Map<String, Object>> ood(int[] kList, double[] targetList, PrintWriter log, Map<String, Object> report)
            throws IOException, InterruptedException {
        Dataset dataset = data.load();
        int[] baseGroups;
        int[] queryGroups = new int[dataset.queries().size()];
        if (data.dataset().equals(BenchDatasets.FASHION_MNIST)) {
            baseGroups = Arrays.copyOf(FashionMnist.trainLabels(data.fashionMnistDir()), dataset.base().size());
            queryGroups = Arrays.copyOf(FashionMnist.testLabels(data.fashionMnistDir()), queryGroups.length);
        } else {
            int phases = SyntheticDrift.Params.of(dataset.base().size(), dataset.dim(), queryGroups.length, data.seed)
                    .phases();
            baseGroups = new int[dataset.base().size()];
            Arrays.setAll(baseGroups, r -> (int) ((long) r * phases / baseGroups.length));
            int q = queryGroups.length;
            Arrays.setAll(queryGroups, i -> (int) ((long) i * phases / q));
        }
        report.put("dataset", dataset.name());
        log.printf(Locale.ROOT, "dataset %s: %,d x %d, %,d queries (even measured, odd served first)%n",
                dataset.name(), dataset.base().size(), dataset.dim(), queryGroups.length);
        log.flush();
        try (ScratchDirectory scratch = ScratchDirectory.create(workDir)) {
            return new OodScenario(dataset, baseGroups, queryGroups, log).run(kList, targetList,
                    scratch.newDirectory("ood"));
        }
    }

    private static float[][] rows(Vectors v) {
        float[][] out = new float[v.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.row(i);
        }
        return out;
    }
}
