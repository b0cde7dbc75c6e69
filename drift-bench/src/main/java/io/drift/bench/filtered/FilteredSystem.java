package io.drift.bench.filtered;

import io.drift.Metric;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A system under {@code bench filtered}: it indexes the base vectors with their payloads once, then
 * answers filtered k-nearest-neighbour queries at each of its search-time settings. Single-threaded.
 */
public interface FilteredSystem extends AutoCloseable {

    String name();

    /** Indexes {@code base} (row {@code i} answered as id {@code i}) with the payloads of {@code workload}. */
    void build(Vectors base, Metric metric, FilteredWorkload workload, Path dir) throws IOException;

    /** The search-time settings to sweep, as labels. */
    List<String> settings();

    /** A searcher for one setting and one filter, returning the {@code k} nearest matching rows. */
    Searcher searcher(String setting, FilteredWorkload.Case filter, int k) throws IOException;

    /** One setting's searches: writes the ids of the nearest matching rows, best first; returns how many. */
    @FunctionalInterface
    interface Searcher {
        int search(float[] query, long[] out) throws IOException;
    }

    @Override
    void close() throws IOException;
}
