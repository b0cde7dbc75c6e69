package io.drift.bench.jmh;

import io.drift.quant.SQ8;
import io.drift.storage.SegmentReader;
import io.drift.storage.SegmentWriter;
import io.drift.vector.Distance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Segment open time and id lookups on a segment file of more than 1 GB (2,200 buckets of 1,000
 * rows of 128 Gaussian floats, written once per trial into a temporary directory): opening reads
 * the footer, header, directory, Bloom filter and the id index's skip table only; a lookup goes
 * through the Bloom filter and, when it may hit, one id-index block.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SegmentBenchmark {
    static final int DIM = 128;
    static final int BUCKETS = 2_200;
    static final int ROWS = 1_000;

    private Path dir;
    private Path file;
    private SegmentReader open;
    private long[] ids;
    private int cursor;

    @Setup(Level.Trial)
    public void writeSegment() throws IOException {
        dir = Files.createTempDirectory("drift-segment-bench");
        file = dir.resolve("000001.drift");
        SplittableRandom rnd = new SplittableRandom(42);
        ids = new long[BUCKETS * ROWS];
        float[] vectors = new float[ROWS * DIM];
        long[] bucketIds = new long[ROWS];
        try (SegmentWriter w = SegmentWriter.create(file, DIM, Distance.L2)) {
            for (int b = 0; b < BUCKETS; b++) {
                float[] centroid = new float[DIM];
                for (int i = 0; i < DIM; i++) {
                    centroid[i] = (float) rnd.nextGaussian() * 4;
                }
                for (int r = 0; r < ROWS; r++) {
                    long id = rnd.nextLong() & Long.MAX_VALUE;
                    bucketIds[r] = id;
                    ids[b * ROWS + r] = id;
                    for (int i = 0; i < DIM; i++) {
                        vectors[r * DIM + i] = centroid[i] + (float) rnd.nextGaussian();
                    }
                }
                w.addBucket(centroid, SQ8.train(vectors, 0, ROWS, DIM, b), bucketIds, vectors, ROWS);
            }
            w.finish();
        }
        if (Files.size(file) < (1L << 30)) {
            throw new IllegalStateException("segment is only " + Files.size(file) + " bytes; the benchmark wants > 1 GiB");
        }
        open = SegmentReader.open(file);
        // shuffle the lookup order once
        for (int i = ids.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
    }

    @TearDown(Level.Trial)
    public void deleteSegment() throws IOException {
        open.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Open and close the whole file: footer, header, directory, Bloom filter, skip table. */
    @Benchmark
    public long openSegment() throws IOException {
        try (SegmentReader seg = SegmentReader.open(file)) {
            return seg.rows();
        }
    }

    /** Locate an id the segment holds: Bloom filter, skip table, one id-index block. */
    @Benchmark
    public long locateHit() throws IOException {
        long id = ids[cursor++ % ids.length];
        return open.locate(id);
    }

    /** Locate an id the segment does not hold (negative ids are never written here). */
    @Benchmark
    public long locateMiss() throws IOException {
        long id = ids[cursor++ % ids.length] | Long.MIN_VALUE;
        return open.locate(id);
    }
}
