package io.drift.storage;

import io.drift.vector.Distance;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The header page at offset 0 of a segment file: magic, version, dimension, metric, row and
 * bucket counts (docs/FORMAT.md, "Header page"). The footer is the authority; the header lets a
 * file be identified on its own and is cross-checked against the directory when opened.
 */
record SegmentHeader(int version, int dim, Distance metric, long rows, int buckets) {
    static final String REGION = "header page";

    /** The metric's byte in the format: its ordinal, fixed by docs/FORMAT.md. */
    static int metricCode(Distance m) {
        return switch (m) {
            case L2 -> 0;
            case COSINE -> 1;
            case DOT -> 2;
        };
    }

    /** The whole 4096-byte page. */
    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(AlignedFileWriter.PAGE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Footer.MAGIC).putInt(version).putInt(dim).put((byte) metricCode(metric));
        b.position(24);
        b.putLong(rows).putInt(buckets);
        b.putInt(FileFormat.crc32c(b.array(), 0, 36));
        return b.clear();
    }

    static SegmentHeader read(MemorySegment file, Path path) throws CorruptFileException {
        MemorySegment h = file.asSlice(0, AlignedFileWriter.PAGE);
        FileFormat.checkMagic(path, REGION, Footer.MAGIC, h.asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE), null);
        FileFormat.checkCrc(path, REGION, h.get(LittleEndian.INT, 36), FileFormat.crc32c(h.asSlice(0, 36)));
        int version = FileFormat.checkVersion(path, REGION, h.get(LittleEndian.INT, 8), Footer.OLDEST_READABLE,
                Footer.VERSION);
        int dim = h.get(LittleEndian.INT, 12);
        if (dim < 1 || dim > 4096) {
            throw new CorruptFileException(path, REGION, "dimension " + dim + " is outside 1..4096");
        }
        int metricByte = Byte.toUnsignedInt(h.get(ValueLayout.JAVA_BYTE, 16));
        if (metricByte > 2) {
            throw new CorruptFileException(path, REGION, "unknown metric code " + metricByte);
        }
        Distance metric = metricByte == 0 ? Distance.L2 : metricByte == 1 ? Distance.COSINE : Distance.DOT;
        return new SegmentHeader(version, dim, metric, h.get(LittleEndian.LONG, 24), h.get(LittleEndian.INT, 32));
    }
}
