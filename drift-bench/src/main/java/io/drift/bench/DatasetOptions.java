package io.drift.bench;

import io.drift.dataset.Dataset;
import io.drift.dataset.FashionMnist;
import io.drift.dataset.GroundTruth;
import io.drift.dataset.Neighbors;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every benchmark shares to choose its data: which dataset, how much of it, how many
 * queries and neighbours, and where ground truth is cached. A picocli mixin
 * ({@code @Mixin DatasetOptions data;}), so each benchmark command states them once.
 */
public final class DatasetOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = BenchDatasets.SYNTHETIC,
            description = "fashion-mnist or synthetic (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--n", paramLabel = "N",
            description = "Base vectors: synthetic rows to generate (default: "
                    + BenchDatasets.DEFAULT_SYNTHETIC_N + "), or the first N of fashion-mnist (default: all).")
    Integer n;

    @Option(names = "--dim", paramLabel = "D",
            description = "Dimensions of synthetic vectors (default: " + BenchDatasets.DEFAULT_SYNTHETIC_DIM + ").")
    Integer dim;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory of the fashion-mnist files (default: $DRIFT_FASHION_MNIST_DIR or "
                    + "/usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Option(names = "--queries", paramLabel = "Q", defaultValue = "1000",
            description = "Queries to run: the dataset's first Q (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10",
            description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Random seed of the synthetic dataset (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Ground-truth cache (default: $DRIFT_CACHE_DIR or ~/.cache/drift/groundtruth).")
    Path cacheDir;

    /** The chosen dataset's name as given on the command line. */
    public String dataset() {
        return dataset;
    }

    /** Neighbours per query. */
    public int k() {
        return k;
    }

    /** The directory of the fashion-mnist files: {@code --data-dir}, or {@link FashionMnist#defaultDir()}. */
    public Path fashionMnistDir() {
        return dataDir != null ? dataDir : FashionMnist.defaultDir();
    }

    /** Checks the options that need no I/O, as usage errors. */
    public void validate() {
        if (!BenchDatasets.names().contains(dataset)) {
            throw usage("unknown dataset '" + dataset + "'; known datasets: " + String.join(", ", BenchDatasets.names()));
        }
        requirePositive("--queries", queries);
        requirePositive("--k", k);
        if (n != null) {
            requirePositive("--n", n);
        }
        if (dim != null) {
            requirePositive("--dim", dim);
            if (!dataset.equals(BenchDatasets.SYNTHETIC)) {
                throw usage("--dim applies only to the synthetic dataset");
            }
        }
    }

    /** Loads or generates the dataset; a request that does not fit it is a usage error. */
    public Dataset load() throws IOException {
        try {
            return BenchDatasets.load(new BenchDatasets.Request(dataset, n, dim, queries, seed, dataDir));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The dataset with its measured queries, and the {@code heldOut} queries that follow them. */
    public record WithHeldOut(Dataset dataset, float[][] heldOut) {}

    /**
     * Loads the dataset with {@code --queries} measured queries and the next {@code heldOut} of its
     * queries apart: real queries a system may learn from before it is measured.
     */
    public WithHeldOut loadWithHeldOut(int heldOut) throws IOException {
        int measured = queries;
        queries = measured + heldOut;
        try {
            Dataset all = load();
            Dataset dataset = new Dataset(all.name(), all.metric(), all.base(), all.queries().slice(0, measured));
            float[][] held = new float[heldOut][];
            for (int i = 0; i < heldOut; i++) {
                held[i] = all.queries().row(measured + i);
            }
            return new WithHeldOut(dataset, held);
        } finally {
            queries = measured;
        }
    }

    /** Exact top-k for the dataset's queries, from the cache when it has them. */
    public Neighbors groundTruth(Dataset data) throws IOException {
        return GroundTruth.cached(cacheDir == null ? GroundTruth.defaultCacheDir() : cacheDir, data, k);
    }

    private void requirePositive(String option, int value) {
        if (value <= 0) {
            throw usage(option + " must be positive, got " + value);
        }
    }

    /** A usage error (exit code 2, usage message) of the command this mixin belongs to. */
    public ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
