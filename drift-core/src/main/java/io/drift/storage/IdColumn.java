package io.drift.storage;

import io.drift.codec.fastlanes.FastLanes;
import io.drift.codec.fastlanes.FastLanesDelta;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A column of ids sorted in unsigned order, stored as FastLanes DELTA blocks of 1024 values
 * (docs/FORMAT.md, "Ids"): per block a 16-byte header — the delta base {@code u64}, the bit
 * width {@code u8}, 7 zero bytes — then {@link FastLanesDelta#encodedLongs(int)} little-endian
 * {@code u64} words. The last block holds the remaining {@code n mod 1024} ids padded as
 * {@link FastLanesDelta} documents; the id count is stored by the enclosing structure.
 */
final class IdColumn {
    static final int BLOCK_HEADER_BYTES = 16;

    private IdColumn() {}

    /** Encodes {@code ids[0..n)} (n >= 0); the caller has sorted them. */
    static byte[] encode(long[] ids, int n) {
        int blocks = (n + FastLanes.BLOCK - 1) / FastLanes.BLOCK;
        long[] words = new long[FastLanesDelta.encodedLongs(64)];
        ByteBuffer out = ByteBuffer.allocate(blocks * (BLOCK_HEADER_BYTES + 8 * words.length)).order(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < blocks; b++) {
            int from = b * FastLanes.BLOCK;
            int count = Math.min(FastLanes.BLOCK, n - from);
            FastLanesDelta.LongHeader h = FastLanesDelta.encode(ids, from, count, words, 0);
            out.putLong(h.deltaBase()).put((byte) h.bitWidth()).put(new byte[7]);
            for (int i = 0; i < h.encodedLongs(); i++) {
                out.putLong(words[i]);
            }
        }
        byte[] result = new byte[out.position()];
        out.flip().get(result);
        return result;
    }

    /**
     * Decodes {@code n} ids from the column at byte {@code off} of {@code seg} into {@code out};
     * returns the bytes the column occupies.
     *
     * @throws IllegalArgumentException when a block header is impossible or the column runs past
     *     the segment (the caller names the file and region)
     */
    static long decode(MemorySegment seg, long off, int n, long[] out) {
        return decode(seg, off, n, out, SCRATCH.get());
    }

    /**
     * The working arrays of the calling thread's decodes: the maintenance threads decode the ids of
     * every bucket they rewrite, and fresh arrays per bucket (about 17 KB) were a fifth of what
     * they allocated under writes (docs/BENCHMARKS.md).
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The working arrays of {@link #decode}, for a caller that decodes often (one per thread). */
    static final class Scratch {
        final long[] words = new long[FastLanesDelta.encodedLongs(64)];
        final long[] block = new long[FastLanes.BLOCK];
        final long[] scratch = new long[FastLanes.BLOCK];
    }

    /** {@link #decode(MemorySegment, long, int, long[])} in {@code s}'s arrays. */
    static long decode(MemorySegment seg, long off, int n, long[] out, Scratch s) {
        long[] words = s.words;
        long[] block = s.block;
        long[] scratch = s.scratch;
        long p = off;
        for (int from = 0; from < n; from += FastLanes.BLOCK) {
            if (p + BLOCK_HEADER_BYTES > seg.byteSize()) {
                throw new IllegalArgumentException("id block at byte " + p + " runs past the region");
            }
            long deltaBase = seg.get(LittleEndian.LONG, p);
            int width = Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, p + 8));
            if (width > 64) {
                throw new IllegalArgumentException("id block at byte " + p + " has bit width " + width);
            }
            FastLanesDelta.LongHeader h = new FastLanesDelta.LongHeader(deltaBase, width);
            long bytes = 8L * h.encodedLongs();
            if (p + BLOCK_HEADER_BYTES + bytes > seg.byteSize()) {
                throw new IllegalArgumentException("id block at byte " + p + " runs past the region");
            }
            MemorySegment.copy(seg, LittleEndian.LONG, p + BLOCK_HEADER_BYTES, words, 0, h.encodedLongs());
            FastLanesDelta.decode(words, 0, h, block, 0, scratch);
            System.arraycopy(block, 0, out, from, Math.min(FastLanes.BLOCK, n - from));
            p += BLOCK_HEADER_BYTES + bytes;
        }
        return p - off;
    }
}
