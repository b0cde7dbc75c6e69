package io.drift.codec.fastlanes;

import java.util.Arrays;
import java.util.Objects;

/**
 * Frame of reference on top of {@link FastLanes}: subtract the block minimum, bit-pack the rest.
 *
 * <p>The base is the signed minimum of the block and the packed values are {@code value - base}
 * computed with wrapping arithmetic and read as unsigned, so any block round-trips, including one
 * spanning {@code Integer.MIN_VALUE..Integer.MAX_VALUE} (which packs at 32 bits). The packed words
 * use the {@link FastLanes} layout unchanged; the {@link Header} (or {@link LongHeader}) is the
 * caller's to store next to them. The subtraction and addition are fused into the pack and unpack
 * loops, so decoding costs the same as plain unpacking.
 *
 * <p><b>Partial blocks.</b> {@code encode(in, inOff, n, out, outOff)} encodes {@code n < 1024}
 * values by padding the block up to 1024 with the minimum of the {@code n} values (which packs
 * to all-zero bits and changes neither the base nor the width). Decoding always writes a full
 * block of 1024 values; positions {@code n..1023} then hold that minimum and are to be ignored.
 */
public final class FastLanesFor {
    private FastLanesFor() {}

    /**
     * How a block of ints was encoded.
     *
     * @param base the value added back to every unpacked value
     * @param bitWidth bits per packed value, 0..32
     */
    public record Header(int base, int bitWidth) {
        public Header {
            FastLanes.checkBitWidth(bitWidth, Integer.SIZE);
        }

        /** Ints the packed block occupies. */
        public int packedInts() {
            return FastLanes.packedInts(bitWidth);
        }
    }

    /**
     * How a block of longs was encoded.
     *
     * @param base the value added back to every unpacked value
     * @param bitWidth bits per packed value, 0..64
     */
    public record LongHeader(long base, int bitWidth) {
        public LongHeader {
            FastLanes.checkBitWidth(bitWidth, Long.SIZE);
        }

        /** Longs the packed block occupies. */
        public int packedLongs() {
            return FastLanes.packedLongs(bitWidth);
        }
    }

    /**
     * Encodes the 1024 values {@code in[inOff..inOff+1024)} into {@code out[outOff..)}, which
     * needs room for {@code packedInts(width)} ints (at most 1024).
     */
    public static Header encode(int[] in, int inOff, int[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, FastLanes.BLOCK, in.length);
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < FastLanes.BLOCK; i++) {
            min = Math.min(min, in[inOff + i]);
        }
        int or = 0;
        for (int i = 0; i < FastLanes.BLOCK; i++) {
            or |= in[inOff + i] - min;
        }
        Header h = new Header(min, Integer.SIZE - Integer.numberOfLeadingZeros(or));
        FastLanes.checkPack(in.length, inOff, h.bitWidth, Integer.SIZE, out.length, outOff, h.packedInts());
        IntPacker.pack(in, inOff, h.bitWidth, min, out, outOff);
        return h;
    }

    /** Encodes {@code n} (1..1024) values, padding as described in the class documentation. */
    public static Header encode(int[] in, int inOff, int n, int[] out, int outOff) {
        checkCount(n);
        Objects.checkFromIndexSize(inOff, n, in.length);
        if (n == FastLanes.BLOCK) {
            return encode(in, inOff, out, outOff);
        }
        int[] block = Arrays.copyOfRange(in, inOff, inOff + FastLanes.BLOCK);
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, block[i]);
        }
        Arrays.fill(block, n, FastLanes.BLOCK, min);
        return encode(block, 0, out, outOff);
    }

    /** Decodes one block written by {@code encode} into the 1024 values {@code out[outOff..outOff+1024)}. */
    public static void decode(int[] in, int inOff, Header h, int[] out, int outOff) {
        FastLanes.checkPack(out.length, outOff, h.bitWidth, Integer.SIZE, in.length, inOff, h.packedInts());
        IntPacker.unpack(in, inOff, h.bitWidth, h.base, out, outOff);
    }

    /**
     * Encodes the 1024 values {@code in[inOff..inOff+1024)} into {@code out[outOff..)}, which
     * needs room for {@code packedLongs(width)} longs (at most 1024).
     */
    public static LongHeader encode(long[] in, int inOff, long[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, FastLanes.BLOCK, in.length);
        long min = Long.MAX_VALUE;
        for (int i = 0; i < FastLanes.BLOCK; i++) {
            min = Math.min(min, in[inOff + i]);
        }
        long or = 0;
        for (int i = 0; i < FastLanes.BLOCK; i++) {
            or |= in[inOff + i] - min;
        }
        LongHeader h = new LongHeader(min, Long.SIZE - Long.numberOfLeadingZeros(or));
        FastLanes.checkPack(in.length, inOff, h.bitWidth, Long.SIZE, out.length, outOff, h.packedLongs());
        LongPacker.pack(in, inOff, h.bitWidth, min, out, outOff);
        return h;
    }

    /** Encodes {@code n} (1..1024) values, padding as described in the class documentation. */
    public static LongHeader encode(long[] in, int inOff, int n, long[] out, int outOff) {
        checkCount(n);
        Objects.checkFromIndexSize(inOff, n, in.length);
        if (n == FastLanes.BLOCK) {
            return encode(in, inOff, out, outOff);
        }
        long[] block = Arrays.copyOfRange(in, inOff, inOff + FastLanes.BLOCK);
        long min = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, block[i]);
        }
        Arrays.fill(block, n, FastLanes.BLOCK, min);
        return encode(block, 0, out, outOff);
    }

    /** Decodes one block written by {@code encode} into the 1024 values {@code out[outOff..outOff+1024)}. */
    public static void decode(long[] in, int inOff, LongHeader h, long[] out, int outOff) {
        FastLanes.checkPack(out.length, outOff, h.bitWidth, Long.SIZE, in.length, inOff, h.packedLongs());
        LongPacker.unpack(in, inOff, h.bitWidth, h.base, out, outOff);
    }

    static void checkCount(int n) {
        if (n < 1 || n > FastLanes.BLOCK) {
            throw new IllegalArgumentException("value count must be in 1.." + FastLanes.BLOCK + ", got " + n);
        }
    }
}
