package io.drift.bench;

import io.drift.dataset.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A search system under benchmark: exact search, a Lucene index, later the Drift engine.
 *
 * <p>The benchmark drives every system through the same life cycle, and does all the timing
 * itself so that systems are measured alike:
 *
 * <ol>
 *   <li>{@link #build} indexes the dataset's base vectors; this call is what {@code
 *       build_seconds} measures, so it should do exactly the work of making the index durable and
 *       searchable (for example add, commit and force-merge) and nothing else;
 *   <li>{@link #open} prepares searching (opening readers, loading id maps); not timed;
 *   <li>for each of {@link #settings}, {@link #searcher} returns the object the timed loop calls
 *       once per query;
 *   <li>{@link #close} releases everything; the benchmark then deletes the work directory.
 * </ol>
 *
 * <p>Implementations are single-threaded and need not be thread-safe. To add a system, implement
 * this interface and register it in {@link BenchSystems}.
 */
public interface BenchSystem extends AutoCloseable {

    /** The name used on the command line and in reports, for example {@code lucene-hnsw}. */
    String name();

    /**
     * The construction parameters that hold for every setting (graph degree, format, bits), in
     * report order. Reported with each setting's own parameters.
     */
    Map<String, Object> buildParams();

    /**
     * Indexes {@code dataset.base()}; row {@code i} must be returned by searches as id {@code i}.
     *
     * @param workDir an empty directory this system owns for its files; deleted after {@link
     *     #close}
     */
    void build(Dataset dataset, Path workDir) throws IOException;

    /** Prepares searching after {@link #build}; not timed. */
    void open() throws IOException;

    /**
     * Shows the system real queries, disjoint from the measured ones, after {@link #open}; not
     * timed. A system that learns from the queries it serves (Drift fits its recall model on them)
     * learns here; the others ignore them.
     */
    default void learn(float[][] queries, int k) throws IOException {}

    /**
     * The search-time settings to sweep, in sweep order; at least one. Each must be able to return
     * {@code k} results.
     */
    List<SearchSetting> settings(int k);

    /**
     * A searcher returning the {@code k} nearest rows per query under {@code setting}. The
     * benchmark creates it before the warm-up pass and times only {@link BenchSearcher#search}.
     */
    BenchSearcher searcher(SearchSetting setting, int k) throws IOException;

    /** Bytes the index occupies on disk (for an in-memory system, the bytes it would need). */
    long diskBytes() throws IOException;

    @Override
    void close() throws IOException;
}
