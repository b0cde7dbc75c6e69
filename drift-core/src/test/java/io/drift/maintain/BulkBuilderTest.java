package io.drift.maintain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.TestVectors;
import io.drift.storage.BucketView;
import io.drift.storage.SegmentReader;
import io.drift.vector.Distance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkBuilderTest {
    @TempDir
    Path dir;

    @Test
    void everyRowLandsInExactlyOneBucketOfTheWrittenSegments() throws Exception {
        int n = 5000, d = 16;
        float[] data = TestVectors.drifting(n, d, 3);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1_000_000_007L * i; // sparse, large ids
        }
        // small segments, so the build has to roll over to new files
        BulkBuilder.Result r = BulkBuilder.build(data, ids, n, d, Distance.L2, 100, dir, 1, 200_000, 5);
        assertEquals(50, r.buckets());
        assertTrue(r.segments().size() > 1, "segments: " + r.segments());
        List<SegmentReader> readers = new ArrayList<>();
        try {
            long rows = 0;
            int buckets = 0;
            for (Path p : r.segments()) {
                SegmentReader seg = SegmentReader.open(p);
                readers.add(seg);
                seg.verify();
                rows += seg.rows();
                buckets += seg.bucketCount();
            }
            assertEquals(n, rows);
            assertEquals(50, buckets);
            BucketView.RowDecoder decoder = new BucketView.RowDecoder();
            float[] v = new float[d];
            for (int i = 0; i < n; i++) {
                int found = 0;
                for (SegmentReader seg : readers) {
                    long loc = seg.locate(ids[i]);
                    if (loc >= 0) {
                        found++;
                        seg.bucket((int) (loc >>> 32)).vector((int) loc, v, 0, decoder);
                        assertArrayEquals(java.util.Arrays.copyOfRange(data, i * d, (i + 1) * d), v, "row " + i);
                    }
                }
                assertEquals(1, found, "row " + i);
            }
        } finally {
            readers.forEach(SegmentReader::close);
        }
    }
}
