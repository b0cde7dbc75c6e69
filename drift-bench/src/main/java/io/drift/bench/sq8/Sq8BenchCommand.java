package io.drift.bench.sq8;

import io.drift.bench.DatasetOptions;
import io.drift.bench.ReportWriter;
import io.drift.bench.StaticReport;
import io.drift.dataset.Dataset;
import io.drift.dataset.Neighbors;
import io.drift.quant.RangeRule;
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
 * {@code drift bench sq8}: compares the SQ8 range rules ({@link RangeRule}) by the recall an
 * exhaustive ADC scan keeps, with and without re-ranking on the float vectors.
 */
@Command(name = "sq8", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Recall@k of an exhaustive SQ8 ADC scan for each SQ8 range rule.",
            "",
            "Compares the 1st/99th percentile rule with the confidence interval 1-1/(d+1), alone and after"
                    + " re-ranking the ADC top k*f on float vectors; the scan is exhaustive, so the figures"
                    + " isolate quantization error from any index structure."
        })
public final class Sq8BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Option(names = "--rerank", split = ",", paramLabel = "F", defaultValue = "1,2,4",
            description = "Re-rank factors f: the ADC top k*f are re-ranked exactly (default: ${DEFAULT-VALUE}).")
    private int[] rerankFactors;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the results as JSON.")
    private Path out;

    @Override
    public Integer call() throws IOException {
        data.validate();
        for (int f : rerankFactors) {
            if (f <= 0) {
                throw data.usage("--rerank factors must be positive, got " + f);
            }
        }
        PrintWriter progress = spec.commandLine().getOut();
        Dataset ds = data.load();
        Neighbors truth = data.groundTruth(ds);
        progress.printf(Locale.ROOT, "dataset %s: %,d x %d, %,d queries, k=%d%n",
                ds.name(), ds.base().size(), ds.dim(), ds.queries().size(), data.k());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-20s %8s %12s %10s", "rule", "train_s", "mse", "recall"));
        for (int f : rerankFactors) {
            header.append(String.format(Locale.ROOT, " %10s", "rerank x" + f));
        }
        progress.println(header);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RangeRule rule : RangeRule.values()) {
            Sq8Recall.Result r = Sq8Recall.measure(ds, truth, data.k(), rule, rerankFactors, 1L);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-20s %8.2f %12.5g %10.4f",
                    rule, r.trainSeconds(), r.meanSquaredError(), r.adcRecall()));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rule", rule.name());
            row.put("train_seconds", r.trainSeconds());
            row.put("mean_squared_error", r.meanSquaredError());
            row.put("recall", r.adcRecall());
            for (int f = 0; f < rerankFactors.length; f++) {
                line.append(String.format(Locale.ROOT, " %10.4f", r.rerankRecall()[f]));
                row.put("recall_rerank_x" + rerankFactors[f], r.rerankRecall()[f]);
            }
            progress.println(line);
            progress.flush();
            rows.add(row);
        }
        if (out != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("workload", "sq8");
            report.put("dataset", StaticReport.DatasetInfo.of(ds, data.k()));
            report.put("machine", StaticReport.MachineInfo.current());
            report.put("rules", rows);
            ReportWriter.write(report, out);
            progress.println("wrote " + out);
        }
        return 0;
    }
}
