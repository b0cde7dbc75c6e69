package io.drift.bench.jmh;

import io.drift.dataset.Dataset;
import io.drift.dataset.SyntheticDrift;
import io.drift.dataset.Vectors;
import io.drift.memtable.MemTable;
import io.drift.vector.Distance;
import io.drift.vector.TopK;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One search of an L0 memtable whose rows are all linked into its graph (the synthetic drift set,
 * 128 dimensions, L2, the collection defaults: M 16, efConstruction 100, efSearch 64, k 10), the
 * 1,000 queries in turn: the graph walk over 8-bit codes, the re-scoring from floats, the offer
 * into the top k. The memtable part of every search under writes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MemTableSearchBenchmark {

    @Param({"10000", "100000"})
    public int rows;

    @Param({"64"})
    public int efSearch;

    private MemTable table;
    private float[][] queries;
    private final TopK top = new TopK(10);
    private int next;

    @Setup(Level.Trial)
    public void build() throws InterruptedException {
        Dataset data = SyntheticDrift.generate(SyntheticDrift.Params.of(rows, 128, 1000, 42));
        Vectors base = data.base();
        queries = new float[data.queries().size()][];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = data.queries().row(q);
        }
        ExecutorService linker = Executors.newSingleThreadExecutor();
        try {
            table = new MemTable(base.dim(), Distance.L2, 16, 100, 42, linker);
            for (int i = 0; i < rows; i++) {
                table.append(i, base.data(), base.offset(i));
            }
            table.scheduleLinking();
            while (table.linkedRows() < rows) {
                Thread.sleep(20);
            }
        } finally {
            linker.shutdown();
        }
    }

    @Benchmark
    public TopK search() {
        top.clear();
        table.search(queries[next], 10, efSearch, false, top);
        next = next + 1 == queries.length ? 0 : next + 1;
        return top;
    }
}
