package io.drift.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.quant.SQ8;
import io.drift.vector.Distance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real segment file: written, published, mapped, searched by id, and damaged region by region. */
class SegmentFileTest {
    @TempDir
    Path dir;

    static final int DIM = 24;
    final Map<Long, float[]> written = new HashMap<>();

    Path writeSegment(String name, int buckets, int rowsPerBucket, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        Path file = dir.resolve(name);
        try (SegmentWriter w = SegmentWriter.create(file, DIM, Distance.L2)) {
            for (int b = 0; b < buckets; b++) {
                int n = rowsPerBucket + b; // uneven buckets
                float[] vectors = new float[n * DIM];
                long[] ids = new long[n];
                float[] centroid = new float[DIM];
                for (int r = 0; r < n; r++) {
                    ids[r] = 1_000_000L * b + 7L * r + rnd.nextInt(7); // distinct across buckets
                    for (int i = 0; i < DIM; i++) {
                        vectors[r * DIM + i] = (float) (b + rnd.nextGaussian());
                        centroid[i] += vectors[r * DIM + i] / n;
                    }
                    written.put(ids[r], java.util.Arrays.copyOfRange(vectors, r * DIM, (r + 1) * DIM));
                }
                assertEquals(b, w.addBucket(centroid, SQ8.train(vectors, 0, n, DIM, 1), ids, vectors, n));
            }
            w.finish();
        }
        return file;
    }

    @Test
    void writeOpenLocateAndReadBack() throws Exception {
        Path file = writeSegment("000001.drift", 5, 700, 1);
        assertFalse(Files.exists(DiskManager.tempFileFor(file)));
        try (SegmentReader seg = SegmentReader.open(file)) {
            seg.verify();
            assertEquals(5, seg.bucketCount());
            assertEquals(written.size(), seg.rows());
            assertEquals(DIM, seg.dim());
            assertEquals(Distance.L2, seg.metric());
            BucketView.RowDecoder decoder = new BucketView.RowDecoder();
            float[] v = new float[DIM];
            for (Map.Entry<Long, float[]> e : written.entrySet()) {
                long loc = seg.locate(e.getKey());
                assertTrue(loc >= 0, "id " + e.getKey() + " not found");
                BucketView bucket = seg.bucket((int) (loc >>> 32));
                int row = (int) loc;
                assertEquals(e.getKey(), bucket.ids()[row]);
                bucket.vector(row, v, 0, decoder);
                assertArrayEquals(e.getValue(), v);
            }
            int misses = 0;
            for (long probe = 5_000_000L; probe < 5_010_000L; probe++) {
                assertEquals(-1, seg.locate(probe));
                if (!seg.mightContain(probe)) {
                    misses++;
                }
            }
            assertTrue(misses > 9_800, "the Bloom filter answers most misses: " + misses);
            for (int b = 0; b < 5; b++) {
                assertEquals(0, seg.bucketOffset(b) % 4096);
                assertEquals(700 + b, seg.bucketRows(b));
            }
        }
    }

    @Test
    void duplicateIdsAcrossBucketsAreRejectedAndLeaveNoFile() throws Exception {
        Path file = dir.resolve("000002.drift");
        float[] v = new float[DIM];
        SQ8 sq8 = SQ8.train(v, 0, 1, DIM, 1);
        try (SegmentWriter w = SegmentWriter.create(file, DIM, Distance.L2)) {
            w.addBucket(new float[DIM], sq8, new long[] {42}, v, 1);
            w.addBucket(new float[DIM], sq8, new long[] {42}, v, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, w::finish);
            assertTrue(e.getMessage().contains("id 42 is in buckets 0 and 1"), e.getMessage());
        }
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(DiskManager.tempFileFor(file)));
    }

    @Test
    void damageInEachRegionIsNamed() throws Exception {
        Path good = writeSegment("000003.drift", 3, 1100, 2);
        byte[] bytes = Files.readAllBytes(good);
        long[] regionStarts;
        try (SegmentReader seg = SegmentReader.open(good)) {
            regionStarts = new long[] {seg.bucketOffset(1) + 200, seg.bucketOffset(2) + seg.bucketLength(2) - 100};
        }
        // A byte in each region, flipped: header page, bucket 1, bucket 2, footer.
        Map<Long, String> cases = new java.util.TreeMap<>();
        cases.put(20L, "header page");
        cases.put(regionStarts[0], "bucket 1");
        cases.put(regionStarts[1], "bucket 2");
        cases.put((long) bytes.length - 30, "footer");
        Footer footer = Footer.read(java.lang.foreign.MemorySegment.ofArray(bytes), good);
        cases.put(footer.idIndexOffset() + 3, "id index");                       // the skip table's count
        cases.put(footer.idIndexOffset() + footer.idIndexLength() - 40, "id index"); // inside a block
        cases.put(footer.bloomOffset() + 100, "bloom filter");
        cases.put(footer.directoryOffset() + 9, "bucket directory");
        for (Map.Entry<Long, String> c : cases.entrySet()) {
            byte[] bad = bytes.clone();
            bad[(int) (long) c.getKey()] ^= 0x04;
            Path f = dir.resolve("bad-" + c.getKey() + ".drift");
            Files.write(f, bad);
            CorruptFileException e = assertThrows(CorruptFileException.class, () -> {
                try (SegmentReader seg = SegmentReader.open(f)) {
                    seg.verify();
                }
            }, c.getValue());
            assertEquals(c.getValue(), e.region(), e.getMessage());
            assertTrue(e.getMessage().startsWith("corrupt index file " + f + ": " + c.getValue()), e.getMessage());
        }
    }

    @Test
    void aDamagedBucketIsNeverReadEvenWithoutVerify() throws Exception {
        Path good = writeSegment("000005.drift", 3, 200, 4);
        long at;
        try (SegmentReader seg = SegmentReader.open(good)) {
            at = seg.bucketOffset(2) + 300; // inside the centroid/SQ8 area of bucket 2
        }
        byte[] bytes = Files.readAllBytes(good);
        bytes[(int) at] ^= 0x01;
        Files.write(good, bytes);
        try (SegmentReader seg = SegmentReader.open(good)) {
            seg.bucket(0);
            seg.bucket(1);
            CorruptFileException e = assertThrows(CorruptFileException.class, () -> seg.bucket(2));
            assertEquals("bucket 2", e.region());
            assertThrows(CorruptFileException.class, () -> seg.bucket(2), "and again on the next touch");
        }
    }

    @Test
    void truncatedFilesAreCorrupt() throws Exception {
        Path good = writeSegment("000004.drift", 2, 300, 3);
        byte[] bytes = Files.readAllBytes(good);
        for (int cut : new int[] {1, 64, 4096, bytes.length / 2, bytes.length - 4096}) {
            Path f = dir.resolve("cut-" + cut + ".drift");
            Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - cut));
            CorruptFileException e = assertThrows(CorruptFileException.class, () -> SegmentReader.open(f).close());
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }
}
