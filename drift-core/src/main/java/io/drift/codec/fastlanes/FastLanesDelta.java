package io.drift.codec.fastlanes;

import java.util.Objects;

/**
 * DELTA in the FastLanes transposed order, then frame of reference and {@link FastLanes}
 * bit-packing; meant for sorted ids, but any values round-trip bit-exactly because all
 * arithmetic wraps.
 *
 * <h2>Transposition</h2>
 *
 * The unified transposed layout of the paper makes lane {@code l} of a block of {@code T}-bit
 * values hold {@code T} <em>consecutive</em> values of the input: with the bit-packing order
 * {@link FastLanes#index(int, int)}, row {@code r} of lane {@code l} is input value {@code
 * laneStart(l) + r}, where
 *
 * <pre>
 * ints  (32 lanes x 32 rows): laneStart(l) = (l % 16) * 64 + (l / 16) * 32
 * longs (16 lanes x 64 rows): laneStart(l) = l * 64
 * </pre>
 *
 * (the reference implementation's {@code transpose(index(r, l))}). Each lane is therefore
 * delta-coded on its own run of values, and decoding is a running sum down the rows of every lane
 * independently.
 *
 * <h2>Encoded block</h2>
 *
 * <pre>
 * [lane bases: LANES words][packed deltas: FastLanes.packed*(bitWidth) words]
 * </pre>
 *
 * The lane bases are the first value of each lane, {@code in[laneStart(l)]}, stored raw in lane
 * order. Row {@code r >= 1} of lane {@code l} holds the delta {@code in[s + r] - in[s + r - 1]}
 * ({@code s = laneStart(l)}) minus the header's {@code deltaBase}, the signed minimum delta of
 * the block; row 0 holds zero. The whole block is {@link #encodedInts(int)} ints ({@code 32 + 32 *
 * bitWidth}) or {@link #encodedLongs(int)} longs ({@code 16 + 16 * bitWidth}).
 *
 * <p><b>Partial blocks.</b> {@code encode(in, inOff, n, out, outOff)} encodes {@code n < 1024}
 * values by continuing the sequence after its last value with steps of the smallest delta among
 * the {@code n} values (steps of 0 when {@code n == 1}), which changes neither the delta base nor
 * the width. Decoding always writes a full block of 1024 values; positions {@code n..1023} then
 * hold that continuation and are to be ignored.
 *
 * <p>Decoding unpacks into a scratch block before un-transposing; the overloads without a
 * {@code scratch} argument allocate one (4 or 8 KiB) per call.
 */
public final class FastLanesDelta {
    private static final int BLOCK = FastLanes.BLOCK;
    private static final int INT_LANES = FastLanes.INT_LANES;
    private static final int LONG_LANES = FastLanes.LONG_LANES;

    /** {@code INT_LANE_START[l]}: input index of row 0 of lane {@code l} for 32-bit values. */
    static final int[] INT_LANE_START = laneStarts(INT_LANES);
    /** {@code LONG_LANE_START[l]}: input index of row 0 of lane {@code l} for 64-bit values. */
    static final int[] LONG_LANE_START = laneStarts(LONG_LANES);

    private FastLanesDelta() {}

    /**
     * How a block of ints was encoded.
     *
     * @param deltaBase the smallest (signed) delta of the block, added back to every packed delta
     * @param bitWidth bits per packed delta, 0..32
     */
    public record Header(int deltaBase, int bitWidth) {
        public Header {
            FastLanes.checkBitWidth(bitWidth, Integer.SIZE);
        }

        /** Ints the encoded block occupies, lane bases included. */
        public int encodedInts() {
            return FastLanesDelta.encodedInts(bitWidth);
        }
    }

    /**
     * How a block of longs was encoded.
     *
     * @param deltaBase the smallest (signed) delta of the block, added back to every packed delta
     * @param bitWidth bits per packed delta, 0..64
     */
    public record LongHeader(long deltaBase, int bitWidth) {
        public LongHeader {
            FastLanes.checkBitWidth(bitWidth, Long.SIZE);
        }

        /** Longs the encoded block occupies, lane bases included. */
        public int encodedLongs() {
            return FastLanesDelta.encodedLongs(bitWidth);
        }
    }

    /** Ints one encoded block of 1024 ints occupies: {@code 32 + 32 * bitWidth}. */
    public static int encodedInts(int bitWidth) {
        return INT_LANES + FastLanes.packedInts(bitWidth);
    }

    /** Longs one encoded block of 1024 longs occupies: {@code 16 + 16 * bitWidth}. */
    public static int encodedLongs(int bitWidth) {
        return LONG_LANES + FastLanes.packedLongs(bitWidth);
    }

    /**
     * The reference implementation's transposition: position {@code i} of the transposed block
     * holds input value {@code transpose(i)}.
     */
    static int transpose(int i) {
        return (i % 16) * 64 + FastLanes.FL_ORDER[(i / 16) % 8] * 8 + i / 128;
    }

    private static int[] laneStarts(int lanes) {
        int[] starts = new int[lanes];
        for (int l = 0; l < lanes; l++) {
            starts[l] = transpose(FastLanes.index(0, l));
        }
        return starts;
    }

    // ---- ints ----

    /**
     * Encodes the 1024 values {@code in[inOff..inOff+1024)} into {@code out[outOff..)}, which needs
     * room for {@link #encodedInts(int)} ints of the returned width (at most 1056).
     */
    public static Header encode(int[] in, int inOff, int[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, BLOCK, in.length);
        int[] deltas = new int[BLOCK];
        int min = Integer.MAX_VALUE;
        for (int r = 1; r < Integer.SIZE; r++) {
            int dst = FastLanes.ROW_OFFSET[r];
            for (int l = 0; l < INT_LANES; l++) {
                int src = inOff + INT_LANE_START[l] + r;
                int d = in[src] - in[src - 1];
                deltas[dst + l] = d;
                min = Math.min(min, d);
            }
        }
        for (int l = 0; l < INT_LANES; l++) {
            deltas[FastLanes.ROW_OFFSET[0] + l] = min;
        }
        int or = 0;
        for (int i = 0; i < BLOCK; i++) {
            or |= deltas[i] - min;
        }
        Header h = new Header(min, Integer.SIZE - Integer.numberOfLeadingZeros(or));
        Objects.checkFromIndexSize(outOff, h.encodedInts(), out.length);
        for (int l = 0; l < INT_LANES; l++) {
            out[outOff + l] = in[inOff + INT_LANE_START[l]];
        }
        IntPacker.pack(deltas, 0, h.bitWidth, min, out, outOff + INT_LANES);
        return h;
    }

    /** Encodes {@code n} (1..1024) values, padding as described in the class documentation. */
    public static Header encode(int[] in, int inOff, int n, int[] out, int outOff) {
        FastLanesFor.checkCount(n);
        Objects.checkFromIndexSize(inOff, n, in.length);
        if (n == BLOCK) {
            return encode(in, inOff, out, outOff);
        }
        int[] block = new int[BLOCK];
        System.arraycopy(in, inOff, block, 0, n);
        int step = n == 1 ? 0 : Integer.MAX_VALUE;
        for (int i = 1; i < n; i++) {
            step = Math.min(step, block[i] - block[i - 1]);
        }
        for (int i = n; i < BLOCK; i++) {
            block[i] = block[i - 1] + step;
        }
        return encode(block, 0, out, outOff);
    }

    /** Decodes one block written by {@code encode} into {@code out[outOff..outOff+1024)}. */
    public static void decode(int[] in, int inOff, Header h, int[] out, int outOff) {
        decode(in, inOff, h, out, outOff, new int[BLOCK]);
    }

    /**
     * Decodes one block written by {@code encode} into {@code out[outOff..outOff+1024)}, using
     * {@code scratch[0..1024)} as working space.
     */
    public static void decode(int[] in, int inOff, Header h, int[] out, int outOff, int[] scratch) {
        Objects.checkFromIndexSize(inOff, h.encodedInts(), in.length);
        Objects.checkFromIndexSize(outOff, BLOCK, out.length);
        Objects.checkFromIndexSize(0, BLOCK, scratch.length);
        IntPacker.unpack(in, inOff + INT_LANES, h.bitWidth, h.deltaBase, scratch, 0);
        for (int l = 0; l < INT_LANES; l++) {
            int dst = outOff + INT_LANE_START[l];
            int acc = in[inOff + l];
            out[dst] = acc;
            for (int r = 1; r < Integer.SIZE; r++) {
                acc += scratch[FastLanes.ROW_OFFSET[r] + l];
                out[dst + r] = acc;
            }
        }
    }

    // ---- longs ----

    /**
     * Encodes the 1024 values {@code in[inOff..inOff+1024)} into {@code out[outOff..)}, which needs
     * room for {@link #encodedLongs(int)} longs of the returned width (at most 1040).
     */
    public static LongHeader encode(long[] in, int inOff, long[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, BLOCK, in.length);
        long[] deltas = new long[BLOCK];
        long min = Long.MAX_VALUE;
        for (int r = 1; r < Long.SIZE; r++) {
            int dst = FastLanes.ROW_OFFSET[r];
            for (int l = 0; l < LONG_LANES; l++) {
                int src = inOff + LONG_LANE_START[l] + r;
                long d = in[src] - in[src - 1];
                deltas[dst + l] = d;
                min = Math.min(min, d);
            }
        }
        for (int l = 0; l < LONG_LANES; l++) {
            deltas[FastLanes.ROW_OFFSET[0] + l] = min;
        }
        long or = 0;
        for (int i = 0; i < BLOCK; i++) {
            or |= deltas[i] - min;
        }
        LongHeader h = new LongHeader(min, Long.SIZE - Long.numberOfLeadingZeros(or));
        Objects.checkFromIndexSize(outOff, h.encodedLongs(), out.length);
        for (int l = 0; l < LONG_LANES; l++) {
            out[outOff + l] = in[inOff + LONG_LANE_START[l]];
        }
        LongPacker.pack(deltas, 0, h.bitWidth, min, out, outOff + LONG_LANES);
        return h;
    }

    /** Encodes {@code n} (1..1024) values, padding as described in the class documentation. */
    public static LongHeader encode(long[] in, int inOff, int n, long[] out, int outOff) {
        FastLanesFor.checkCount(n);
        Objects.checkFromIndexSize(inOff, n, in.length);
        if (n == BLOCK) {
            return encode(in, inOff, out, outOff);
        }
        long[] block = new long[BLOCK];
        System.arraycopy(in, inOff, block, 0, n);
        long step = n == 1 ? 0 : Long.MAX_VALUE;
        for (int i = 1; i < n; i++) {
            step = Math.min(step, block[i] - block[i - 1]);
        }
        for (int i = n; i < BLOCK; i++) {
            block[i] = block[i - 1] + step;
        }
        return encode(block, 0, out, outOff);
    }

    /** Decodes one block written by {@code encode} into {@code out[outOff..outOff+1024)}. */
    public static void decode(long[] in, int inOff, LongHeader h, long[] out, int outOff) {
        decode(in, inOff, h, out, outOff, new long[BLOCK]);
    }

    /**
     * Decodes one block written by {@code encode} into {@code out[outOff..outOff+1024)}, using
     * {@code scratch[0..1024)} as working space.
     */
    public static void decode(long[] in, int inOff, LongHeader h, long[] out, int outOff, long[] scratch) {
        Objects.checkFromIndexSize(inOff, h.encodedLongs(), in.length);
        Objects.checkFromIndexSize(outOff, BLOCK, out.length);
        Objects.checkFromIndexSize(0, BLOCK, scratch.length);
        LongPacker.unpack(in, inOff + LONG_LANES, h.bitWidth, h.deltaBase, scratch, 0);
        for (int l = 0; l < LONG_LANES; l++) {
            int dst = outOff + LONG_LANE_START[l];
            long acc = in[inOff + l];
            out[dst] = acc;
            for (int r = 1; r < Long.SIZE; r++) {
                acc += scratch[FastLanes.ROW_OFFSET[r] + l];
                out[dst + r] = acc;
            }
        }
    }
}
