package io.drift.wal;

import java.util.Objects;

/**
 * One logged change: an upsert of {@code id} to {@code vector} with the row's document
 * {@code doc} (its string key and payload, opaque here; null for none), or a delete of {@code id}
 * ({@code vector} and {@code doc} null). Ids are unsigned 64-bit values. Arrays are not copied;
 * callers hand over arrays they no longer modify.
 */
public record WalOp(Type type, long id, float[] vector, byte[] doc) {

    /** Largest document a record holds (docs/FORMAT.md, "Write-ahead log"): 16 MiB. */
    public static final int MAX_DOC_BYTES = 1 << 24;

    /** The operation codes of the record format (docs/FORMAT.md, "Write-ahead log"). */
    public enum Type {
        UPSERT(1), DELETE(2);

        final int code;

        Type(int code) {
            this.code = code;
        }

        static Type of(int code) {
            return switch (code) {
                case 1 -> UPSERT;
                case 2 -> DELETE;
                default -> null;
            };
        }
    }

    public WalOp {
        Objects.requireNonNull(type, "type");
        if ((type == Type.UPSERT) != (vector != null)) {
            throw new IllegalArgumentException(type == Type.UPSERT ? "an upsert needs a vector" : "a delete has no vector");
        }
        if (doc != null && (type == Type.DELETE || doc.length == 0 || doc.length > MAX_DOC_BYTES)) {
            throw new IllegalArgumentException(type == Type.DELETE ? "a delete has no document"
                    : "a document of " + doc.length + " bytes (1.." + MAX_DOC_BYTES + " or none)");
        }
    }

    public static WalOp upsert(long id, float[] vector) {
        return upsert(id, vector, null);
    }

    /** An upsert whose row carries {@code doc} (null, or at least one byte). */
    public static WalOp upsert(long id, float[] vector, byte[] doc) {
        return new WalOp(Type.UPSERT, id, Objects.requireNonNull(vector, "vector"), doc);
    }

    public static WalOp delete(long id) {
        return new WalOp(Type.DELETE, id, null, null);
    }
}
