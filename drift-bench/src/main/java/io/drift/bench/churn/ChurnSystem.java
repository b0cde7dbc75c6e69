package io.drift.bench.churn;

import io.drift.bench.BenchSearcher;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A system under the churn workload: it applies the schedule's write batches (ids = base row
 * numbers), gets ready to be measured at each checkpoint, and answers searches. The benchmark does
 * all the timing; one thread calls every method.
 */
public interface ChurnSystem extends AutoCloseable {

    /** The name in reports, for example {@code drift-static}. */
    String name();

    /** What the system was configured with, for the report. */
    Map<String, Object> params();

    /** Inserts the rows {@code upserts}, then deletes the rows {@code deletes}; durable on return. */
    void write(int[] upserts, int[] deletes) throws IOException;

    /**
     * Makes everything written visible to searches and lets background work settle the same way
     * at every checkpoint (see the implementations); not counted as write time.
     */
    void prepareCheckpoint() throws IOException, InterruptedException;

    /**
     * The search-time settings measured at each checkpoint, the first being the one the
     * checkpoint's headline figures report; at least one.
     */
    List<String> settings();

    /** A searcher for {@code k} neighbours at {@code setting}, valid until the next write. */
    BenchSearcher searcher(String setting, int k) throws IOException;

    /** Size and shape now: live rows, buckets, disk bytes and the like, in report order. */
    Map<String, Object> stats() throws IOException;

    @Override
    void close() throws IOException;
}
