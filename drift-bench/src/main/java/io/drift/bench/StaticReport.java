package io.drift.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.drift.dataset.Dataset;
import io.drift.vector.VectorKernels;
import java.util.List;
import java.util.Objects;

/**
 * The JSON report of {@code drift bench static}. Later versions may add fields; the ones here keep
 * their names and meaning.
 *
 * @param workload always {@value #WORKLOAD}
 * @param dataset what was searched
 * @param machine where it ran
 * @param systems one entry per system and search-time setting
 */
@JsonPropertyOrder({"workload", "dataset", "machine", "systems"})
public record StaticReport(String workload, DatasetInfo dataset, MachineInfo machine, List<SystemResult> systems) {

    /** The {@code workload} value of this report. */
    public static final String WORKLOAD = "static";

    public StaticReport {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(machine, "machine");
        systems = List.copyOf(systems);
    }

    /** A static-workload report for {@code dataset} measured here and now. */
    public static StaticReport of(Dataset dataset, int k, List<SystemResult> systems) {
        return new StaticReport(WORKLOAD, DatasetInfo.of(dataset, k), MachineInfo.current(), systems);
    }

    /**
     * The dataset as benchmarked.
     *
     * @param name the dataset's name (source and parameters)
     * @param n number of base vectors indexed
     * @param dim dimensions
     * @param metric the metric defining true neighbours ({@code L2}, {@code COSINE}, {@code DOT})
     * @param queries number of queries run
     * @param k neighbours requested per query
     */
    @JsonPropertyOrder({"name", "n", "dim", "metric", "queries", "k"})
    public record DatasetInfo(String name, int n, int dim, String metric, int queries, int k) {
        /** The figures of {@code dataset} as run with {@code k}. */
        public static DatasetInfo of(Dataset dataset, int k) {
            return new DatasetInfo(
                    dataset.name(),
                    dataset.base().size(),
                    dataset.dim(),
                    dataset.metric().name(),
                    dataset.queries().size(),
                    k);
        }
    }

    /**
     * The machine and runtime.
     *
     * @param cores processors available to the JVM
     * @param java the Java runtime version
     * @param simd the vector kernels in use, for example {@code panama-512} or {@code scalar}
     */
    @JsonPropertyOrder({"cores", "java", "simd"})
    public record MachineInfo(int cores, String java, String simd) {
        /** This JVM. */
        public static MachineInfo current() {
            return new MachineInfo(
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.version().toString(),
                    VectorKernels.get().name());
        }
    }
}
