package io.drift.dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * A fast content fingerprint of vectors: CRC32C over the shape and the raw little-endian float
 * bits of every component. It identifies a dataset's content for caching, it is not a
 * cryptographic hash.
 */
final class Fingerprint {
    private static final int CHUNK_FLOATS = 1 << 14;

    private Fingerprint() {}

    /** The CRC32C of {@code base} in the high 32 bits and of {@code queries} in the low 32 bits. */
    static long of(Vectors base, Vectors queries) {
        return crc(base) << 32 | crc(queries);
    }

    static long crc(Vectors v) {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(v.size()).putInt(v.dim()).flip();
        crc.update(buffer);
        float[] data = v.data();
        for (int from = 0; from < data.length; from += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, data.length - from);
            buffer.clear();
            buffer.asFloatBuffer().put(data, from, n);
            buffer.limit(n * Float.BYTES);
            crc.update(buffer);
        }
        return crc.getValue();
    }
}
