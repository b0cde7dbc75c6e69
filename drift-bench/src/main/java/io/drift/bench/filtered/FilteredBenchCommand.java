package io.drift.bench.filtered;

import io.drift.bench.DatasetOptions;
import io.drift.bench.LatencyStats;
import io.drift.bench.ReportWriter;
import io.drift.bench.ScratchDirectory;
import io.drift.bench.lucene.LuceneFilteredSystem;
import io.drift.dataset.FashionMnist;
import io.drift.dataset.Dataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * {@code drift bench filtered}: filtered k-nearest-neighbour search on a dataset whose rows carry a
 * class keyword, a random integer and a random float ({@link FilteredWorkload}), at filter
 * selectivities of about 50%, 10%, 1% and 0.1% and one must/must_not combination. Drift (through its
 * Java API, with payload indexes), Lucene's filtered {@code KnnFloatVectorQuery} and exact search
 * run in the same process on the same queries; for each filter and setting: recall@k against the
 * exact answer, single-thread QPS and latency percentiles (warm-up passes, then one timed pass).
 */
@Command(name = "filtered", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Recall and single-thread QPS of filtered search: Drift, Lucene's filtered kNN and exact.")
public final class FilteredBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Option(names = "--systems", paramLabel = "LIST", defaultValue = "drift,lucene-hnsw,exact",
            description = "Systems to run, in order (default: ${DEFAULT-VALUE}).")
    private String systems;

    @Option(names = "--filters", paramLabel = "LIST", defaultValue = "half,class,one-percent,tenth-percent,combined",
            description = "Filters to run, in order (default: ${DEFAULT-VALUE}).")
    private String filters;

    @Option(names = "--out", paramLabel = "FILE.json",
            description = "Where to write the JSON report (default: bench-out/filtered-<dataset>.json).")
    private Path out;

    @Option(names = "--min-warmup-seconds", paramLabel = "S", defaultValue = "1",
            description = "Repeat each setting's warm-up pass until this much time has passed (default: ${DEFAULT-VALUE}).")
    private double minWarmupSeconds;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where indexes are built (default: the system temporary directory).")
    private Path workDir;

    /** One measured point: a system at a setting under a filter. */
    public record Result(String system, String filter, String setting, double recall, double qps, double p50Millis,
                         double p99Millis, double buildSeconds) {}

    @Override
    public Integer call() throws Exception {
        data.validate();
        PrintWriter progress = spec.commandLine().getErr();
        Dataset dataset = data.load();
        int k = data.k();
        int[] labels = labels(dataset);
        FilteredWorkload workload = new FilteredWorkload(dataset.base().size(), labels, 7);
        List<String> chosen = java.util.Arrays.stream(filters.split(",")).map(String::strip).toList();
        List<FilteredWorkload.Case> cases = workload.cases().stream().filter(c -> chosen.contains(c.name())).toList();
        if (cases.size() != chosen.size()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown filter in '" + filters
                    + "'; known: " + workload.cases().stream().map(FilteredWorkload.Case::name).toList());
        }
        float[][] queries = new float[dataset.queries().size()][];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = dataset.queries().row(i);
        }
        progress.printf(Locale.ROOT, "%s: %,d rows of %d dimensions, %,d queries, k %d%n", dataset.name(),
                dataset.base().size(), dataset.base().dim(), queries.length, k);
        long[][][] truth = truth(dataset, workload, cases, queries, k, progress);

        List<Result> results = new ArrayList<>();
        try (ScratchDirectory scratch = ScratchDirectory.create(workDir)) {
            for (String name : systems.split(",")) {
                Path dir = scratch.newDirectory(name.strip());
                try (FilteredSystem system = create(name.strip())) {
                    long start = System.nanoTime();
                    system.build(dataset.base(), dataset.metric(), workload, dir);
                    double build = (System.nanoTime() - start) / 1e9;
                    progress.printf(Locale.ROOT, "built %s in %.1f s%n", system.name(), build);
                    for (int c = 0; c < cases.size(); c++) {
                        for (String setting : system.settings()) {
                            Result r = measure(system, setting, cases.get(c), queries, truth[c], k, build);
                            results.add(r);
                            progress.printf(Locale.ROOT, "  %-12s %-14s %-12s recall %.4f  qps %9.1f  p50 %7.3f ms"
                                    + "  p99 %7.3f ms%n", r.system(), r.filter(), r.setting(), r.recall(), r.qps(),
                                    r.p50Millis(), r.p99Millis());
                            progress.flush();
                        }
                    }
                } finally {
                    ScratchDirectory.deleteTree(dir);
                }
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "filtered");
        report.put("dataset", dataset.name());
        report.put("rows", dataset.base().size());
        report.put("queries", queries.length);
        report.put("k", k);
        Map<String, String> filters = new LinkedHashMap<>();
        cases.forEach(c -> filters.put(c.name(), c.description()));
        report.put("filters", filters);
        report.put("results", results);
        Path file = out != null ? out : Path.of("bench-out", "filtered-" + data.dataset() + ".json");
        ReportWriter.write(report, file);
        progress.printf("wrote %s%n", file);
        progress.flush();
        return 0;
    }

    /** Fashion-MNIST's class labels of the base rows; null for a dataset without labels (random classes). */
    private int[] labels(Dataset dataset) throws IOException {
        if (!dataset.name().startsWith(FashionMnist.NAME)) {
            return null;
        }
        return java.util.Arrays.copyOf(FashionMnist.trainLabels(data.fashionMnistDir()), dataset.base().size());
    }

    private static FilteredSystem create(String name) {
        return switch (name) {
            case "drift" -> new DriftFiltered();
            case "lucene-hnsw" -> new LuceneFilteredSystem();
            case "exact" -> new ExactFiltered();
            default -> throw new IllegalArgumentException("unknown system '" + name + "'; known: drift, lucene-hnsw, exact");
        };
    }

    /** The exact answers, per filter and query. */
    private static long[][][] truth(Dataset dataset, FilteredWorkload w, List<FilteredWorkload.Case> cases,
                                    float[][] queries, int k, PrintWriter progress) {
        ExactFiltered exact = new ExactFiltered();
        exact.build(dataset.base(), dataset.metric(), w, null);
        long[][][] truth = new long[cases.size()][queries.length][];
        for (int c = 0; c < cases.size(); c++) {
            long matching = java.util.stream.IntStream.range(0, dataset.base().size()).filter(cases.get(c).rows()).count();
            progress.printf(Locale.ROOT, "filter %-14s %s: %,d matching rows (%.2f%%)%n", cases.get(c).name(),
                    cases.get(c).description(), matching, 100.0 * matching / dataset.base().size());
            for (int q = 0; q < queries.length; q++) {
                long[] ids = new long[k];
                int n = exact.search(queries[q], cases.get(c), k, ids, null);
                truth[c][q] = java.util.Arrays.copyOf(ids, n);
            }
        }
        return truth;
    }

    /** Warm-up passes for at least the minimum time, then one timed pass; recall of the timed pass. */
    private Result measure(FilteredSystem system, String setting, FilteredWorkload.Case c, float[][] queries,
                           long[][] truth, int k, double build) throws IOException {
        FilteredSystem.Searcher s = system.searcher(setting, c, k);
        long[] ids = new long[k];
        long warm = System.nanoTime();
        do {
            for (float[] q : queries) {
                s.search(q, ids);
            }
        } while (System.nanoTime() - warm < minWarmupSeconds * 1e9);
        long[] latencies = new long[queries.length];
        double recall = 0;
        for (int q = 0; q < queries.length; q++) {
            long start = System.nanoTime();
            int n = s.search(queries[q], ids);
            latencies[q] = System.nanoTime() - start;
            recall += recall(truth[q], ids, n);
        }
        LatencyStats l = LatencyStats.of(latencies);
        return new Result(system.name(), c.name(), setting, recall / queries.length, l.qps(), l.p50Millis(),
                l.p99Millis(), build);
    }

    /** Share of the exact answer found; 1 when nothing matches. */
    static double recall(long[] truth, long[] found, int n) {
        if (truth.length == 0) {
            return 1;
        }
        int hits = 0;
        for (long t : truth) {
            for (int i = 0; i < n; i++) {
                if (found[i] == t) {
                    hits++;
                    break;
                }
            }
        }
        return (double) hits / truth.length;
    }
}
