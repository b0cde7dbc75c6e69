package io.drift.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drift.quant.SQ8;
import io.drift.vector.Distance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards the segment format against silent change: {@code golden/segment-vN.drift} in the test
 * resources was written by {@link #writeGolden} when format version N was fixed. The test reads
 * each back value by value, and writes the same input again, which must give the current
 * version's bytes. A deliberate format change bumps the version and adds a new golden file
 * (regenerate with {@code -Ddrift.golden.write=<path>}); it never edits an old one, which must
 * keep reading.
 */
class GoldenSegmentTest {
    static final String RESOURCE = "/golden/segment-v" + Footer.VERSION + ".drift";
    static final String V1 = "/golden/segment-v1.drift";
    static final String V2 = "/golden/segment-v2.drift";
    static final int DIM = 6;

    @TempDir
    Path dir;

    /**
     * Two buckets of decimal-valued vectors (ALP territory once a chunk holds enough values: the
     * first bucket's 720) and one of raw-looking floats. From version 3 the middle bucket's rows
     * carry documents (all but every third), the others none.
     */
    static void writeGolden(Path file) throws IOException {
        try (SegmentWriter w = SegmentWriter.create(file, DIM, Distance.L2)) {
            for (int b = 0; b < 3; b++) {
                int n = b == 0 ? 120 : 5 + 3 * b;
                long[] ids = new long[n];
                byte[][] docs = b == 1 ? new byte[n][] : null;
                float[] v = new float[n * DIM];
                float[] centroid = new float[DIM];
                for (int r = 0; r < n; r++) {
                    ids[r] = 1000L * (b + 1) + (n - r) * 3L; // written in descending order
                    if (docs != null) {
                        docs[r] = document(ids[r]);
                    }
                    for (int i = 0; i < DIM; i++) {
                        float x = value(b, r, i);
                        v[r * DIM + i] = x;
                        centroid[i] += x / n;
                    }
                }
                w.addBucket(centroid, SQ8.train(v, 0, n, DIM, 7), ids, v, docs, n);
            }
            w.finish();
        }
    }

    static float value(int bucket, int row, int i) {
        return bucket < 2 ? (row * 7 + i * 3 + bucket * 11) % 50 / 4f : (float) Math.sin(row * 0.37 + i + bucket);
    }

    /** The document of a row of the middle bucket: none for every third id. */
    static byte[] document(long id) {
        return id % 9 == 0 ? null : ("doc " + id).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] golden(String resource) throws IOException {
        try (InputStream in = GoldenSegmentTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("test resource " + resource + " is missing");
            }
            return in.readAllBytes();
        }
    }

    @Test
    void versionOneFilesStillRead() throws Exception {
        Path copy = dir.resolve("v1.drift");
        Files.write(copy, golden(V1));
        checkContents(copy, 1);
    }

    @Test
    void versionTwoFilesStillRead() throws Exception {
        Path copy = dir.resolve("v2.drift");
        Files.write(copy, golden(V2));
        checkContents(copy, 2);
    }

    @Test
    void goldenFileReadsBackAndTheWriterReproducesItByteForByte() throws Exception {
        String regenerate = System.getProperty("drift.golden.write");
        if (regenerate != null) {
            writeGolden(Path.of(regenerate));
        }
        Path copy = dir.resolve("golden.drift");
        Files.write(copy, golden(RESOURCE));
        checkContents(copy, Footer.VERSION);
        Path again = dir.resolve("again.drift");
        writeGolden(again);
        assertArrayEquals(golden(RESOURCE), Files.readAllBytes(again),
                "the writer no longer produces format version " + Footer.VERSION + " byte for byte");
    }

    static void checkContents(Path copy, int version) throws Exception {
        try (SegmentReader seg = SegmentReader.open(copy)) {
            seg.verify();
            assertEquals(version, seg.formatVersion());
            assertEquals(DIM, seg.dim());
            assertEquals(Distance.L2, seg.metric());
            assertEquals(3, seg.bucketCount());
            assertEquals(120 + 8 + 11, seg.rows());
            BucketView b0 = seg.bucket(0);
            assertArrayEquals(new long[] {1003, 1006, 1009}, java.util.Arrays.copyOf(b0.ids(), 3));
            float[] v = new float[DIM];
            b0.vector(0, v, 0, new BucketView.RowDecoder()); // id 1003 is input row r = 119
            float[] expected = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                expected[i] = (119 * 7 + i * 3) % 50 / 4f;
            }
            assertArrayEquals(expected, v);
            // every row of every bucket: position p in id order is input row n - 1 - p
            BucketView.RowDecoder decoder = new BucketView.RowDecoder();
            for (int b = 0; b < 3; b++) {
                BucketView view = seg.bucket(b);
                int n = view.rows();
                for (int p = 0; p < n; p++) {
                    view.vector(p, v, 0, decoder);
                    for (int i = 0; i < DIM; i++) {
                        assertEquals(value(b, n - 1 - p, i), v[i], "bucket " + b + " row " + p);
                    }
                }
            }
            assertEquals((2L << 32) | 0, seg.locate(3000 + 3));
            for (int b = 0; b < 3; b++) {
                BucketView view = seg.bucket(b);
                assertEquals(version >= 3 && b == 1, view.hasDocuments(), "bucket " + b);
                long[] ids = view.ids();
                long bytes = 0;
                for (int p = 0; p < ids.length; p++) {
                    byte[] doc = version >= 3 && b == 1 ? document(ids[p]) : null;
                    assertArrayEquals(doc, view.document(p), "bucket " + b + " row " + p);
                    bytes += doc == null ? 0 : doc.length;
                }
                assertEquals(bytes, view.documentBytes());
            }
            assertEquals("ALP", b0.vectorCodec());
        }
    }
}
