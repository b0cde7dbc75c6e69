package io.drift.codec.alp;

import io.drift.codec.fastlanes.FastLanes;
import io.drift.codec.fastlanes.FastLanesFor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Decodes encoded float vectors (layout in {@link EncodedFloats}) straight from memory: a
 * read-only little-endian {@link MemorySegment} such as a mapped segment file, or a
 * {@link ByteBuffer}. Nothing is allocated per value; the packed words are copied into scratch
 * arrays owned by this decoder, so one instance serves any number of vectors but must not be
 * shared between threads.
 *
 * <p>Every header field is validated; a malformed vector raises {@link IllegalArgumentException}
 * naming the problem and a vector that extends past the memory raises
 * {@link IndexOutOfBoundsException}, never a wrong value outside {@code out[outOff..outOff+count)}.
 */
public final class FloatVectorDecoder {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int[] packed = new int[FastLanes.packedInts(Integer.SIZE)];
    private final int[] ints = new int[FastLanes.BLOCK];
    private final int[] rights = new int[FastLanes.BLOCK];
    private final int[] dict = new int[AlpFormat.RD_DICT_SLOTS];

    /** Creates a decoder with its own scratch space (about 12 KiB). */
    public FloatVectorDecoder() {}

    /** The codec of the vector at {@code offset}. */
    public static FloatCodec codec(MemorySegment src, long offset) {
        return FloatCodec.fromId(Byte.toUnsignedInt(src.get(ValueLayout.JAVA_BYTE, offset)));
    }

    /** The number of values of the vector at {@code offset}. */
    public static int count(MemorySegment src, long offset) {
        int count = Short.toUnsignedInt(src.get(SHORT, offset + 2));
        AlpFormat.checkCount(count);
        return count;
    }

    /** The size in bytes of the vector at {@code offset}, read from its header. */
    public static int sizeInBytes(MemorySegment src, long offset) {
        int count = count(src, offset);
        return switch (codec(src, offset)) {
            case RAW -> AlpFormat.rawSize(count);
            case ALP -> AlpFormat.alpSize(u8(src, offset + 6), u16(src, offset + 12));
            case ALP_RD -> AlpFormat.rdSize(u8(src, offset + 5), u8(src, offset + 4), u16(src, offset + 8));
        };
    }

    /**
     * Decodes the vector at the position of {@code src} (little-endian) into
     * {@code out[outOff..outOff+count)} and advances the position past it.
     *
     * @return the number of values decoded
     */
    public int decode(ByteBuffer src, float[] out, int outOff) {
        AlpFormat.requireLittleEndian(src);
        MemorySegment seg = MemorySegment.ofBuffer(src);
        int count = count(seg, 0);
        long end = decode(seg, 0, out, outOff);
        src.position(src.position() + (int) end);
        return count;
    }

    /**
     * Decodes the vector at {@code offset} of {@code src} into {@code out[outOff..outOff+count)},
     * where {@code count} is {@link #count(MemorySegment, long)}.
     *
     * @return the offset just past the vector, where the next one starts
     */
    public long decode(MemorySegment src, long offset, float[] out, int outOff) {
        FloatCodec codec = codec(src, offset);
        int count = count(src, offset);
        Objects.checkFromIndexSize(outOff, count, out.length);
        return switch (codec) {
            case RAW -> decodeRaw(src, offset, count, out, outOff);
            case ALP -> decodeAlp(src, offset, count, out, outOff);
            case ALP_RD -> decodeRd(src, offset, count, out, outOff);
        };
    }

    private static long decodeRaw(MemorySegment src, long offset, int count, float[] out, int outOff) {
        MemorySegment.copy(src, FLOAT, offset + AlpFormat.COMMON_HEADER, out, outOff, count);
        return offset + AlpFormat.rawSize(count);
    }

    private long decodeAlp(MemorySegment src, long offset, int count, float[] out, int outOff) {
        int e = u8(src, offset + 4);
        int f = u8(src, offset + 5);
        int bw = u8(src, offset + 6);
        int base = src.get(INT, offset + 8);
        int exc = u16(src, offset + 12);
        AlpFormat.checkAlp(count, e, f, bw, exc);
        long words = offset + AlpFormat.ALP_HEADER;
        int nWords = FastLanes.packedInts(bw);
        MemorySegment.copy(src, INT, words, packed, 0, nWords);
        FastLanesFor.decode(packed, 0, new FastLanesFor.Header(base, bw), ints, 0);
        AlpKernels.decodeAlp(ints, e, f, out, outOff, count);
        long excValues = words + (long) nWords * Integer.BYTES;
        long excPositions = excValues + (long) exc * Integer.BYTES;
        for (int j = 0; j < exc; j++) {
            int p = u16(src, excPositions + 2L * j);
            AlpFormat.checkPosition(p, count);
            out[outOff + p] = Float.intBitsToFloat(src.get(INT, excValues + 4L * j));
        }
        return offset + AlpFormat.alpSize(bw, exc);
    }

    private long decodeRd(MemorySegment src, long offset, int count, float[] out, int outOff) {
        int rbw = u8(src, offset + 4);
        int cbw = u8(src, offset + 5);
        int dsize = u8(src, offset + 6);
        int exc = u16(src, offset + 8);
        AlpFormat.checkRd(count, rbw, cbw, dsize, exc);
        for (int c = 0; c < AlpFormat.RD_DICT_SLOTS; c++) {
            dict[c] = c < dsize ? u16(src, offset + 12 + 2L * c) : 0;
            AlpFormat.checkDictionaryEntry(c, dict[c], rbw);
        }
        long codeWords = offset + AlpFormat.RD_HEADER;
        int nCodeWords = FastLanes.packedInts(cbw);
        MemorySegment.copy(src, INT, codeWords, packed, 0, nCodeWords);
        FastLanes.unpack(packed, 0, cbw, ints, 0);
        long rightWords = codeWords + (long) nCodeWords * Integer.BYTES;
        int nRightWords = FastLanes.packedInts(rbw);
        MemorySegment.copy(src, INT, rightWords, packed, 0, nRightWords);
        FastLanes.unpack(packed, 0, rbw, rights, 0);
        AlpKernels.decodeRd(ints, rights, dict, rbw, out, outOff, count);
        long excLefts = rightWords + (long) nRightWords * Integer.BYTES;
        long excPositions = excLefts + (long) exc * Short.BYTES;
        for (int j = 0; j < exc; j++) {
            int p = u16(src, excPositions + 2L * j);
            AlpFormat.checkPosition(p, count);
            int left = u16(src, excLefts + 2L * j);
            AlpFormat.checkDictionaryEntry(-1, left, rbw);
            out[outOff + p] = Float.intBitsToFloat((left << rbw) | rights[p]);
        }
        return offset + AlpFormat.rdSize(cbw, rbw, exc);
    }

    private static int u8(MemorySegment src, long offset) {
        return Byte.toUnsignedInt(src.get(ValueLayout.JAVA_BYTE, offset));
    }

    private static int u16(MemorySegment src, long offset) {
        return Short.toUnsignedInt(src.get(SHORT, offset));
    }
}
