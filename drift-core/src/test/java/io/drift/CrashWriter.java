package io.drift;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The child process of {@link CrashRecoveryTest}: writes numbered batches to a collection (points
 * with payloads) until it is killed, journaling {@code begin N} before each batch and {@code ack N} once it is
 * acknowledged. Batch {@code N} is a pure function of the seed and {@code N}, so the parent can
 * rebuild what every acknowledged batch did.
 *
 * <p>Arguments: data directory, journal file, seed, first batch number.
 */
public final class CrashWriter {

    static final String COLLECTION = "crash";
    static final int D = 16;
    static final int ID_SPACE = 3000;

    /** One batch: upserts (ids and vectors) or deletes (ids, vectors null). */
    record Batch(long[] ids, float[][] vectors) {
        boolean isDelete() {
            return vectors == null;
        }
    }

    static Batch batch(long seed, long n) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + n);
        int size = 1 + rnd.nextInt(40);
        long[] ids = new long[size];
        for (int i = 0; i < size; i++) {
            ids[i] = rnd.nextInt(ID_SPACE);
        }
        if (rnd.nextInt(5) == 0) {
            return new Batch(ids, null);
        }
        float[][] vectors = new float[size][D];
        for (float[] v : vectors) {
            for (int i = 0; i < D; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
        }
        return new Batch(ids, vectors);
    }

    /**
     * The payload a point written with vector {@code v} carries: a function of the vector, so that
     * the parent checks every surviving row's payload against the vector it survived with.
     */
    static Payload payloadFor(float[] v) {
        int bits = Float.floatToIntBits(v[1]);
        return Payload.of(java.util.Map.of("v0", (double) v[0], "cls", "c" + (bits & 7),
                "tags", java.util.List.of("t" + (bits >>> 3 & 3), "t" + (bits >>> 5 & 3)), "n", (long) (bits >>> 8)));
    }

    static CollectionConfig config() {
        // 300-row memtables: a flush every few batches, so kills often land in one; maintenance
        // every 20 ms with no cooldown, so they land in its rewrites too
        return CollectionConfig.builder().memtableBytes(300L * D * 4).targetBucketSize(30)
                .calibrationQueries(0).janitor(JanitorConfig.builder().intervalMillis(20).maxBucketFactor(1.5)
                        .mergeUrgency(1.0).cooling(0.9).splitDrift(0.1).compactDeadFraction(0.2).segmentLiveFraction(0.6)
                        .partitionFanout(2).cooldownMillis(0).rowsPerPass(100_000).bytesPerPass(1L << 30).build()).build();
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(args[0]);
        long seed = Long.parseLong(args[2]);
        long first = Long.parseLong(args[3]);
        try (DriftEngine engine = DriftEngine.open(dataDir);
             FileOutputStream journal = new FileOutputStream(args[1], true)) {
            VectorCollection c = engine.listCollections().contains(COLLECTION) ? engine.collection(COLLECTION)
                    : engine.createCollection(COLLECTION, D, Metric.L2, config());
            for (long n = first; ; n++) {
                Batch b = batch(seed, n);
                journal.write(("begin " + n + "\n").getBytes(StandardCharsets.US_ASCII));
                if (b.isDelete()) {
                    c.delete(b.ids());
                } else {
                    List<Point> points = new ArrayList<>();
                    for (int i = 0; i < b.ids().length; i++) {
                        points.add(new Point(b.ids()[i], b.vectors()[i], payloadFor(b.vectors()[i])));
                    }
                    c.upsert(points);
                }
                // the process may die right here: acknowledged but not journaled is allowed for,
                // journaled but not acknowledged is not possible
                journal.write(("ack " + n + "\n").getBytes(StandardCharsets.US_ASCII));
                if (n % 25 == 0) {
                    c.flush();
                }
            }
        }
    }
}
