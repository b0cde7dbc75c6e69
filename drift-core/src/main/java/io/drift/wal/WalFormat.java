package io.drift.wal;

import io.drift.storage.FileFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The byte layout of a log file (docs/FORMAT.md, "Write-ahead log"): a standard header
 * ({@link FileFormat}: magic {@code DRIFTWAL}, version {@value #FILE_VERSION}, checksum), then
 * records. Files written before the header existed start with their first record and are read as
 * version 0: a record starts with its length, at most {@value #MAX_BODY}, and the magic read as a
 * length is far larger, so the two cannot be mistaken for each other. One record, little-endian:
 *
 * <pre>
 * length u32   bytes after the CRC field: 9 + payload
 * crc    u32   CRC32C of those bytes
 * seq    u64
 * op     u8    1 UPSERT, 2 DELETE
 * payload      UPSERT: id u64, dim u32, dim × f32, then from version 2 docLength u32 and the
 *              document (0 bytes: none);  DELETE: id u64
 * </pre>
 */
final class WalFormat {

    static final byte[] FILE_MAGIC = FileFormat.magic("DRIFTWAL");
    /** The version this build writes and reads; 0 is the headerless format, still read. */
    static final int FILE_VERSION = 2;
    /** The first version whose upserts carry a document. */
    static final int DOCUMENTS = 2;
    static final int HEADER_BYTES = 8; // length + crc
    static final int MIN_BODY = 8 + 1 + 8; // seq, op, id
    /** Largest body accepted when reading: 4096 floats, the largest document and the fixed fields. */
    static final int MAX_BODY = 8 + 1 + 8 + 4 + 4 * 4096 + 4 + WalOp.MAX_DOC_BYTES;

    private WalFormat() {}

    static int bodyBytes(WalOp op, int version) {
        if (op.type() != WalOp.Type.UPSERT) {
            return MIN_BODY;
        }
        int vector = MIN_BODY + 4 + 4 * op.vector().length;
        return version < DOCUMENTS ? vector : vector + 4 + (op.doc() == null ? 0 : op.doc().length);
    }

    static int recordBytes(WalOp op) {
        return HEADER_BYTES + bodyBytes(op, FILE_VERSION);
    }

    /** Appends the record for {@code op} with sequence number {@code seq} to {@code out}. */
    static void encode(long seq, WalOp op, ByteBuffer out) {
        encode(seq, op, out, FILE_VERSION);
    }

    /**
     * Appends the record for {@code op} as a file of format {@code version} holds it (the older
     * formats only for tests that write old logs: they hold no documents).
     */
    static void encode(long seq, WalOp op, ByteBuffer out, int version) {
        if (version < DOCUMENTS && op.doc() != null) {
            throw new IllegalArgumentException("log format " + version + " holds no documents");
        }
        int body = bodyBytes(op, version);
        int start = out.position();
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(body).putInt(0).putLong(seq).put((byte) op.type().code).putLong(op.id());
        if (op.type() == WalOp.Type.UPSERT) {
            float[] v = op.vector();
            out.putInt(v.length);
            for (float x : v) {
                out.putFloat(x);
            }
            byte[] doc = op.doc();
            if (version >= DOCUMENTS) {
                out.putInt(doc == null ? 0 : doc.length);
            }
            if (doc != null) {
                out.put(doc);
            }
        }
        out.putInt(start + 4, FileFormat.crc32c(out.array(), out.arrayOffset() + start + HEADER_BYTES, body));
    }

    /**
     * Decodes the record whose body is {@code body} (the bytes after the CRC) in a file of format
     * {@code version}, or returns null when its CRC or structure is wrong.
     */
    static WalRecord decode(byte[] body, int length, int storedCrc, int version) {
        if (FileFormat.crc32c(body, 0, length) != storedCrc || length < MIN_BODY) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(body, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        long seq = b.getLong();
        WalOp.Type type = WalOp.Type.of(Byte.toUnsignedInt(b.get()));
        long id = b.getLong();
        if (type == WalOp.Type.DELETE && length == MIN_BODY) {
            return new WalRecord(seq, WalOp.delete(id));
        }
        if (type != WalOp.Type.UPSERT || length < MIN_BODY + 4) {
            return null;
        }
        int dim = b.getInt();
        long vectorEnd = MIN_BODY + 4 + 4L * dim;
        if (dim < 1 || (version < DOCUMENTS ? length != vectorEnd : length < vectorEnd + 4)) {
            return null;
        }
        float[] v = new float[dim];
        b.asFloatBuffer().get(v);
        if (version < DOCUMENTS) {
            return new WalRecord(seq, WalOp.upsert(id, v));
        }
        b.position((int) vectorEnd);
        int docLength = b.getInt();
        if (docLength < 0 || docLength > WalOp.MAX_DOC_BYTES || length != vectorEnd + 4 + docLength) {
            return null;
        }
        byte[] doc = null;
        if (docLength > 0) {
            doc = new byte[docLength];
            b.get(doc);
        }
        return new WalRecord(seq, WalOp.upsert(id, v, doc));
    }
}
