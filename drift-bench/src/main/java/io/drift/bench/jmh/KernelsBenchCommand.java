package io.drift.bench.jmh;

import io.drift.bench.ReportWriter;
import io.drift.bench.StaticReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drift bench kernels}: runs the kernel JMH benchmarks ({@link AdcScanBenchmark},
 * {@link FloatKernelBenchmark}) and reports what the foundation goals are stated in: ADC scan
 * bandwidth in GB/s of codes as a fraction of a plain read of the same bytes, and the speed-up of
 * every Panama kernel over its scalar twin.
 */
@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = "JMH: ADC scan bandwidth vs a plain memory read, and Panama kernels vs their scalar twins.")
public final class KernelsBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--warmup-iterations", defaultValue = "3", description = "JMH warm-up iterations (default ${DEFAULT-VALUE}).")
    int warmupIterations;

    @Option(names = "--iterations", defaultValue = "5", description = "JMH measurement iterations (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--iteration-seconds", defaultValue = "1", description = "Seconds per iteration (default ${DEFAULT-VALUE}).")
    int iterationSeconds;

    @Option(names = "--forks", defaultValue = "1", description = "JMH forks per benchmark (default ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = "--dims", split = ",", defaultValue = "128,784", description = "Dimensions (default ${DEFAULT-VALUE}).")
    List<String> dims;

    @Option(names = "--out", description = "Also write the results as JSON to this file.")
    Path out;

    @Override
    public Integer call() throws RunnerException, java.io.IOException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(AdcScanBenchmark.class.getName())
                .include(FloatKernelBenchmark.class.getName())
                .param("dim", dims.toArray(String[]::new))
                .warmupIterations(warmupIterations)
                .measurementIterations(iterations)
                .warmupTime(TimeValue.seconds(iterationSeconds))
                .measurementTime(TimeValue.seconds(iterationSeconds))
                .forks(forks)
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                        "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch")
                .shouldFailOnError(true);
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Object> report = summarise(results);
        PrintWriter stdout = spec.commandLine().getOut();
        print(report, stdout);
        if (out != null) {
            ReportWriter.write(report, out);
            stdout.println("wrote " + out);
        }
        stdout.flush();
        return 0;
    }

    /**
     * The median over all measurement iterations of all forks of each benchmark (JMH's own score is
     * the mean, which one noisy iteration on a shared machine drags), turned into GB/s and ratios.
     */
    static Map<String, Object> summarise(Collection<RunResult> results) {
        // scores[dim][benchmark] = {median in microseconds}
        Map<Integer, Map<String, double[]>> scores = new TreeMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            int dim = Integer.parseInt(r.getParams().getParam("dim"));
            String unit = r.getPrimaryResult().getScoreUnit();
            double toMicros = unit.startsWith("ms") ? 1000.0 : 1.0;
            scores.computeIfAbsent(dim, d -> new LinkedHashMap<>()).put(method, new double[] {
                r.getPrimaryResult().getStatistics().getPercentile(50) * toMicros});
        }
        List<Map<String, Object>> adc = new ArrayList<>();
        List<Map<String, Object>> kernels = new ArrayList<>();
        for (var e : scores.entrySet()) {
            int dim = e.getKey();
            Map<String, double[]> s = e.getValue();
            if (s.containsKey("readBandwidth")) {
                double bytes = AdcScanBenchmark.bytes(dim);
                double read = gbPerSecond(bytes, s.get("readBandwidth")[0]);
                double panama = gbPerSecond(bytes, s.get("adcPanama")[0]);
                double scalar = gbPerSecond(bytes, s.get("adcScalar")[0]);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("dim", dim);
                row.put("bytes", (long) bytes);
                row.put("read_gbps", read);
                row.put("adc_panama_gbps", panama);
                row.put("adc_scalar_gbps", scalar);
                row.put("adc_fraction_of_read", panama / read);
                row.put("panama_over_scalar", panama / scalar);
                adc.add(row);
            }
            for (String op : new String[] {"l2", "dot", "cosine"}) {
                if (s.containsKey(op + "Panama") && s.containsKey(op + "Scalar")) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("kernel", op);
                    row.put("dim", dim);
                    row.put("panama_us_per_256_rows", s.get(op + "Panama")[0]);
                    row.put("scalar_us_per_256_rows", s.get(op + "Scalar")[0]);
                    row.put("panama_over_scalar", s.get(op + "Scalar")[0] / s.get(op + "Panama")[0]);
                    kernels.add(row);
                }
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", StaticReport.MachineInfo.current());
        report.put("adc_scan", adc);
        report.put("float_kernels", kernels);
        return report;
    }

    private static double gbPerSecond(double bytes, double micros) {
        return bytes / (micros * 1e3);
    }

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> report, PrintWriter out) {
        out.println();
        out.println("ADC scan over " + AdcScanBenchmark.MIB + " MiB of SQ8 codes (GB/s of codes, one thread)");
        out.printf(Locale.ROOT, "%6s %10s %12s %12s %10s %14s%n", "dim", "read", "adc-panama", "adc-scalar", "adc/read", "panama/scalar");
        for (Map<String, Object> row : (List<Map<String, Object>>) report.get("adc_scan")) {
            out.printf(Locale.ROOT, "%6d %10.2f %12.2f %12.2f %9.0f%% %13.1fx%n", row.get("dim"), row.get("read_gbps"),
                    row.get("adc_panama_gbps"), row.get("adc_scalar_gbps"),
                    100 * (double) row.get("adc_fraction_of_read"), row.get("panama_over_scalar"));
        }
        out.println();
        out.println("Float kernels, one query against 256 cache-resident rows (µs per call)");
        out.printf(Locale.ROOT, "%-8s %6s %10s %10s %14s%n", "kernel", "dim", "panama", "scalar", "panama/scalar");
        for (Map<String, Object> row : (List<Map<String, Object>>) report.get("float_kernels")) {
            out.printf(Locale.ROOT, "%-8s %6d %10.2f %10.2f %13.1fx%n", row.get("kernel"), row.get("dim"),
                    row.get("panama_us_per_256_rows"), row.get("scalar_us_per_256_rows"), row.get("panama_over_scalar"));
        }
    }
}
