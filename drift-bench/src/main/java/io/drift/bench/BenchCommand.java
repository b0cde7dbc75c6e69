package io.drift.bench;

import io.drift.bench.jmh.KernelsBenchCommand;
import io.drift.bench.server.ServerBenchCommand;
import io.drift.bench.sq8.Sq8BenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code drift bench}: the benchmark runners. Every benchmark is a subcommand listed in the
 * {@code subcommands} attribute below, which is the one place to add a new one.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run benchmarks that compare Drift with exact search and Apache Lucene.",
        subcommands = {
            StaticBenchCommand.class,
            IngestBenchCommand.class,
            KernelsBenchCommand.class,
            Sq8BenchCommand.class,
            ServerBenchCommand.class,
            io.drift.bench.churn.ChurnBenchCommand.class,
            RecallBenchCommand.class,
            io.drift.bench.filtered.FilteredBenchCommand.class,
            io.drift.bench.cluster.ClusterBenchCommand.class,
        })
public final class BenchCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** {@code drift bench} without a benchmark is a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required benchmark");
    }
}
