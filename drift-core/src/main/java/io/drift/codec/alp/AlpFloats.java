package io.drift.codec.alp;

import io.drift.codec.fastlanes.FastLanes;
import io.drift.codec.fastlanes.FastLanesFor;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A vector encoded with ALP ({@link FloatCodec#ALP}): each value is an integer times
 * {@code 10^f / 10^e}, the integers are frame-of-reference bit-packed, and values that do not
 * round-trip that way (including {@code -0.0}, NaN, infinities) are stored aside as exceptions.
 * Layout in {@link EncodedFloats}.
 *
 * @param count values, 1..1024
 * @param exponent {@code e}, 0..10
 * @param factor {@code f}, 0..e
 * @param base frame of reference of the packed integers
 * @param bitWidth bits per packed integer, 0..32
 * @param packed {@code 32 * bitWidth} FastLanes words
 * @param exceptionBits IEEE 754 bits of each exception
 * @param exceptionPositions ascending positions of the exceptions, same length as {@code exceptionBits}
 */
public record AlpFloats(
        int count,
        int exponent,
        int factor,
        int base,
        int bitWidth,
        int[] packed,
        int[] exceptionBits,
        int[] exceptionPositions)
        implements EncodedFloats {

    public AlpFloats {
        Objects.requireNonNull(packed, "packed");
        Objects.requireNonNull(exceptionBits, "exceptionBits");
        Objects.requireNonNull(exceptionPositions, "exceptionPositions");
        AlpFormat.checkCount(count);
        AlpFormat.checkAlp(count, exponent, factor, bitWidth, exceptionBits.length);
        if (packed.length != FastLanes.packedInts(bitWidth)) {
            throw AlpFormat.corrupt("ALP packed words " + packed.length + " != 32 * bit width " + bitWidth);
        }
        if (exceptionPositions.length != exceptionBits.length) {
            throw AlpFormat.corrupt("ALP has " + exceptionBits.length + " exception values but "
                    + exceptionPositions.length + " positions");
        }
        for (int p : exceptionPositions) {
            AlpFormat.checkPosition(p, count);
        }
    }

    @Override
    public FloatCodec codec() {
        return FloatCodec.ALP;
    }

    /** Number of exceptions. */
    public int exceptionCount() {
        return exceptionBits.length;
    }

    @Override
    public int sizeInBytes() {
        return AlpFormat.alpSize(bitWidth, exceptionBits.length);
    }

    @Override
    public void writeTo(ByteBuffer dst) {
        int start = dst.position();
        AlpFormat.writeHeader(dst, FloatCodec.ALP, count, sizeInBytes());
        dst.put((byte) exponent).put((byte) factor).put((byte) bitWidth).put((byte) 0);
        dst.putInt(base);
        dst.putShort((short) exceptionBits.length).putShort((short) 0);
        for (int w : packed) {
            dst.putInt(w);
        }
        for (int b : exceptionBits) {
            dst.putInt(b);
        }
        for (int p : exceptionPositions) {
            dst.putShort((short) p);
        }
        AlpFormat.padTo4(dst, start);
    }

    @Override
    public void decode(float[] out, int outOff) {
        Objects.checkFromIndexSize(outOff, count, out.length);
        int[] ints = new int[FastLanes.BLOCK];
        FastLanesFor.decode(packed, 0, new FastLanesFor.Header(base, bitWidth), ints, 0);
        AlpKernels.decodeAlp(ints, exponent, factor, out, outOff, count);
        for (int j = 0; j < exceptionBits.length; j++) {
            out[outOff + exceptionPositions[j]] = Float.intBitsToFloat(exceptionBits[j]);
        }
    }

    static AlpFloats readBody(ByteBuffer src, int count) {
        int start = src.position() - AlpFormat.COMMON_HEADER;
        int e = Byte.toUnsignedInt(src.get());
        int f = Byte.toUnsignedInt(src.get());
        int bw = Byte.toUnsignedInt(src.get());
        src.get();
        int base = src.getInt();
        int exc = Short.toUnsignedInt(src.getShort());
        src.getShort();
        AlpFormat.checkAlp(count, e, f, bw, exc);
        int[] packed = new int[FastLanes.packedInts(bw)];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = src.getInt();
        }
        int[] bits = new int[exc];
        for (int j = 0; j < exc; j++) {
            bits[j] = src.getInt();
        }
        int[] positions = new int[exc];
        for (int j = 0; j < exc; j++) {
            positions[j] = Short.toUnsignedInt(src.getShort());
        }
        src.position(start + AlpFormat.alpSize(bw, exc));
        return new AlpFloats(count, e, f, base, bw, packed, bits, positions);
    }
}
