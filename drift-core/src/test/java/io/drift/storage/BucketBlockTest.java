package io.drift.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.quant.SQ8;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BucketBlockTest {
    static final Path FILE = Path.of("000001.drift");

    record Bucket(float[] centroid, SQ8 sq8, long[] ids, float[] vectors, int n) {}

    static Bucket bucket(int n, int d, boolean pixels, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] vectors = new float[n * d];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = pixels ? rnd.nextInt(256) : (float) rnd.nextGaussian();
        }
        long[] ids = new long[n];
        for (int r = 0; r < n; r++) {
            ids[r] = rnd.nextLong(); // unsorted, any 64-bit pattern
        }
        float[] centroid = new float[d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                centroid[i] += vectors[r * d + i] / n;
            }
        }
        return new Bucket(centroid, SQ8.train(vectors, 0, n, d, 1), ids, vectors, n);
    }

    static BucketView open(ByteBuffer block, int dim) throws CorruptFileException {
        byte[] bytes = new byte[block.remaining()];
        block.get(bytes);
        return BucketView.open(MemorySegment.ofArray(bytes), 0, dim, Footer.VERSION, FILE);
    }

    @Test
    void everyColumnRoundTrips() throws Exception {
        for (boolean pixels : new boolean[] {true, false}) {
            int d = pixels ? 784 : 1100; // 1100 > 1024: a row spans two encoded float vectors
            Bucket b = bucket(300, d, pixels, 7);
            ByteBuffer block = BucketBlock.encode(b.centroid, b.sq8, b.ids, b.vectors, null, b.n).bytes();
            assertEquals(0, block.remaining() % 64);
            BucketView view = open(block, d);
            view.verifyChecksum(FILE);
            assertEquals(300, view.rows());
            assertArrayEquals(b.centroid, view.centroid());
            assertArrayEquals(b.sq8.mins(), view.sq8().mins());
            assertArrayEquals(b.sq8.steps(), view.sq8().steps());
            long[] ids = view.ids();
            Map<Long, Integer> rowOf = new HashMap<>();
            for (int r = 0; r < b.n; r++) {
                rowOf.put(b.ids[r], r);
            }
            BucketView.RowDecoder decoder = new BucketView.RowDecoder();
            float[] v = new float[d];
            for (int r = 0; r < ids.length; r++) {
                if (r > 0) {
                    assertTrue(Long.compareUnsigned(ids[r - 1], ids[r]) < 0, "ids sorted");
                }
                int src = rowOf.get(ids[r]);
                view.vector(r, v, 0, decoder);
                for (int i = 0; i < d; i++) {
                    assertEquals(Float.floatToRawIntBits(b.vectors[src * d + i]), Float.floatToRawIntBits(v[i]));
                }
                byte[] codes = b.sq8.encode(java.util.Arrays.copyOfRange(b.vectors, src * d, (src + 1) * d));
                assertArrayEquals(codes, view.codes().asSlice((long) r * d, d).toArray(ValueLayout.JAVA_BYTE));
                assertEquals(b.sq8.correction(MemorySegment.ofArray(codes), 0),
                        view.corrections().get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 4L * r),
                        1e-3f * Math.max(1f, b.sq8.correction(MemorySegment.ofArray(codes), 0)));
            }
            assertTrue(view.maxRadius() >= view.rmsRadius() && view.rmsRadius() > 0);
            if (pixels) {
                assertEquals("ALP", view.vectorCodec());
                assertTrue(view.vectorsBytes() * 3 < 4L * d * b.n, "pixels compress: " + view.vectorsBytes());
            }
        }
    }

    @Test
    void aFlippedByteAnywhereFailsTheChecksum() throws Exception {
        Bucket b = bucket(50, 16, false, 3);
        ByteBuffer block = BucketBlock.encode(b.centroid, b.sq8, b.ids, b.vectors, null, b.n).bytes();
        byte[] good = new byte[block.remaining()];
        block.get(good);
        SplittableRandom rnd = new SplittableRandom(1);
        for (int t = 0; t < 200; t++) {
            byte[] bad = good.clone();
            int at = rnd.nextInt(bad.length);
            bad[at] ^= (byte) (1 << rnd.nextInt(8));
            CorruptFileException e = assertThrows(CorruptFileException.class, () -> {
                BucketView view = BucketView.open(MemorySegment.ofArray(bad), 4, 16, Footer.VERSION, FILE);
                view.verifyChecksum(FILE);
            }, "flip at " + at);
            assertEquals("bucket 4", e.region());
        }
    }

    @Test
    void duplicateIdsAndEmptyBucketsAreRejected() {
        Bucket b = bucket(10, 4, false, 5);
        b.ids[3] = b.ids[7];
        assertThrows(IllegalArgumentException.class, () -> BucketBlock.encode(b.centroid, b.sq8, b.ids, b.vectors, null, b.n));
        assertThrows(IllegalArgumentException.class, () -> BucketBlock.encode(b.centroid, b.sq8, b.ids, b.vectors, null, 0));
    }
}
