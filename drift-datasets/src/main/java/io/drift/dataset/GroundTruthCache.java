package io.drift.dataset;

import io.drift.Metric;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * The on-disk form of cached ground truth. A file holds, little-endian:
 *
 * <pre>
 *   int32 magic 'DRGT', int32 version,
 *   int32 metric ordinal, int32 queries, int32 k (stored), int32 k (requested),
 *   int32 base rows, int32 dimension, int64 content fingerprint,
 *   queries x k int32 ids, queries x k float32 distances,
 *   int32 CRC32C of all preceding bytes
 * </pre>
 *
 * Files are written to a temporary file, forced to disk and renamed over the target, so a reader
 * sees either the old file, the new one or none.
 */
final class GroundTruthCache {
    static final int MAGIC = 0x54475244; // "DRGT" read as little-endian bytes
    static final int VERSION = 1;
    static final int HEADER_BYTES = 8 * Integer.BYTES + Long.BYTES;

    private GroundTruthCache() {}

    /**
     * What a cache file must describe to be used: the dataset, its content fingerprint, the
     * metric and k.
     */
    record Key(String dataset, Metric metric, int requestedK, int queries, int baseRows, int dim, long fingerprint) {

        /** The stored k: the requested k, or every base row when there are fewer. */
        int k() {
            return Math.min(requestedK, baseRows);
        }

        /** A file name unique to this key: readable prefix, then the fingerprint. */
        String fileName() {
            String safe = dataset.replaceAll("[^A-Za-z0-9._-]", "_");
            if (safe.length() > 96) {
                safe = safe.substring(0, 96);
            }
            return String.format(Locale.ROOT, "%s-%s-k%d-%016x.gt",
                    safe, metric.name().toLowerCase(Locale.ROOT), requestedK, fingerprint);
        }

        long fileBytes() {
            return HEADER_BYTES + (long) queries * k() * (Integer.BYTES + Float.BYTES) + Integer.BYTES;
        }
    }

    /**
     * Reads {@code file}, checking it against {@code key} and its checksum.
     *
     * @throws MalformedFileException if the file is damaged or describes other data
     */
    static Neighbors read(Path file, Key key) throws IOException {
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                ChannelReader in = new ChannelReader(file, ch, ByteOrder.LITTLE_ENDIAN, crc)) {
            if (ch.size() < HEADER_BYTES) {
                throw new MalformedFileException(file, "truncated ground-truth header: " + ch.size() + " bytes");
            }
            expect(file, "magic", in.readInt(() -> "magic"), MAGIC);
            expect(file, "format version", in.readInt(() -> "version"), VERSION);
            expect(file, "metric ordinal", in.readInt(() -> "metric"), key.metric().ordinal());
            expect(file, "query count", in.readInt(() -> "query count"), key.queries());
            expect(file, "stored k", in.readInt(() -> "k"), key.k());
            expect(file, "requested k", in.readInt(() -> "requested k"), key.requestedK());
            expect(file, "base row count", in.readInt(() -> "base row count"), key.baseRows());
            expect(file, "dimension", in.readInt(() -> "dimension"), key.dim());
            long fingerprint = in.readLong(() -> "fingerprint");
            if (fingerprint != key.fingerprint()) {
                throw new MalformedFileException(file, String.format(Locale.ROOT,
                        "content fingerprint %016x differs from the dataset's %016x", fingerprint, key.fingerprint()));
            }
            if (ch.size() != key.fileBytes()) {
                throw new MalformedFileException(file, "file has " + ch.size() + " bytes but its header implies "
                        + key.fileBytes());
            }
            int n = key.queries() * key.k();
            int[] ids = new int[n];
            float[] distances = new float[n];
            in.readInts(ids, 0, n, () -> "ids");
            in.readFloats(distances, 0, n, () -> "distances");
            int computed = (int) crc.getValue();
            int stored = in.readInt(() -> "checksum");
            if (computed != stored) {
                throw new MalformedFileException(file, String.format(Locale.ROOT,
                        "checksum mismatch: stored %08x, computed %08x", stored, computed));
            }
            for (int i = 0; i < n; i++) {
                if (ids[i] < 0 || ids[i] >= key.baseRows()) {
                    throw new MalformedFileException(file, "id " + ids[i] + " at position " + i
                            + " is not a base row index (0.." + (key.baseRows() - 1) + ")");
                }
            }
            return new Neighbors(key.queries(), key.k(), ids, distances);
        }
    }

    private static void expect(Path file, String field, int actual, int expected) throws MalformedFileException {
        if (actual != expected) {
            throw new MalformedFileException(file, "header " + field + " is " + actual + " but " + expected + " was expected");
        }
    }

    /** Writes {@code neighbors} for {@code key} to {@code file} atomically and durably. */
    static void write(Path file, Key key, Neighbors neighbors) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            CRC32C crc = new CRC32C();
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    ChannelWriter out = new ChannelWriter(ch, ByteOrder.LITTLE_ENDIAN, crc)) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(key.metric().ordinal());
                out.writeInt(neighbors.queries());
                out.writeInt(neighbors.k());
                out.writeInt(key.requestedK());
                out.writeInt(key.baseRows());
                out.writeInt(key.dim());
                out.writeLong(key.fingerprint());
                out.writeInts(neighbors.ids(), 0, neighbors.ids().length);
                out.writeFloats(neighbors.distances(), 0, neighbors.distances().length);
                out.flush();
                out.writeInt((int) crc.getValue());
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** Makes the rename durable; a no-op where directories cannot be opened (some platforms). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Directories cannot be opened or forced everywhere (for example on Windows); the
            // file content itself is already on disk.
        }
    }
}
