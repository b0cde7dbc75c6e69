package io.drift.storage;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The last 64 bytes of a segment file: where the directory, id index and Bloom filter are, the
 * format version and the magic {@code DRIFT_V1} (docs/FORMAT.md, "Footer").
 */
record Footer(long directoryOffset, long directoryLength, long idIndexOffset, long idIndexLength,
              long bloomOffset, long bloomLength, int version) {
    static final int BYTES = 64;
    /** The version this build writes. */
    static final int VERSION = 2;
    /** The oldest version this build still reads (version 1 cut vectors into chunks across rows). */
    static final int OLDEST_READABLE = 1;
    static final byte[] MAGIC = "DRIFT_V1".getBytes(StandardCharsets.US_ASCII);
    static final String REGION = "footer";

    /** The footer's 64 bytes, CRC included. */
    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(directoryOffset).putLong(directoryLength)
                .putLong(idIndexOffset).putLong(idIndexLength)
                .putLong(bloomOffset).putLong(bloomLength)
                .putInt(version);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 52);
        b.putInt((int) crc.getValue());
        b.put(MAGIC);
        return b.flip();
    }

    /**
     * Reads and checks the footer of a whole mapped file: size, magic, version, CRC, and that
     * every region lies between the header page and the footer.
     */
    static Footer read(MemorySegment file, Path path) throws CorruptFileException {
        long size = file.byteSize();
        if (size < AlignedFileWriter.PAGE + BYTES) {
            throw new CorruptFileException(path, REGION,
                    "file is " + size + " bytes, shorter than a header page and a footer (" + (AlignedFileWriter.PAGE + BYTES) + ")");
        }
        MemorySegment f = file.asSlice(size - BYTES, BYTES);
        byte[] magic = f.asSlice(56, 8).toArray(ValueLayout.JAVA_BYTE);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new CorruptFileException(path, REGION, "bad magic " + printable(magic) + ", expected DRIFT_V1"
                    + " (not a segment file, or truncated)");
        }
        CRC32C crc = new CRC32C();
        crc.update(f.asSlice(0, 52).asByteBuffer());
        int stored = f.get(LittleEndian.INT, 52);
        if (stored != (int) crc.getValue()) {
            throw new CorruptFileException(path, REGION, String.format("CRC32C mismatch: stored 0x%08x, computed 0x%08x",
                    stored, (int) crc.getValue()));
        }
        Footer footer = new Footer(f.get(LittleEndian.LONG, 0), f.get(LittleEndian.LONG, 8), f.get(LittleEndian.LONG, 16), f.get(LittleEndian.LONG, 24),
                f.get(LittleEndian.LONG, 32), f.get(LittleEndian.LONG, 40), f.get(LittleEndian.INT, 48));
        if (!readable(footer.version)) {
            throw new CorruptFileException(path, REGION, "format version " + footer.version
                    + " is not supported (this build reads versions " + OLDEST_READABLE + " to " + VERSION + ")");
        }
        long end = size - BYTES;
        checkRegion(path, "bucket directory", footer.directoryOffset, footer.directoryLength, end);
        checkRegion(path, "id index", footer.idIndexOffset, footer.idIndexLength, end);
        checkRegion(path, "bloom filter", footer.bloomOffset, footer.bloomLength, end);
        return footer;
    }

    static boolean readable(int version) {
        return version >= OLDEST_READABLE && version <= VERSION;
    }

    private static void checkRegion(Path path, String name, long offset, long length, long end)
            throws CorruptFileException {
        if (offset < AlignedFileWriter.PAGE || length < 0 || offset > end || length > end - offset) {
            throw new CorruptFileException(path, REGION, name + " at [" + offset + ", +" + length
                    + ") lies outside the file body [4096, " + end + ")");
        }
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            sb.append(x >= 0x20 && x < 0x7f ? Character.toString(x) : String.format("\\x%02x", x & 0xff));
        }
        return sb.append('"').toString();
    }
}
