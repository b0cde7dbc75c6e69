package io.drift.bench;

import io.drift.CollectionConfig;
import io.drift.DriftEngine;
import io.drift.Metric;
import io.drift.Point;
import io.drift.VectorCollection;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@code bench ingest} kills for its recovery measurement: opens an engine, writes
 * rows from a raw little-endian float file (id = row) in acknowledged batches without letting the
 * memtable freeze, prints {@code filled}, and waits to be killed.
 *
 * <p>Arguments: data directory, raw float file, rows, dimension, metric, batch size.
 */
public final class RecoveryChild {

    /** What the child prints once every batch is acknowledged. */
    static final String FILLED = "filled";

    private RecoveryChild() {}

    /** The config the child writes with: the memtable fills to its size whatever linking's backlog. */
    static CollectionConfig config() {
        return CollectionConfig.builder().maxUnlinkedBytes(CollectionConfig.defaults().memtableBytes()).build();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(args[0]);
        Path raw = Path.of(args[1]);
        int rows = Integer.parseInt(args[2]);
        int dim = Integer.parseInt(args[3]);
        Metric metric = Metric.valueOf(args[4]);
        int batch = Integer.parseInt(args[5]);
        float[] data = new float[rows * dim];
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.READ)) {
            ch.map(FileChannel.MapMode.READ_ONLY, 0, 4L * rows * dim).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .get(data);
        }
        DriftEngine engine = DriftEngine.open(dir); // never closed: the process is killed
        VectorCollection c = engine.createCollection("bench", dim, metric, config());
        for (int from = 0; from < rows; from += batch) {
            int to = Math.min(rows, from + batch);
            List<Point> points = new ArrayList<>(to - from);
            for (int r = from; r < to; r++) {
                points.add(new Point(r, java.util.Arrays.copyOfRange(data, r * dim, (r + 1) * dim)));
            }
            c.upsert(points);
        }
        if (c.stats().flushes() != 0 || c.stats().frozenMemtables() != 0) {
            throw new IllegalStateException("the recovery memtable froze early");
        }
        System.out.println(FILLED);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
