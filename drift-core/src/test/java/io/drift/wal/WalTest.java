package io.drift.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {

    @TempDir
    Path dir;

    static List<WalOp> batch(SplittableRandom rnd, int n, int dim) {
        List<WalOp> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long id = rnd.nextLong(); // ids are unsigned: negative longs included
            if (rnd.nextInt(4) == 0) {
                ops.add(WalOp.delete(id));
            } else {
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) {
                    v[j] = (float) rnd.nextGaussian();
                }
                ops.add(WalOp.upsert(id, v));
            }
        }
        return ops;
    }

    static List<WalRecord> readAll(Path file) throws IOException {
        List<WalRecord> out = new ArrayList<>();
        WalReader.read(file, out::add);
        return out;
    }

    static void assertSame(WalOp expected, WalOp actual) {
        assertEquals(expected.type(), actual.type());
        assertEquals(expected.id(), actual.id());
        if (expected.vector() != null) {
            assertArrayEquals(expected.vector(), actual.vector());
        }
        assertArrayEquals(expected.doc(), actual.doc());
    }

    @Test
    void recordsReadBackInOrderWithConsecutiveSequenceNumbers() throws IOException {
        Path file = dir.resolve("000001.log");
        SplittableRandom rnd = new SplittableRandom(1);
        List<WalOp> all = new ArrayList<>();
        try (WalWriter w = WalWriter.create(file, 1000, SyncPolicy.SYNC)) {
            for (int b = 0; b < 20; b++) {
                List<WalOp> ops = batch(rnd, 1 + rnd.nextInt(50), 1 + rnd.nextInt(300));
                long last = w.append(ops);
                all.addAll(ops);
                assertEquals(1000 + all.size() - 1, last);
            }
            assertEquals(1000 + all.size(), w.nextSeq());
        }
        List<WalRecord> read = readAll(file);
        assertEquals(all.size(), read.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(1000 + i, read.get(i).seq());
            assertSame(all.get(i), read.get(i).op());
        }
        WalReader.Scan scan = WalReader.read(file, r -> {});
        assertFalse(scan.torn());
        assertEquals(Files.size(file), scan.validBytes());
        assertEquals(1000 + all.size() - 1, scan.lastSeq());
    }

    @Test
    void aTornTailIsCutAtTheLastCompleteRecordAndAppendingContinues() throws IOException {
        Path file = dir.resolve("000002.log");
        SplittableRandom rnd = new SplittableRandom(2);
        List<WalOp> ops = batch(rnd, 30, 16);
        try (WalWriter w = WalWriter.create(file, 1, SyncPolicy.SYNC)) {
            w.append(ops);
        }
        byte[] full = Files.readAllBytes(file);
        long[] ends = new long[ops.size()];
        long pos = io.drift.storage.FileFormat.HEADER_BYTES; // the records follow the file header
        for (int i = 0; i < ops.size(); i++) {
            pos += WalFormat.recordBytes(ops.get(i));
            ends[i] = pos;
        }
        assertEquals(full.length, pos);
        // every cut point inside the last three records
        for (long cut = ends[ops.size() - 4] + 1; cut < full.length; cut++) {
            Path torn = dir.resolve("torn-" + cut + ".log");
            Files.write(torn, java.util.Arrays.copyOf(full, (int) cut));
            WalReader.Scan scan = WalReader.read(torn, r -> {});
            int complete = 0;
            while (complete < ends.length && ends[complete] <= cut) {
                complete++;
            }
            assertEquals(complete, scan.records(), "cut at " + cut);
            assertEquals(complete == 0 ? io.drift.storage.FileFormat.HEADER_BYTES : ends[complete - 1], scan.validBytes());
            assertEquals(scan.validBytes() < cut, scan.torn());
            WalReader.truncateTornTail(torn, scan);
            assertEquals(scan.validBytes(), Files.size(torn));
            try (WalWriter w = WalWriter.reopen(torn, scan.validBytes(), scan.lastSeq() + 1, SyncPolicy.SYNC)) {
                w.append(List.of(WalOp.delete(42)));
            }
            List<WalRecord> after = readAll(torn);
            assertEquals(complete + 1, after.size());
            assertEquals(42, after.getLast().op().id());
            assertEquals(complete + 1, after.getLast().seq());
            Files.delete(torn);
        }
    }

    @Test
    void aCorruptRecordEndsTheLogBeforeIt() throws IOException {
        Path file = dir.resolve("000003.log");
        List<WalOp> ops = batch(new SplittableRandom(3), 10, 8);
        try (WalWriter w = WalWriter.create(file, 1, SyncPolicy.SYNC)) {
            w.append(ops);
        }
        byte[] bytes = Files.readAllBytes(file);
        long start = io.drift.storage.FileFormat.HEADER_BYTES;
        for (int i = 0; i < 6; i++) {
            start += WalFormat.recordBytes(ops.get(i));
        }
        for (int offset : new int[] {0, 5, 9, 14}) { // length, crc, seq, payload of record 6
            byte[] bad = bytes.clone();
            bad[(int) start + offset] ^= 0x40;
            Path f = dir.resolve("bad.log");
            Files.write(f, bad);
            WalReader.Scan scan = WalReader.read(f, r -> {});
            assertEquals(6, scan.records(), "damage at byte " + offset + " of record 6");
            assertTrue(scan.torn());
        }
    }

    @Test
    void concurrentWritersShareFsyncs() throws Exception {
        Path file = dir.resolve("000004.log");
        AtomicInteger forces = new AtomicInteger();
        int threads = 8;
        int perThread = 25;
        ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
        try (WalWriter w = WalWriter.create(file, 1, SyncPolicy.SYNC, () -> {
            forces.incrementAndGet();
            try {
                Thread.sleep(5); // a slow disk: writers pile up behind each fsync
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            seqs.add(w.append(List.of(WalOp.delete(id * 1000L + i))));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            start.countDown();
            for (Thread t : ts) {
                t.join();
            }
            assertTrue(failures.isEmpty(), failures.toString());
            int appends = threads * perThread;
            assertEquals(forces.get(), w.syncCount());
            assertTrue(w.syncCount() < appends / 2, w.syncCount() + " fsyncs for " + appends + " appends");
        }
        List<WalRecord> read = readAll(file);
        assertEquals(threads * perThread, read.size());
        for (int i = 0; i < read.size(); i++) {
            assertEquals(i + 1, read.get(i).seq(), "sequence numbers follow file order");
        }
        assertEquals(threads * perThread, seqs.stream().distinct().count());
    }

    @Test
    void writeDefersTheFsyncToAwaitDurable() throws IOException {
        Path file = dir.resolve("000007.log");
        AtomicInteger forces = new AtomicInteger();
        try (WalWriter w = WalWriter.create(file, 5, SyncPolicy.SYNC, forces::incrementAndGet)) {
            long first = w.write(List.of(WalOp.delete(1), WalOp.delete(2)));
            long second = w.write(List.of(WalOp.delete(3)));
            assertEquals(6, first);
            assertEquals(7, second);
            assertEquals(0, forces.get(), "write alone never syncs");
            w.awaitDurable(first);
            assertEquals(1, forces.get());
            w.awaitDurable(second); // the one fsync covered both writes
            w.awaitDurable(4);      // before this log: nothing to wait for
            assertEquals(1, forces.get());
            assertThrows(IllegalArgumentException.class, () -> w.awaitDurable(8));
        }
        assertEquals(3, readAll(file).size());
    }

    @Test
    void asyncDurabilitySyncsInTheBackground() throws Exception {
        Path file = dir.resolve("000005.log");
        try (WalWriter w = WalWriter.create(file, 1, SyncPolicy.async(Duration.ofMillis(20)))) {
            w.append(List.of(WalOp.delete(1)));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (w.syncCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(w.syncCount() > 0, "the background fsync never ran");
        }
        assertEquals(1, readAll(file).size());
    }

    @Test
    void aFailedFsyncStopsTheLog() throws IOException {
        Path file = dir.resolve("000006.log");
        try (WalWriter w = WalWriter.create(file, 1, SyncPolicy.SYNC, () -> {
            throw new IOException("disk on fire");
        })) {
            assertEquals("disk on fire", assertThrows(IOException.class, () -> w.append(List.of(WalOp.delete(1)))).getMessage());
            IOException later = assertThrows(IOException.class, () -> w.append(List.of(WalOp.delete(2))));
            assertTrue(later.getMessage().contains("failed earlier"), later.getMessage());
        }
    }

    @Test
    void reopeningChecksTheLength() throws IOException {
        Path file = dir.resolve("000007.log");
        try (WalWriter w = WalWriter.create(file, 1, SyncPolicy.SYNC)) {
            w.append(List.of(WalOp.delete(1)));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), ch.size());
        }
        assertThrows(IOException.class, () -> WalWriter.reopen(file, 17, 2, SyncPolicy.SYNC));
        assertThrows(IOException.class, () -> WalWriter.create(file, 1, SyncPolicy.SYNC), "never overwrites a log");
        assertThrows(IllegalArgumentException.class, () -> new WalOp(WalOp.Type.UPSERT, 1, null, null));
        assertThrows(IllegalArgumentException.class, () -> new WalOp(WalOp.Type.DELETE, 1, new float[1], null));
        assertThrows(IllegalArgumentException.class, () -> SyncPolicy.async(Duration.ZERO));
    }

    /**
     * Logs of the older formats still replay: without a header (version 0, its first record at
     * offset 0) and version 1 (upserts without a document). Recovery appends to neither (see
     * WritePath); replay reports their version.
     */
    @Test
    void logsOfOlderFormatsStillRead() throws IOException {
        for (int version = 0; version < WalFormat.FILE_VERSION; version++) {
            SplittableRandom rnd = new SplittableRandom(31);
            List<WalOp> ops = batch(rnd, 20, 5);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 16);
            if (version > 0) {
                io.drift.storage.FileFormat.writeHeader(b, WalFormat.FILE_MAGIC, version);
            }
            for (int i = 0; i < ops.size(); i++) {
                WalFormat.encode(100 + i, ops.get(i), b, version);
            }
            Path file = dir.resolve(String.format("%06d.log", version + 1));
            Files.write(file, java.util.Arrays.copyOf(b.array(), b.position()));
            List<WalRecord> read = readAll(file);
            assertEquals(ops.size(), read.size());
            for (int i = 0; i < ops.size(); i++) {
                assertEquals(100 + i, read.get(i).seq());
                assertSame(ops.get(i), read.get(i).op());
            }
            WalReader.Scan scan = WalReader.read(file, r -> { });
            assertEquals(b.position(), scan.validBytes());
            assertEquals(version, scan.version());
        }
    }

    /** Upserts carry their row's document, from one byte to the largest a record holds; deletes none. */
    @Test
    void documentsRoundTrip() throws IOException {
        Path file = dir.resolve("000001.log");
        byte[] big = new byte[WalOp.MAX_DOC_BYTES];
        new SplittableRandom(3).nextBytes(big);
        List<WalOp> ops = List.of(WalOp.upsert(1, new float[] {1, 2}, new byte[] {7}),
                WalOp.upsert(2, new float[] {3, 4}), WalOp.delete(1), WalOp.upsert(-1, new float[] {5, 6}, big));
        try (WalWriter w = WalWriter.create(file, 1, io.drift.wal.SyncPolicy.SYNC)) {
            w.append(ops);
        }
        List<WalRecord> read = readAll(file);
        assertEquals(ops.size(), read.size());
        for (int i = 0; i < ops.size(); i++) {
            assertSame(ops.get(i), read.get(i).op());
        }
        assertThrows(IllegalArgumentException.class, () -> WalOp.upsert(1, new float[1], new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> WalOp.upsert(1, new float[1], new byte[WalOp.MAX_DOC_BYTES + 1]));
    }

    /** A log this build cannot read (a newer format, a damaged header) is refused, never cut as a torn tail. */
    @Test
    void aLogOfAnotherFormatOrWithADamagedHeaderIsRefused() throws IOException {
        Path file = dir.resolve("000001.log");
        try (WalWriter w = WalWriter.create(file, 1, io.drift.wal.SyncPolicy.SYNC)) {
            w.append(batch(new SplittableRandom(5), 4, 3));
        }
        byte[] good = Files.readAllBytes(file);
        assertEquals("DRIFTWAL", new String(good, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));

        byte[] newer = good.clone();
        java.nio.ByteBuffer.wrap(newer).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, WalFormat.FILE_VERSION + 1);
        java.nio.ByteBuffer.wrap(newer).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(12,
                io.drift.storage.FileFormat.crc32c(newer, 0, 12));
        Files.write(file, newer);
        IOException e = assertThrows(io.drift.storage.CorruptFileException.class, () -> readAll(file));
        assertTrue(e.getMessage().contains("format version " + (WalFormat.FILE_VERSION + 1) + " is not supported"), e.getMessage());

        byte[] damaged = good.clone();
        damaged[9] ^= 1;
        Files.write(file, damaged);
        e = assertThrows(io.drift.storage.CorruptFileException.class, () -> readAll(file));
        assertTrue(e.getMessage().contains("log header") && e.getMessage().contains("CRC32C mismatch"), e.getMessage());
        assertEquals(damaged.length, Files.size(file), "nothing was cut off");
    }
}
