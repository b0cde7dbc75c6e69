package io.drift.storage;

import io.drift.codec.alp.FloatVectorDecoder;
import io.drift.quant.SQ8;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * Zero-copy access to one bucket block inside a mapped segment: every column is a slice of the
 * mapping, found through the block header in O(1). Constructing a view checks the header's
 * structure (magic, dimension, offsets inside the block, alignment); {@link #verifyChecksum}
 * checks the CRC of every byte. Views are immutable; {@link #vector} needs a
 * {@link FloatVectorDecoder}, which is per thread.
 */
public final class BucketView {

    private final MemorySegment block;
    private final int ordinal;
    private final int rows;
    private final int dim;
    private final int version;
    private final ChunkLayout layout;

    private BucketView(MemorySegment block, int ordinal, int rows, int dim, int version) {
        this.block = block;
        this.ordinal = ordinal;
        this.rows = rows;
        this.dim = dim;
        this.version = version;
        this.layout = ChunkLayout.of(dim);
    }

    /**
     * A view of the block {@code block} (exactly its bytes), bucket {@code ordinal} of a segment of
     * dimension {@code dim} in format {@code version}.
     */
    static BucketView open(MemorySegment block, int ordinal, int dim, int version, Path file)
            throws CorruptFileException {
        String region = region(ordinal);
        if (block.byteSize() < BucketBlock.HEADER_BYTES
                || !java.util.Arrays.equals(block.asSlice(0, 4).toArray(ValueLayout.JAVA_BYTE), BucketBlock.MAGIC)) {
            throw new CorruptFileException(file, region, "bad block magic, expected BKT1");
        }
        int rows = block.get(LittleEndian.INT, BucketBlock.ROWS);
        int blockDim = block.get(LittleEndian.INT, BucketBlock.DIM);
        if (blockDim != dim) {
            throw new CorruptFileException(file, region, "dimension " + blockDim + " differs from the segment's " + dim);
        }
        if (rows < 1) {
            throw new CorruptFileException(file, region, "row count " + rows);
        }
        long size = block.byteSize();
        long[][] columns = {
            {BucketBlock.CENTROID, 4L * dim}, {BucketBlock.SQ8_MIN, 4L * dim}, {BucketBlock.SQ8_STEP, 4L * dim},
            {BucketBlock.CODES, (long) rows * dim}, {BucketBlock.CORRECTIONS, 4L * rows},
            {BucketBlock.VECTOR_TABLE, 4L * (BucketBlock.chunks(rows, dim, version) + 1)}, {BucketBlock.STATS, 4L * (dim + 2)},
        };
        for (long[] c : columns) {
            long off = Integer.toUnsignedLong(block.get(LittleEndian.INT, c[0]));
            if (off < BucketBlock.HEADER_BYTES || off % 64 != 0 || off + c[1] > size) {
                throw new CorruptFileException(file, region, "column at header offset " + c[0] + " points to byte "
                        + off + " (length " + c[1] + ") outside the " + size + "-byte block or off a 64-byte boundary");
            }
        }
        long ids = Integer.toUnsignedLong(block.get(LittleEndian.INT, BucketBlock.IDS));
        long idsLength = Integer.toUnsignedLong(block.get(LittleEndian.INT, BucketBlock.IDS_LENGTH));
        long vectors = Integer.toUnsignedLong(block.get(LittleEndian.INT, BucketBlock.VECTORS));
        long vectorsLength = Integer.toUnsignedLong(block.get(LittleEndian.INT, BucketBlock.VECTORS_LENGTH));
        if (ids < BucketBlock.HEADER_BYTES || ids + idsLength > size || vectors < BucketBlock.HEADER_BYTES
                || vectors + vectorsLength > size) {
            throw new CorruptFileException(file, region, "ids or vectors lie outside the block");
        }
        if (version >= 3) {
            long docs = Integer.toUnsignedLong(block.get(LittleEndian.INT, BucketBlock.DOCS));
            long docsLength = Integer.toUnsignedLong(block.get(LittleEndian.INT, BucketBlock.DOCS_LENGTH));
            if (docs == 0 ? docsLength != 0
                    : docs < BucketBlock.HEADER_BYTES || docs % 64 != 0 || docs + docsLength > size
                            || docsLength < 4L * (rows + 1)) {
                throw new CorruptFileException(file, region, "documents column at " + docs + " (length " + docsLength
                        + ") lies outside the " + size + "-byte block or off a 64-byte boundary");
            }
        }
        return new BucketView(block, ordinal, rows, dim, version);
    }

    static String region(int ordinal) {
        return "bucket " + ordinal;
    }

    /** Checks the block's CRC32C over all its bytes, and the documents column's offset table. */
    public void verifyChecksum(Path file) throws CorruptFileException {
        FileFormat.checkCrc(file, region(ordinal), block.get(LittleEndian.INT, BucketBlock.CRC), FileFormat.crc32c(block, BucketBlock.CRC));
        MemorySegment docs = docColumn();
        String problem = docs == null ? null : DocColumn.check(docs, rows);
        if (problem != null) {
            throw new CorruptFileException(file, region(ordinal), problem);
        }
    }

    public int ordinal() {
        return ordinal;
    }

    public int rows() {
        return rows;
    }

    public int dim() {
        return dim;
    }

    /** The block's bytes, for byte-for-byte copies into another segment. */
    public MemorySegment bytes() {
        return block;
    }

    private long offset(int headerField) {
        return Integer.toUnsignedLong(block.get(LittleEndian.INT, headerField));
    }

    private float[] floats(int headerField, int n) {
        float[] out = new float[n];
        MemorySegment.copy(block, LittleEndian.FLOAT, offset(headerField), out, 0, n);
        return out;
    }

    public float[] centroid() {
        return floats(BucketBlock.CENTROID, dim);
    }

    /** The bucket's own quantizer. */
    public SQ8 sq8() {
        return SQ8.of(floats(BucketBlock.SQ8_MIN, dim), floats(BucketBlock.SQ8_STEP, dim));
    }

    /** The codes, {@code rows × dim} unsigned bytes, row-major; a slice of the mapping. */
    public MemorySegment codes() {
        return block.asSlice(offset(BucketBlock.CODES), (long) rows * dim);
    }

    /** The per-row ADC corrections {@code E(x)}, {@code rows} little-endian floats; a slice of the mapping. */
    public MemorySegment corrections() {
        return block.asSlice(offset(BucketBlock.CORRECTIONS), 4L * rows);
    }

    /** The ids of the rows, ascending (unsigned). */
    public long[] ids() {
        long[] ids = new long[rows];
        IdColumn.decode(block.asSlice(offset(BucketBlock.IDS), offset(BucketBlock.IDS_LENGTH)), 0, rows, ids);
        return ids;
    }

    /**
     * Decodes row {@code row}'s full-precision vector into {@code out[outOff..outOff+dim)}: from
     * format version 2 exactly the chunk (or, for {@code dim > 1024}, the pieces) holding it; in
     * version 1 the one or two 1024-value chunks of the flat array it straddles.
     */
    public void vector(int row, float[] out, int outOff, RowDecoder decoder) {
        java.util.Objects.checkIndex(row, rows);
        java.util.Objects.checkFromIndexSize(outOff, dim, out.length);
        if (version == 1) {
            vectorV1(row, out, outOff, decoder);
            return;
        }
        int c = layout.firstChunk(row);
        int from = layout.offsetInChunk(row);
        for (int piece = 0; piece < layout.piecesPer(); piece++, c++) {
            int count = layout.chunkLength(c, rows);
            if (from == 0 && (count == dim || layout.piecesPer() > 1)) {
                decodeChunk(c, count, out, outOff + piece * BucketBlock.CHUNK, decoder);
            } else {
                decodeChunk(c, count, decoder.chunk, 0, decoder);
                System.arraycopy(decoder.chunk, from, out, outOff, dim);
            }
        }
    }

    /** Decodes chunk {@code c}, which must hold {@code expected} values, into {@code dst[dstOff..)}. */
    private void decodeChunk(int c, int expected, float[] dst, int dstOff, RowDecoder decoder) {
        long table = offset(BucketBlock.VECTOR_TABLE);
        long base = offset(BucketBlock.VECTORS);
        long p = base + Integer.toUnsignedLong(block.get(LittleEndian.INT, table + 4L * c));
        long end = base + Integer.toUnsignedLong(block.get(LittleEndian.INT, table + 4L * (c + 1)));
        if (FloatVectorDecoder.count(block, p) != expected || decoder.floats.decode(block, p, dst, dstOff) != end) {
            throw new IllegalArgumentException("vector chunk " + c + " of bucket " + ordinal + " is malformed");
        }
    }

    private void vectorV1(int row, float[] out, int outOff, RowDecoder decoder) {
        long first = (long) row * dim;
        long last = first + dim; // exclusive
        for (long c = first / BucketBlock.CHUNK; c * BucketBlock.CHUNK < last; c++) {
            long chunkStart = c * BucketBlock.CHUNK;
            int count = (int) Math.min(BucketBlock.CHUNK, (long) rows * dim - chunkStart);
            decodeChunk((int) c, count, decoder.chunk, 0, decoder);
            int from = (int) (Math.max(first, chunkStart) - chunkStart);
            int to = (int) (Math.min(last, chunkStart + count) - chunkStart);
            System.arraycopy(decoder.chunk, from, out, outOff + (int) (chunkStart + from - first), to - from);
        }
    }

    /** Per-thread scratch for {@link #vector}: a float decoder and one decoded chunk. */
    public static final class RowDecoder {
        final FloatVectorDecoder floats = new FloatVectorDecoder();
        final float[] chunk = new float[BucketBlock.CHUNK];
    }

    /** Per-dimension sum of the rows. */
    public float[] sum() {
        return floats(BucketBlock.STATS, dim);
    }

    /** Root-mean-square distance of the rows to the centroid. */
    public float rmsRadius() {
        return block.get(LittleEndian.FLOAT, offset(BucketBlock.STATS) + 4L * dim);
    }

    /** Largest distance of a row to the centroid. */
    public float maxRadius() {
        return block.get(LittleEndian.FLOAT, offset(BucketBlock.STATS) + 4L * dim + 4);
    }

    /** The float codec byte of the block (RAW, ALP, ALP_RD or MIXED), for inspection. */
    public String vectorCodec() {
        return BucketBlock.vectorCodecName(Byte.toUnsignedInt(block.get(ValueLayout.JAVA_BYTE, BucketBlock.VECTOR_CODEC)));
    }

    /** The documents column, or null when the block has none (format versions 1 and 2 never do). */
    private MemorySegment docColumn() {
        if (version < 3 || offset(BucketBlock.DOCS) == 0) {
            return null;
        }
        return block.asSlice(offset(BucketBlock.DOCS), offset(BucketBlock.DOCS_LENGTH));
    }

    /** Whether any row of the bucket has a document. */
    public boolean hasDocuments() {
        return docColumn() != null;
    }

    /**
     * Row {@code row}'s document (its key and payload, opaque here), or null when it has none. The
     * column was checked when the segment first opened this bucket.
     */
    public byte[] document(int row) {
        java.util.Objects.checkIndex(row, rows);
        MemorySegment docs = docColumn();
        return docs == null ? null : DocColumn.read(docs, row);
    }

    /** Bytes of the rows' documents (0 without any), for inspection. */
    public long documentBytes() {
        MemorySegment docs = docColumn();
        return docs == null ? 0 : DocColumn.documentBytes(docs, rows);
    }

    /** Bytes of each column, for inspection: codes, corrections, ids, vectors. */
    public long idsBytes() {
        return offset(BucketBlock.IDS_LENGTH);
    }

    public long vectorsBytes() {
        return offset(BucketBlock.VECTORS_LENGTH);
    }
}
