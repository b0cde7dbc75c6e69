package io.drift.storage;

import io.drift.codec.alp.AlpCompressor;
import io.drift.codec.alp.EncodedFloats;
import io.drift.codec.alp.FloatCodec;
import io.drift.quant.SQ8;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds the bytes of one self-contained bucket block (docs/FORMAT.md, "Bucket block"): a
 * 128-byte header, then centroid, SQ8 parameters, codes, corrections, ids, the vector chunk-offset
 * table, the full-precision vectors, the stats and (from version 3, when a row has one) the rows'
 * documents, each array starting at a multiple of 64 bytes from the block start. Rows are stored
 * sorted by id (unsigned). {@link BucketView} reads it.
 */
final class BucketBlock {
    static final byte[] MAGIC = "BKT1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = 128;
    static final int ID_CODEC_FASTLANES_DELTA = 1;
    /** Vector codec byte when rows use different float codecs. */
    static final int VECTOR_CODEC_MIXED = 3;

    // header field offsets
    static final int ROWS = 4, DIM = 8, ID_CODEC = 12, VECTOR_CODEC = 13, CRC = 16;
    static final int CENTROID = 24, SQ8_MIN = 28, SQ8_STEP = 32, CODES = 36, CORRECTIONS = 40;
    static final int IDS = 44, IDS_LENGTH = 48, VECTOR_TABLE = 52, VECTORS = 56, VECTORS_LENGTH = 60, STATS = 64;
    static final int DOCS = 68, DOCS_LENGTH = 72;

    private BucketBlock() {}

    /**
     * An encoded block, positioned at 0 with its CRC filled in, and the bucket's ids in the order
     * its rows are stored (ascending, unsigned).
     */
    record Encoded(ByteBuffer bytes, long[] sortedIds) {}

    /**
     * Encodes a bucket of {@code n >= 1} rows: {@code ids[0..n)}, their vectors
     * {@code vectors[r·d..(r+1)·d)}, quantized with {@code sq8}, and their documents
     * {@code docs[0..n)} (opaque bytes; null, or a null or empty entry, for a row without one).
     */
    static Encoded encode(float[] centroid, SQ8 sq8, long[] ids, float[] vectors, byte[][] docs, int n) {
        int d = centroid.length;
        if (n < 1) {
            throw new IllegalArgumentException("a bucket needs at least one row");
        }
        if (sq8.dim() != d || vectors.length < n * d || ids.length < n || (docs != null && docs.length < n)) {
            throw new IllegalArgumentException("bucket arrays disagree: dim " + d + ", SQ8 dim " + sq8.dim()
                    + ", " + ids.length + " ids and " + vectors.length + " floats for " + n + " rows");
        }
        Integer[] order = idOrder(ids, n);
        long[] sortedIds = new long[n];
        for (int r = 0; r < n; r++) {
            sortedIds[r] = ids[order[r]];
        }

        // Encode the variable-size columns first, so the layout can be computed in one pass.
        byte[] idBytes = IdColumn.encode(sortedIds, n);
        // Full-precision vectors: the rows (in id order) as one flat array, cut into chunks of whole
        // rows (or 1024-value pieces of one long row): short rows share a chunk, so none pads a
        // FastLanes block, and a row is decoded from exactly the chunks that hold it.
        float[] flat = new float[n * d];
        for (int r = 0; r < n; r++) {
            System.arraycopy(vectors, order[r] * d, flat, r * d, d);
        }
        EncodedFloats[] chunks = AlpCompressor.encodeRowGroups(flat, 0, flat.length, ChunkLayout.of(d)::length);
        int[] table = new int[chunks.length + 1];
        int vectorBytes = 0;
        int codecs = 0; // bit set of FloatCodec ids used
        for (int c = 0; c < chunks.length; c++) {
            vectorBytes += chunks[c].sizeInBytes();
            table[c + 1] = vectorBytes;
            codecs |= 1 << chunks[c].codec().id();
        }

        int centroidOff = HEADER_BYTES;
        int minOff = align64(centroidOff + 4 * d);
        int stepOff = align64(minOff + 4 * d);
        int codesOff = align64(stepOff + 4 * d);
        int corrOff = align64(codesOff + n * d);
        int idsOff = align64(corrOff + 4 * n);
        int tableOff = align64(idsOff + idBytes.length);
        int vectorsOff = align64(tableOff + 4 * table.length);
        int statsOff = align64(vectorsOff + vectorBytes);
        byte[] docColumn = DocColumn.encode(docs, order);
        int docsOff = docColumn == null ? 0 : align64(statsOff + 4 * (d + 2));
        int size = docColumn == null ? align64(statsOff + 4 * (d + 2)) : align64(docsOff + docColumn.length);

        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(n).putInt(d).put((byte) ID_CODEC_FASTLANES_DELTA)
                .put((byte) (Integer.bitCount(codecs) == 1 ? Integer.numberOfTrailingZeros(codecs) : VECTOR_CODEC_MIXED));
        b.position(CENTROID);
        b.putInt(centroidOff).putInt(minOff).putInt(stepOff).putInt(codesOff).putInt(corrOff)
                .putInt(idsOff).putInt(idBytes.length).putInt(tableOff).putInt(vectorsOff).putInt(vectorBytes)
                .putInt(statsOff).putInt(docsOff).putInt(docColumn == null ? 0 : docColumn.length);

        putFloats(b, centroidOff, centroid, 0, d);
        putFloats(b, minOff, sq8.mins(), 0, d);
        putFloats(b, stepOff, sq8.steps(), 0, d);
        putCodesAndStats(b, centroid, sq8, vectors, order, codesOff, corrOff, statsOff);
        b.put(idsOff, idBytes);
        if (docColumn != null) {
            b.put(docsOff, docColumn);
        }
        for (int c = 0; c < table.length; c++) {
            b.putInt(tableOff + 4 * c, table[c]);
        }
        b.position(vectorsOff);
        for (EncodedFloats e : chunks) {
            e.writeTo(b);
        }
        b.putInt(CRC, FileFormat.crc32c(b.array(), 0, size));
        return new Encoded(b.clear(), sortedIds);
    }

    /** The positions {@code 0..n-1} ordered by their ids, ascending unsigned; an id twice is refused. */
    private static Integer[] idOrder(long[] ids, int n) {
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(ids[a], ids[b]));
        for (int r = 1; r < n; r++) {
            if (ids[order[r]] == ids[order[r - 1]]) {
                throw new IllegalArgumentException("id " + Long.toUnsignedString(ids[order[r]]) + " appears twice in a bucket");
            }
        }
        return order;
    }

    /**
     * Writes the rows' SQ8 codes and ADC corrections (rows in {@code order}), and the stats: the sum
     * of the rows, their RMS and largest distance to the centroid.
     */
    private static void putCodesAndStats(ByteBuffer b, float[] centroid, SQ8 sq8, float[] vectors, Integer[] order,
                                         int codesOff, int corrOff, int statsOff) {
        int d = centroid.length;
        int n = order.length;
        MemorySegment seg = MemorySegment.ofArray(b.array());
        double[] sum = new double[d];
        double sumSq = 0;
        double maxSq = 0;
        for (int r = 0; r < n; r++) {
            int src = order[r] * d;
            float corr = sq8.encode(vectors, src, seg, codesOff + (long) r * d);
            b.putFloat(corrOff + 4 * r, corr);
            double distSq = 0;
            for (int i = 0; i < d; i++) {
                float v = vectors[src + i];
                sum[i] += v;
                double diff = (double) v - centroid[i];
                distSq += diff * diff;
            }
            sumSq += distSq;
            maxSq = Math.max(maxSq, distSq);
        }
        b.position(statsOff);
        for (int i = 0; i < d; i++) {
            b.putFloat((float) sum[i]);
        }
        b.putFloat((float) Math.sqrt(sumSq / n)).putFloat((float) Math.sqrt(maxSq));
    }

    /** Most values per encoded chunk of the full-precision vectors. */
    static final int CHUNK = AlpCompressor.VECTOR_SIZE;

    /**
     * Number of vector chunks of a block of {@code n} rows of {@code d} values. Version 1 cut the
     * flat array every 1024 values; from version 2 no chunk crosses a row boundary
     * ({@link ChunkLayout}).
     */
    static int chunks(int n, int d, int version) {
        return version == 1 ? (int) (((long) n * d + CHUNK - 1) / CHUNK) : ChunkLayout.of(d).chunks(n);
    }

    /** The codec byte's meaning, for {@code segment inspect}. */
    static String vectorCodecName(int code) {
        return code == VECTOR_CODEC_MIXED ? "MIXED" : FloatCodec.fromId(code).name();
    }

    private static void putFloats(ByteBuffer b, int off, float[] v, int from, int n) {
        for (int i = 0; i < n; i++) {
            b.putFloat(off + 4 * i, v[from + i]);
        }
    }

    static int align64(int x) {
        return (x + 63) & -64;
    }
}
