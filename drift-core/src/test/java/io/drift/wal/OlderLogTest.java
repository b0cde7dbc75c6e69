package io.drift.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.engine.Background;
import io.drift.engine.CollectionEngine;
import io.drift.engine.CollectionSettings;
import io.drift.engine.PointRefs;
import io.drift.engine.PointWrite;
import io.drift.engine.Recovery;
import io.drift.engine.StoredPoint;
import io.drift.storage.FileFormat;
import io.drift.storage.Manifest;
import io.drift.vector.Distance;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collection whose newest log is of format 1 (written before rows carried documents) opens,
 * replays it, and writes on in a new log of the current format: the old file is never appended
 * to, and a second reopen reads both.
 */
class OlderLogTest {

    @TempDir
    Path dir;

    @Test
    void aCollectionWhoseLogIsOfAnOlderFormatWritesOnInANewLog() throws Exception {
        Recovery.initialise(dir, 2, Distance.L2, CollectionSettings.defaults());
        Path old = dir.resolve(Manifest.WAL_DIR).resolve("000001.log");
        ByteBuffer b = ByteBuffer.allocate(4096);
        FileFormat.writeHeader(b, WalFormat.FILE_MAGIC, 1);
        WalFormat.encode(1, WalOp.upsert(7, new float[] {1, 2}), b, 1);
        WalFormat.encode(2, WalOp.upsert(8, new float[] {3, 4}), b, 1);
        Files.write(old, Arrays.copyOf(b.array(), b.position()));
        long oldBytes = Files.size(old);

        Background background = new Background();
        try {
            CollectionEngine c = Recovery.open("c", dir, background);
            assertArrayEquals(new float[] {1, 2}, c.get(7));
            c.upsert(List.of(new PointWrite(9, null, new float[] {5, 6}, new byte[] {7, 1, 0})));
            c.close();
            assertEquals(oldBytes, Files.size(old), "the older log was not appended to");
            Path fresh = dir.resolve(Manifest.WAL_DIR).resolve("000002.log");
            assertTrue(Files.exists(fresh));
            assertEquals(WalFormat.FILE_VERSION, WalReader.read(fresh, r -> { }).version());

            c = Recovery.open("c", dir, background);
            assertArrayEquals(new float[] {3, 4}, c.get(8));
            StoredPoint p = c.retrieve(PointRefs.ofIds(9), true)[0];
            assertArrayEquals(new float[] {5, 6}, p.vector());
            assertArrayEquals(new byte[] {0, 7, 1, 0}, p.doc(), "no key, then the payload");
            c.close();
        } finally {
            background.shutdown();
        }
    }
}
