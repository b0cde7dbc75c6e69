package io.drift.storage;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A cache-blocked Bloom filter over 64-bit ids: every id maps to one 512-bit block (one cache
 * line) and sets {@value #HASHES} bits inside it, so a lookup costs one cache miss and no
 * decoding. With {@value #BITS_PER_KEY} bits per id the false-positive rate is about 1% (measured
 * in {@code BloomFilterTest}); a segment keeps one so that a delete or upsert skips segments that
 * cannot hold the id.
 *
 * <h2>Layout (little-endian; see docs/FORMAT.md, "Bloom filter")</h2>
 * <pre>
 *   u32  blockCount      number of 64-byte blocks, >= 1
 *   u8   hashCount       bits set per id, {@value #HASHES}
 *   u8[59] zero          pads the header to 64 bytes
 *   u64[8 * blockCount]  the blocks
 * </pre>
 * An id's 64-bit hash {@code h = mix(id)} picks the block {@code ((h >>> 32) * blockCount) >>> 32}
 * and bit {@code j} of the block is {@code (g >>> (9·j)) & 511} for {@code g = h * 0x9E3779B97F4A7C15L}
 * (each bit position is nine bits of a second mix of the hash), {@code j = 0..hashCount-1}.
 * {@code mix} is the 64-bit finaliser of MurmurHash3.
 *
 * <p>Instances read a {@link MemorySegment} (heap or mapped) and are immutable and thread-safe.
 */
public final class BloomFilter {
    /** Bits set per id. */
    public static final int HASHES = 7;
    /** Filter bits per id; with {@link #HASHES} gives about 1% false positives. */
    public static final int BITS_PER_KEY = 10;
    static final int HEADER_BYTES = 64;
    static final int BLOCK_BYTES = 64;

    private final MemorySegment blocks;
    private final long blockCount;
    private final int hashCount;

    private BloomFilter(MemorySegment blocks, long blockCount, int hashCount) {
        this.blocks = blocks;
        this.blockCount = blockCount;
        this.hashCount = hashCount;
    }

    /** Blocks a filter for {@code keys} ids uses (at least one). */
    public static int blockCount(int keys) {
        if (keys < 0) {
            throw new IllegalArgumentException("negative key count " + keys);
        }
        long bits = (long) keys * BITS_PER_KEY;
        return (int) Math.max(1, (bits + 511) / 512);
    }

    /** Serialized size in bytes of a filter for {@code keys} ids. */
    public static long sizeInBytes(int keys) {
        return HEADER_BYTES + (long) blockCount(keys) * BLOCK_BYTES;
    }

    /** Builds the filter of {@code ids[0..n)} as a new heap byte array in the serialized layout. */
    public static byte[] build(long[] ids, int n) {
        Objects.checkFromIndexSize(0, n, ids.length);
        int blockCount = blockCount(n);
        byte[] bytes = new byte[Math.toIntExact(sizeInBytes(n))];
        MemorySegment seg = MemorySegment.ofArray(bytes);
        seg.set(LittleEndian.INT, 0, blockCount);
        seg.set(ValueLayout.JAVA_BYTE, 4, (byte) HASHES);
        for (int i = 0; i < n; i++) {
            long h = mix(ids[i]);
            long base = HEADER_BYTES + blockOf(h, blockCount) * BLOCK_BYTES;
            long g = h * 0x9E3779B97F4A7C15L;
            for (int j = 0; j < HASHES; j++) {
                int bit = (int) ((g >>> (9 * j)) & 511);
                long word = base + 8L * (bit >>> 6);
                seg.set(LittleEndian.LONG, word, seg.get(LittleEndian.LONG, word) | (1L << (bit & 63)));
            }
        }
        return bytes;
    }

    /**
     * Opens a serialized filter.
     *
     * @throws IllegalArgumentException when the header is inconsistent with the region's size;
     *     callers holding a file turn it into a {@link CorruptFileException}
     */
    public static BloomFilter open(MemorySegment region) {
        if (region.byteSize() < HEADER_BYTES + BLOCK_BYTES) {
            throw new IllegalArgumentException("bloom filter region of " + region.byteSize() + " bytes is too small");
        }
        long blockCount = Integer.toUnsignedLong(region.get(LittleEndian.INT, 0));
        int hashCount = Byte.toUnsignedInt(region.get(ValueLayout.JAVA_BYTE, 4));
        if (blockCount == 0 || HEADER_BYTES + blockCount * BLOCK_BYTES != region.byteSize()) {
            throw new IllegalArgumentException("bloom filter header says " + blockCount + " blocks but the region holds "
                    + region.byteSize() + " bytes");
        }
        if (hashCount < 1 || hashCount > 7) {
            throw new IllegalArgumentException("bloom filter hash count " + hashCount + " is outside 1..7");
        }
        return new BloomFilter(region.asSlice(HEADER_BYTES), blockCount, hashCount);
    }

    /** False when {@code id} is certainly absent; true when it may be present. */
    public boolean mightContain(long id) {
        long h = mix(id);
        long base = blockOf(h, blockCount) * BLOCK_BYTES;
        long g = h * 0x9E3779B97F4A7C15L;
        for (int j = 0; j < hashCount; j++) {
            int bit = (int) ((g >>> (9 * j)) & 511);
            if ((blocks.get(LittleEndian.LONG, base + 8L * (bit >>> 6)) & (1L << (bit & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Number of 64-byte blocks. */
    public long blockCount() {
        return blockCount;
    }

    /** Serialized size in bytes. */
    public long sizeInBytes() {
        return HEADER_BYTES + blockCount * BLOCK_BYTES;
    }

    private static long blockOf(long h, long blockCount) {
        return ((h >>> 32) * blockCount) >>> 32;
    }

    /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
    static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }
}
