package io.drift.storage;

import io.drift.codec.fastlanes.FastLanes;
import io.drift.codec.fastlanes.FastLanesFor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Every id of a segment, sorted, mapped to its (bucket, row): answers "where is id X" with a
 * binary search of a skip table and one block decode (docs/FORMAT.md, "Id index").
 *
 * <pre>
 * u64 N                                  ids in the segment
 * u64 first id of each block [K]         K = ceil(N / 1024), the skip table
 * u64 block offset from index start [K+1]
 * u32 CRC32C of the bytes above
 * u32 zero
 * block[K]: ids (IdColumn, one block), bucket ordinals and row ordinals (each a FastLanes FOR
 *           block: i32 base, u8 bit width, 3 zero bytes, packed u32 words), u32 CRC32C of the block
 * </pre>
 */
final class IdIndex {
    static final String REGION = "id index";
    private static final int BLOCK = FastLanes.BLOCK;

    private final MemorySegment region;
    private final long count;
    private final long[] firstIds;
    private final long[] offsets;
    private final Path file;

    private IdIndex(MemorySegment region, long count, long[] firstIds, long[] offsets, Path file) {
        this.region = region;
        this.count = count;
        this.firstIds = firstIds;
        this.offsets = offsets;
        this.file = file;
    }

    /** Encodes the index of ids {@code ids[0..n)} (sorted unsigned, distinct) with their locations. */
    static ByteBuffer encode(long[] ids, int[] buckets, int[] rows, int n) {
        int k = (n + BLOCK - 1) / BLOCK;
        int headBytes = 8 + 8 * k + 8 * (k + 1) + 8;
        ByteBuffer[] blocks = new ByteBuffer[k];
        long total = headBytes;
        long[] offsets = new long[k + 1];
        int[] packed = new int[FastLanes.packedInts(32)];
        for (int b = 0; b < k; b++) {
            offsets[b] = total;
            int from = b * BLOCK, m = Math.min(BLOCK, n - from);
            byte[] idBytes = IdColumn.encode(Arrays.copyOfRange(ids, from, from + m), m);
            FastLanesFor.Header hb = FastLanesFor.encode(buckets, from, m, packed, 0);
            int[] bucketWords = Arrays.copyOf(packed, hb.packedInts());
            FastLanesFor.Header hr = FastLanesFor.encode(rows, from, m, packed, 0);
            int[] rowWords = Arrays.copyOf(packed, hr.packedInts());
            ByteBuffer block = ByteBuffer.allocate(idBytes.length + 16 + 4 * (bucketWords.length + rowWords.length) + 4)
                    .order(ByteOrder.LITTLE_ENDIAN);
            block.put(idBytes);
            putFor(block, hb, bucketWords);
            putFor(block, hr, rowWords);
            block.putInt(FileFormat.crc32c(block.array(), 0, block.position())).flip();
            blocks[b] = block;
            total += block.remaining();
        }
        offsets[k] = total;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(n);
        for (int b = 0; b < k; b++) {
            out.putLong(ids[b * BLOCK]);
        }
        for (long o : offsets) {
            out.putLong(o);
        }
        out.putInt(FileFormat.crc32c(out.array(), 0, out.position())).putInt(0);
        for (ByteBuffer block : blocks) {
            out.put(block);
        }
        return out.flip();
    }

    private static void putFor(ByteBuffer b, FastLanesFor.Header h, int[] words) {
        b.putInt(h.base()).put((byte) h.bitWidth()).put(new byte[3]);
        for (int w : words) {
            b.putInt(w);
        }
    }

    /** Reads and checks the head (count, skip table, offsets); blocks are checked when decoded. */
    static IdIndex open(MemorySegment region, long expectedCount, Path file) throws CorruptFileException {
        if (region.byteSize() < 16) {
            throw new CorruptFileException(file, REGION, "region of " + region.byteSize() + " bytes is too small");
        }
        long n = region.get(LittleEndian.LONG, 0);
        if (n != expectedCount) {
            throw new CorruptFileException(file, REGION, "holds " + n + " ids, the directory counts " + expectedCount);
        }
        long k = (n + BLOCK - 1) / BLOCK;
        long headBytes = 8 + 8 * k + 8 * (k + 1) + 8;
        if (headBytes > region.byteSize()) {
            throw new CorruptFileException(file, REGION, "skip table of " + k + " blocks does not fit the region");
        }
        FileFormat.checkCrc(file, REGION, "skip table", region.get(LittleEndian.INT, headBytes - 8),
                FileFormat.crc32c(region.asSlice(0, headBytes - 8)));
        long[] firstIds = new long[(int) k];
        long[] offsets = new long[(int) k + 1];
        MemorySegment.copy(region, LittleEndian.LONG, 8, firstIds, 0, (int) k);
        MemorySegment.copy(region, LittleEndian.LONG, 8 + 8 * k, offsets, 0, (int) k + 1);
        for (int b = 0; b <= k; b++) {
            long lo = b == 0 ? headBytes : offsets[b - 1];
            if (offsets[b] < lo || offsets[b] > region.byteSize()) {
                throw new CorruptFileException(file, REGION, "block " + b + " offset " + offsets[b] + " is out of order or outside");
            }
        }
        return new IdIndex(region, n, firstIds, offsets, file);
    }

    long count() {
        return count;
    }

    /**
     * The location of {@code id} as {@code (bucket << 32) | row}, or -1 when the segment does not
     * hold it. Decodes (and checksums) at most one block.
     */
    long locate(long id) throws CorruptFileException {
        int lo = 0, hi = firstIds.length - 1, block = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(firstIds[mid], id) <= 0) {
                block = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (block < 0) {
            return -1;
        }
        int m = (int) Math.min(BLOCK, count - (long) block * BLOCK);
        MemorySegment b = checkedBlock(block);
        Locating s = LOCATING.get();
        long idBytes;
        try {
            idBytes = IdColumn.decode(b, 0, m, s.ids, s.column);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file, REGION, "block " + block + ": " + e.getMessage());
        }
        int pos = unsignedBinarySearch(s.ids, m, id);
        if (pos < 0) {
            return -1;
        }
        long p = idBytes;
        int bucket = decodeFor(b, p, s)[pos];
        p += 8 + 4L * FastLanes.packedInts(Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, p + 4)));
        int row = decodeFor(b, p, s)[pos];
        return ((long) bucket << 32) | Integer.toUnsignedLong(row);
    }

    private MemorySegment checkedBlock(int block) throws CorruptFileException {
        long from = offsets[block], to = offsets[block + 1];
        if (to - from < 4) {
            throw new CorruptFileException(file, REGION, "block " + block + " is empty");
        }
        MemorySegment b = region.asSlice(from, to - from - 4);
        FileFormat.checkCrc(file, REGION, "block " + block, region.get(LittleEndian.INT, to - 4), FileFormat.crc32c(b));
        return b;
    }

    /** Checks the CRC of every block. */
    void verify() throws CorruptFileException {
        for (int b = 0; b < firstIds.length; b++) {
            checkedBlock(b);
        }
    }

    private int[] decodeFor(MemorySegment b, long p, Locating s) throws CorruptFileException {
        int base = b.get(LittleEndian.INT, p);
        int width = Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, p + 4));
        if (width > 32 || p + 8 + 4L * FastLanes.packedInts(width) > b.byteSize()) {
            throw new CorruptFileException(file, REGION, "location block at byte " + p + " is malformed");
        }
        MemorySegment.copy(b, LittleEndian.INT, p + 8, s.words, 0, FastLanes.packedInts(width));
        FastLanesFor.decode(s.words, 0, new FastLanesFor.Header(base, width), s.values, 0);
        return s.values;
    }

    /**
     * A thread's working arrays for {@link #locate}: every upsert and delete locates the live copy
     * of its id, and fresh arrays per lookup were most of the heap allocated under writes (about
     * 70 KB per lookup, 2.8 of the 7 GB a 20 s run under 5,000 rewrites/s allocated).
     */
    private static final class Locating {
        final long[] ids = new long[BLOCK];
        final int[] values = new int[BLOCK];
        final int[] words = new int[FastLanes.packedInts(32)];
        final IdColumn.Scratch column = new IdColumn.Scratch();
    }

    private static final ThreadLocal<Locating> LOCATING = ThreadLocal.withInitial(Locating::new);

    /** Where {@code key} is in {@code a[0..n)} (sorted unsigned), or a negative number. */
    private static int unsignedBinarySearch(long[] a, int n, long key) {
        int lo = 0, hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(a[mid], key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
