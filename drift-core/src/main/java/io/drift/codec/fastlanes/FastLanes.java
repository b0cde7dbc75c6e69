package io.drift.codec.fastlanes;

import java.util.Objects;

/**
 * Bit-packing of blocks of exactly {@value #BLOCK} values in the FastLanes interleaved layout
 * (Afroozeh &amp; Boncz, "The FastLanes Compression Layout", VLDB 2023). Values are treated as
 * unsigned.
 *
 * <h2>Layout</h2>
 *
 * A block of 1024 values of a {@code T}-bit type ({@code T} = 32 for {@code int}, 64 for {@code
 * long}) is split into {@code LANES = 1024 / T} lanes of {@code T} rows each. Packed at width
 * {@code W}, the block occupies {@code W} packed words per lane, {@code W * LANES} words in all,
 * stored word-major: packed word {@code w} of lane {@code l} is {@code out[outOff + LANES * w + l]}.
 * Within a lane the {@code T} rows are concatenated least significant bit first: row {@code r}
 * occupies bits {@code [r * W, (r + 1) * W)} of the lane's bit stream, that is, bit {@code (r * W) %
 * T} of word {@code (r * W) / T} onwards, continuing in the low bits of the next word when it
 * straddles a word boundary.
 *
 * <p>Row {@code r} of lane {@code l} holds input value number
 *
 * <pre>{@code
 * index(r, l) = FL_ORDER[r / 8] * 16 + (r % 8) * 128 + l,   FL_ORDER = {0, 4, 2, 6, 1, 5, 3, 7}
 * }</pre>
 *
 * which is the unified transposed order of the paper and of the reference Rust implementation
 * ({@code spiraldb/fastlanes}, {@code index(row, lane)} in its bit-packing kernels), so a block
 * packed here unpacks bit-exactly there and vice versa. For a fixed row the lanes read {@code
 * LANES} consecutive input values and write {@code LANES} consecutive packed words, which is what
 * lets plain scalar loops compile to SIMD code of any register width. For 32-bit values at {@code
 * W = 3} ({@code l} = 0..31):
 *
 * <pre>
 * word 0 of lane l = out[l]                 word 1 of lane l = out[32 + l]
 *   bits  0..2   row 0  = in[  0 + l]         bit  0      high bit of row 10
 *   bits  3..5   row 1  = in[128 + l]         bits 1..3   row 11 = in[448 + l]
 *   ...                                       ...
 *   bits 21..23  row 7  = in[896 + l]
 *   bits 24..26  row 8  = in[ 64 + l]
 *   bits 27..29  row 9  = in[192 + l]
 *   bits 30..31  low 2 bits of row 10 = in[320 + l]
 * </pre>
 *
 * Rows 0..7 read values {@code 0..31, 128..159, ..., 896..927}; rows 8..15 the same plus 64, rows
 * 16..23 plus 32, rows 24..31 plus 96. For 64-bit values the 16 lanes read 16 consecutive values per
 * row and rows {@code 8k..8k+7} add {@code FL_ORDER[k] * 16}.
 *
 * <h2>Checks</h2>
 *
 * Offsets and bit widths are validated on every call. Values wider than the bit width are a
 * caller error: when assertions are enabled for this class, {@code pack} throws an {@link
 * IllegalArgumentException}; otherwise the excess high bits are silently dropped (they never
 * corrupt neighbouring values).
 */
public final class FastLanes {
    /** Values per block. */
    public static final int BLOCK = 1024;
    /** Lanes of a block of 32-bit values. */
    public static final int INT_LANES = BLOCK / Integer.SIZE;
    /** Lanes of a block of 64-bit values. */
    public static final int LONG_LANES = BLOCK / Long.SIZE;

    /** The order in which groups of rows visit the eight 16-value sub-columns of a 128-value row. */
    static final int[] FL_ORDER = {0, 4, 2, 6, 1, 5, 3, 7};

    /** {@code ROW_OFFSET[r] = index(r, 0)}: input index of row {@code r} in lane 0 (r < 64). */
    static final int[] ROW_OFFSET = new int[Long.SIZE];

    static {
        for (int r = 0; r < ROW_OFFSET.length; r++) {
            ROW_OFFSET[r] = FL_ORDER[r / 8] * 16 + (r % 8) * 128;
        }
    }

    private static final boolean DEBUG = FastLanes.class.desiredAssertionStatus();

    private FastLanes() {}

    /** Input index of row {@code row} of lane {@code lane}, for any type width. */
    public static int index(int row, int lane) {
        return ROW_OFFSET[row] + lane;
    }

    /**
     * Ints one packed block of 1024 32-bit values occupies: {@code 32 * bitWidth}.
     *
     * @param bitWidth 0..32
     */
    public static int packedInts(int bitWidth) {
        checkBitWidth(bitWidth, Integer.SIZE);
        return INT_LANES * bitWidth;
    }

    /**
     * Longs one packed block of 1024 64-bit values occupies: {@code 16 * bitWidth}.
     *
     * @param bitWidth 0..64
     */
    public static int packedLongs(int bitWidth) {
        checkBitWidth(bitWidth, Long.SIZE);
        return LONG_LANES * bitWidth;
    }

    /**
     * Packs the 1024 values {@code in[inOff..inOff+1024)} at {@code bitWidth} bits each into
     * {@code out[outOff..outOff+packedInts(bitWidth))}.
     */
    public static void pack(int[] in, int inOff, int bitWidth, int[] out, int outOff) {
        checkPack(in.length, inOff, bitWidth, Integer.SIZE, out.length, outOff, packedInts(bitWidth));
        if (DEBUG) {
            checkFits(in, inOff, bitWidth);
        }
        IntPacker.pack(in, inOff, bitWidth, 0, out, outOff);
    }

    /**
     * Unpacks one block packed at {@code bitWidth} from {@code in[inOff..)} into the 1024 values
     * {@code out[outOff..outOff+1024)}.
     */
    public static void unpack(int[] in, int inOff, int bitWidth, int[] out, int outOff) {
        checkPack(out.length, outOff, bitWidth, Integer.SIZE, in.length, inOff, packedInts(bitWidth));
        FastLanesKernels.unpack(in, inOff, bitWidth, out, outOff);
    }

    /**
     * Packs the 1024 values {@code in[inOff..inOff+1024)} at {@code bitWidth} bits each into
     * {@code out[outOff..outOff+packedLongs(bitWidth))}.
     */
    public static void pack(long[] in, int inOff, int bitWidth, long[] out, int outOff) {
        checkPack(in.length, inOff, bitWidth, Long.SIZE, out.length, outOff, packedLongs(bitWidth));
        if (DEBUG) {
            checkFits(in, inOff, bitWidth);
        }
        LongPacker.pack(in, inOff, bitWidth, 0L, out, outOff);
    }

    /**
     * Unpacks one block packed at {@code bitWidth} from {@code in[inOff..)} into the 1024 values
     * {@code out[outOff..outOff+1024)}.
     */
    public static void unpack(long[] in, int inOff, int bitWidth, long[] out, int outOff) {
        checkPack(out.length, outOff, bitWidth, Long.SIZE, in.length, inOff, packedLongs(bitWidth));
        LongPacker.unpack(in, inOff, bitWidth, 0L, out, outOff);
    }

    /** Bits needed for the largest unsigned value among {@code in[inOff..inOff+n)}; 0 when all are zero. */
    public static int bitWidth(int[] in, int inOff, int n) {
        Objects.checkFromIndexSize(inOff, n, in.length);
        int or = 0;
        for (int i = 0; i < n; i++) {
            or |= in[inOff + i];
        }
        return Integer.SIZE - Integer.numberOfLeadingZeros(or);
    }

    /** Bits needed for the largest unsigned value among {@code in[inOff..inOff+n)}; 0 when all are zero. */
    public static int bitWidth(long[] in, int inOff, int n) {
        Objects.checkFromIndexSize(inOff, n, in.length);
        long or = 0;
        for (int i = 0; i < n; i++) {
            or |= in[inOff + i];
        }
        return Long.SIZE - Long.numberOfLeadingZeros(or);
    }

    static void checkBitWidth(int bitWidth, int typeBits) {
        if (bitWidth < 0 || bitWidth > typeBits) {
            throw new IllegalArgumentException("bit width must be in 0.." + typeBits + ", got " + bitWidth);
        }
    }

    static void checkPack(
            int valuesLength, int valuesOff, int bitWidth, int typeBits, int packedLength, int packedOff, int packedSize) {
        checkBitWidth(bitWidth, typeBits);
        Objects.checkFromIndexSize(valuesOff, BLOCK, valuesLength);
        Objects.checkFromIndexSize(packedOff, packedSize, packedLength);
    }

    private static void checkFits(int[] in, int inOff, int bitWidth) {
        int width = bitWidth(in, inOff, BLOCK);
        if (width > bitWidth) {
            throw new IllegalArgumentException("values need " + width + " bits, packing at " + bitWidth);
        }
    }

    private static void checkFits(long[] in, int inOff, int bitWidth) {
        int width = bitWidth(in, inOff, BLOCK);
        if (width > bitWidth) {
            throw new IllegalArgumentException("values need " + width + " bits, packing at " + bitWidth);
        }
    }
}
