package io.drift.wal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Reads a log file from the start, record by record, and stops at the first record that is
 * incomplete or fails its checksum: everything before it is the log, everything from it on is a
 * torn tail (a write the process or machine did not finish) to be cut off.
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
     */
    public record Scan(long records, long lastSeq, long validBytes, long fileBytes) {
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
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            while (true) {
                if (!readFully(in, header, WalFormat.HEADER_BYTES)) {
                    break;
                }
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
                WalRecord r = WalFormat.decode(body, length, crc);
                if (r == null) {
                    break;
                }
                sink.accept(r);
                count++;
                lastSeq = r.seq();
                pos += WalFormat.HEADER_BYTES + length;
            }
        }
        return new Scan(count, lastSeq, pos, size);
    }

    private static boolean readFully(InputStream in, byte[] buf, int n) throws IOException {
        int off = 0;
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
