package io.drift.payload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 64-bit hash that turns a row's string key into an internal id: the first half ({@code h1})
 * of Austin Appleby's MurmurHash3_x64_128 of the key's UTF-8, seeded with a probe number, so that
 * on a collision the engine can try the next probe.
 */
public final class KeyHash {
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private KeyHash() {}

    /**
     * MurmurHash3_x64_128's {@code h1} of {@code utf8} with the seed {@code probe}, taken as an
     * unsigned 32-bit number as in the reference code.
     */
    public static long hash(byte[] utf8, int probe) {
        int len = utf8.length;
        long h1 = Integer.toUnsignedLong(probe);
        long h2 = h1;
        int blocks = len & ~15;
        for (int i = 0; i < blocks; i += 16) {
            h1 ^= mixK1((long) LONG_LE.get(utf8, i));
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2((long) LONG_LE.get(utf8, i + 8));
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = len - blocks;
        if (tail > 8) {
            h2 ^= mixK2(littleEndian(utf8, blocks + 8, tail - 8));
        }
        if (tail > 0) {
            h1 ^= mixK1(littleEndian(utf8, blocks, Math.min(tail, 8)));
        }
        h1 ^= len;
        h2 ^= len;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        return h1 + h2;
    }

    /** The {@code n} bytes from {@code off} as a little-endian number. */
    private static long littleEndian(byte[] b, int off, int n) {
        long k = 0;
        for (int i = n - 1; i >= 0; i--) {
            k = k << 8 | (b[off + i] & 0xFF);
        }
        return k;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
