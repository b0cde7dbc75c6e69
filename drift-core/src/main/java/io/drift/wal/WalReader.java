package io.drift.wal;

import io.drift.storage.CorruptFileException;
import io.drift.storage.FileFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a log file from the start, record by record, and stops at the first record that is
 * incomplete or fails its checksum: everything before it is the log, everything from it on is a
 * torn tail (a write the process or machine did not finish) to be cut off. The file header is
 * checked first (a log is created whole, header included, so a bad header is corruption, not a
 * torn write); a log without one, written before headers existed, is read from its first record.
 */
public final class WalReader {

    private static final System.Logger LOG = System.getLogger(WalReader.class.getName());

    /**
     * What a pass over a file found.
     *
     * @param records    records read
     * @param lastSeq    the sequence number of the last record, or -1
     * @param validBytes where the last good record ends
     * @param fileBytes  the file's length
     * @param version    the file's format version (0 without a header)
     */
    public record Scan(long records, long lastSeq, long validBytes, long fileBytes, int version) {
        /** Whether bytes follow the last good record. */
        public boolean torn() {
            return validBytes < fileBytes;
        }
    }

    private WalReader() {}

    /** Hands every good record of {@code file} to {@code sink}, in order. */
    public static Scan read(Path file, Consumer<WalRecord> sink) throws IOException {
        long size = Files.size(file);
        long pos = 0;
        long count = 0;
        long lastSeq = -1;
        byte[] header = new byte[WalFormat.HEADER_BYTES];
        byte[] body = new byte[256];
        int version = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            // a file header, or (a log written before headers) the first record's length and CRC
            boolean pending = readFully(in, header, WalFormat.HEADER_BYTES);
            if (pending && Arrays.equals(header, WalFormat.FILE_MAGIC)) {
                byte[] fileHeader = Arrays.copyOf(header, FileFormat.HEADER_BYTES);
                if (!readFully(in, fileHeader, FileFormat.MAGIC_BYTES, FileFormat.HEADER_BYTES - FileFormat.MAGIC_BYTES)) {
                    throw new CorruptFileException(file, "log header", "is " + size + " bytes, shorter than a header");
                }
                version = FileFormat.readHeader(fileHeader, file, "log header", WalFormat.FILE_MAGIC, 1,
                        WalFormat.FILE_VERSION);
                pos = FileFormat.HEADER_BYTES;
                pending = readFully(in, header, WalFormat.HEADER_BYTES);
            }
            while (pending) {
                ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
                int length = h.getInt();
                int crc = h.getInt();
                if (length < WalFormat.MIN_BODY || length > WalFormat.MAX_BODY) {
                    break;
                }
                if (body.length < length) {
                    body = new byte[Math.max(length, body.length * 2)];
                }
                if (!readFully(in, body, length)) {
                    break;
                }
                WalRecord r = WalFormat.decode(body, length, crc, version);
                if (r == null) {
                    break;
                }
                sink.accept(r);
                count++;
                lastSeq = r.seq();
                pos += WalFormat.HEADER_BYTES + length;
                pending = readFully(in, header, WalFormat.HEADER_BYTES);
            }
        }
        return new Scan(count, lastSeq, pos, size, version);
    }

    private static boolean readFully(InputStream in, byte[] buf, int n) throws IOException {
        return readFully(in, buf, 0, n);
    }

    private static boolean readFully(InputStream in, byte[] buf, int from, int n) throws IOException {
        int off = from;
        n += from;
        while (off < n) {
            int r = in.read(buf, off, n - off);
            if (r < 0) {
                return false;
            }
            off += r;
        }
        return true;
    }

    /**
     * Cuts a torn tail off {@code file} (and fsyncs it), logging a warning that says how many
     * bytes were dropped; does nothing when the scan found none.
     */
    public static void truncateTornTail(Path file, Scan scan) throws IOException {
        if (!scan.torn()) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "write-ahead log {0}: dropping a torn tail of {1} bytes after {2} good"
                + " records (a write that was never acknowledged)", file, scan.fileBytes() - scan.validBytes(), scan.records());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(scan.validBytes());
            ch.force(true);
        }
    }
}
