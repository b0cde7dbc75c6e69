package io.drift.wal;

import java.util.Objects;

/**
 * One logged change: an upsert of {@code id} to {@code vector}, or a delete of {@code id}
 * ({@code vector} null). Ids are unsigned 64-bit values. The vector is not copied; callers hand
 * over arrays they no longer modify.
 */
public record WalOp(Type type, long id, float[] vector) {

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
    }

    public static WalOp upsert(long id, float[] vector) {
        return new WalOp(Type.UPSERT, id, Objects.requireNonNull(vector, "vector"));
    }

    public static WalOp delete(long id) {
        return new WalOp(Type.DELETE, id, null);
    }
}
