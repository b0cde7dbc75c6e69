package io.drift.storage;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The last 64 bytes of a segment file: where the directory, id index and Bloom filter are, the
 * format version and the magic {@code DRIFT_V1} (docs/FORMAT.md, "Footer").
 */
record Footer(long directoryOffset, long directoryLength, long idIndexOffset, long idIndexLength,
              long bloomOffset, long bloomLength, int version) {
    static final int BYTES = 64;
    /** The version this build writes. */
    static final int VERSION = 3;
    /** The oldest version this build still reads (version 1 cut vectors into chunks across rows). */
    static final int OLDEST_READABLE = 1;
    static final byte[] MAGIC = FileFormat.magic("DRIFT_V1");
    static final String REGION = "footer";

    /** The footer's 64 bytes, CRC included. */
    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(directoryOffset).putLong(directoryLength)
                .putLong(idIndexOffset).putLong(idIndexLength)
                .putLong(bloomOffset).putLong(bloomLength)
                .putInt(version);
        b.putInt(FileFormat.crc32c(b.array(), 0, 52));
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
        FileFormat.checkMagic(path, REGION, MAGIC, f.asSlice(56, 8).toArray(ValueLayout.JAVA_BYTE),
                "not a segment file, or truncated");
        FileFormat.checkCrc(path, REGION, f.get(LittleEndian.INT, 52), FileFormat.crc32c(f.asSlice(0, 52)));
        Footer footer = new Footer(f.get(LittleEndian.LONG, 0), f.get(LittleEndian.LONG, 8), f.get(LittleEndian.LONG, 16), f.get(LittleEndian.LONG, 24),
                f.get(LittleEndian.LONG, 32), f.get(LittleEndian.LONG, 40), f.get(LittleEndian.INT, 48));
        FileFormat.checkVersion(path, REGION, footer.version, OLDEST_READABLE, VERSION);
        long end = size - BYTES;
        checkRegion(path, "bucket directory", footer.directoryOffset, footer.directoryLength, end);
        checkRegion(path, "id index", footer.idIndexOffset, footer.idIndexLength, end);
        checkRegion(path, "bloom filter", footer.bloomOffset, footer.bloomLength, end);
        return footer;
    }

    private static void checkRegion(Path path, String name, long offset, long length, long end)
            throws CorruptFileException {
        if (offset < AlignedFileWriter.PAGE || length < 0 || offset > end || length > end - offset) {
            throw new CorruptFileException(path, REGION, name + " at [" + offset + ", +" + length
                    + ") lies outside the file body [4096, " + end + ")");
        }
    }
}
