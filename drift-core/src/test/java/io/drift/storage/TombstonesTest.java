package io.drift.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.TestVectors;
import io.drift.maintain.BulkBuilder;
import io.drift.vector.Distance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TombstonesTest {

    @TempDir
    Path dir;

    SegmentReader segment() throws IOException {
        int n = 700, d = 8;
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 10 + i;
        }
        BulkBuilder.Result r = BulkBuilder.build(TestVectors.clustered(n, d, 5, 0.3, 3), ids, n, d, Distance.L2, 100, dir,
                1, 1L << 30, 1);
        return SegmentReader.open(r.segments().getFirst());
    }

    @Test
    void killsCountOnceAndRoundTripThroughTheDeletionFile() throws IOException {
        try (SegmentReader s = segment()) {
            Tombstones t = Tombstones.none(s);
            assertNull(t.deadBits(0), "no bitset to check while nothing is deleted");
            List<int[]> killed = new ArrayList<>();
            for (int b = 0; b < t.bucketCount(); b++) {
                for (int r = b % 3; r < t.rows(b); r += 5) {
                    assertTrue(t.kill(b, r));
                    killed.add(new int[] {b, r});
                }
            }
            int[] first = killed.getFirst();
            assertFalse(t.kill(first[0], first[1]), "a second kill of the same row changes nothing");
            assertEquals(killed.size(), t.deadRows());
            assertEquals(killed.size(), t.killCount());
            assertEquals(t.rows(0) - (t.rows(0) + 4) / 5, t.liveRows(0));
            assertThrows(IndexOutOfBoundsException.class, () -> t.kill(0, t.rows(0)));

            Path file = dir.resolve("000001-2.del");
            t.writeTo(file);
            Tombstones back = Tombstones.read(file, s);
            assertEquals(t.deadRows(), back.deadRows());
            for (int b = 0; b < t.bucketCount(); b++) {
                assertEquals(t.liveRows(b), back.liveRows(b));
                for (int r = 0; r < t.rows(b); r++) {
                    assertEquals(t.isDead(b, r), back.isDead(b, r), "bucket " + b + " row " + r);
                }
            }
            // a copy is a checkpoint: later kills do not reach it
            Tombstones copy = t.copy();
            assertEquals(t.killCount(), copy.killCount());
            int row = 1;
            while (t.isDead(0, row)) {
                row++;
            }
            t.kill(0, row);
            assertFalse(copy.isDead(0, row));
            assertEquals(t.deadRows() - 1, copy.deadRows());
        }
    }

    @Test
    void everyDamagedByteIsCaught() throws IOException {
        try (SegmentReader s = segment()) {
            Tombstones t = Tombstones.none(s);
            t.kill(1, 2);
            Path file = dir.resolve("000001-3.del");
            t.writeTo(file);
            byte[] good = Files.readAllBytes(file);
            AtomicInteger caught = new AtomicInteger();
            for (int i = 0; i < good.length; i++) {
                byte[] bad = good.clone();
                bad[i] ^= 0x10;
                Files.write(file, bad);
                assertThrows(CorruptFileException.class, () -> Tombstones.read(file, s), "byte " + i);
                caught.incrementAndGet();
            }
            assertEquals(good.length, caught.get());
            Files.write(file, java.util.Arrays.copyOf(good, good.length - 9));
            assertThrows(CorruptFileException.class, () -> Tombstones.read(file, s));
        }
    }

    @Test
    void aCopyAbsorbsTheKillsItsSourceTookSinceAndCountsThemOnce() throws java.io.IOException {
        try (SegmentReader seg = segment()) {
            absorbs(seg);
        }
    }

    private static void absorbs(SegmentReader seg) {
        Tombstones t = Tombstones.none(seg);
        t.kill(0, 1);
        Tombstones copy = t.copy();
        t.kill(0, 2);
        t.kill(1, 0);
        copy.kill(0, 3); // the copy's own, not the source's
        copy.absorb(t);
        for (int[] r : new int[][] {{0, 1}, {0, 2}, {1, 0}, {0, 3}}) {
            org.junit.jupiter.api.Assertions.assertTrue(copy.isDead(r[0], r[1]));
        }
        org.junit.jupiter.api.Assertions.assertEquals(4, copy.deadRows());
        org.junit.jupiter.api.Assertions.assertEquals(seg.bucketRows(0) - 3, copy.liveRows(0));
        org.junit.jupiter.api.Assertions.assertFalse(t.isDead(0, 3), "the source is not changed");
        copy.absorb(t);
        org.junit.jupiter.api.Assertions.assertEquals(4, copy.deadRows(), "absorbing again changes nothing");
    }
}
