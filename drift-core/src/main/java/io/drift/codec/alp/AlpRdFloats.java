package io.drift.codec.alp;

import io.drift.codec.fastlanes.FastLanes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A vector encoded with ALP_RD ({@link FloatCodec#ALP_RD}): the top {@code 32 - rightBitWidth}
 * bits of each value are replaced by a code into a dictionary of at most eight left parts, the
 * low {@code rightBitWidth} bits are bit-packed as they are, and left parts missing from the
 * dictionary are stored aside as exceptions. Layout in {@link EncodedFloats}.
 *
 * @param count values, 1..1024
 * @param rightBitWidth bits of the right part, 16..31
 * @param dictionary left parts, 1..8 entries, each below {@code 2^(32 - rightBitWidth)}
 * @param packedCodes {@code 32 * codeBitWidth()} FastLanes words of dictionary codes
 * @param packedRights {@code 32 * rightBitWidth} FastLanes words of right parts
 * @param exceptionLefts left part of each exception
 * @param exceptionPositions ascending positions of the exceptions, same length as {@code exceptionLefts}
 */
public record AlpRdFloats(
        int count,
        int rightBitWidth,
        int[] dictionary,
        int[] packedCodes,
        int[] packedRights,
        int[] exceptionLefts,
        int[] exceptionPositions)
        implements EncodedFloats {

    public AlpRdFloats {
        Objects.requireNonNull(dictionary, "dictionary");
        Objects.requireNonNull(packedCodes, "packedCodes");
        Objects.requireNonNull(packedRights, "packedRights");
        Objects.requireNonNull(exceptionLefts, "exceptionLefts");
        Objects.requireNonNull(exceptionPositions, "exceptionPositions");
        AlpFormat.checkCount(count);
        int cbw = AlpFormat.codeBitWidth(dictionary.length);
        AlpFormat.checkRd(count, rightBitWidth, cbw, dictionary.length, exceptionLefts.length);
        for (int c = 0; c < dictionary.length; c++) {
            AlpFormat.checkDictionaryEntry(c, dictionary[c], rightBitWidth);
        }
        if (packedCodes.length != FastLanes.packedInts(cbw)
                || packedRights.length != FastLanes.packedInts(rightBitWidth)) {
            throw AlpFormat.corrupt("ALP_RD packed words do not match code width " + cbw
                    + " / right width " + rightBitWidth);
        }
        if (exceptionPositions.length != exceptionLefts.length) {
            throw AlpFormat.corrupt("ALP_RD has " + exceptionLefts.length + " exception values but "
                    + exceptionPositions.length + " positions");
        }
        for (int j = 0; j < exceptionLefts.length; j++) {
            AlpFormat.checkDictionaryEntry(-1, exceptionLefts[j], rightBitWidth);
            AlpFormat.checkPosition(exceptionPositions[j], count);
        }
    }

    @Override
    public FloatCodec codec() {
        return FloatCodec.ALP_RD;
    }

    /** Bits per dictionary code, 0..3. */
    public int codeBitWidth() {
        return AlpFormat.codeBitWidth(dictionary.length);
    }

    /** Number of exceptions. */
    public int exceptionCount() {
        return exceptionLefts.length;
    }

    @Override
    public int sizeInBytes() {
        return AlpFormat.rdSize(codeBitWidth(), rightBitWidth, exceptionLefts.length);
    }

    @Override
    public void writeTo(ByteBuffer dst) {
        AlpFormat.writeHeader(dst, FloatCodec.ALP_RD, count, sizeInBytes());
        dst.put((byte) rightBitWidth).put((byte) codeBitWidth()).put((byte) dictionary.length).put((byte) 0);
        dst.putShort((short) exceptionLefts.length).putShort((short) 0);
        for (int c = 0; c < AlpFormat.RD_DICT_SLOTS; c++) {
            dst.putShort(c < dictionary.length ? (short) dictionary[c] : 0);
        }
        for (int w : packedCodes) {
            dst.putInt(w);
        }
        for (int w : packedRights) {
            dst.putInt(w);
        }
        for (int l : exceptionLefts) {
            dst.putShort((short) l);
        }
        for (int p : exceptionPositions) {
            dst.putShort((short) p);
        }
    }

    @Override
    public void decode(float[] out, int outOff) {
        Objects.checkFromIndexSize(outOff, count, out.length);
        int[] codes = new int[FastLanes.BLOCK];
        int[] rights = new int[FastLanes.BLOCK];
        FastLanes.unpack(packedCodes, 0, codeBitWidth(), codes, 0);
        FastLanes.unpack(packedRights, 0, rightBitWidth, rights, 0);
        int[] dict = Arrays.copyOf(dictionary, AlpFormat.RD_DICT_SLOTS);
        AlpKernels.decodeRd(codes, rights, dict, rightBitWidth, out, outOff, count);
        for (int j = 0; j < exceptionLefts.length; j++) {
            int p = exceptionPositions[j];
            out[outOff + p] = Float.intBitsToFloat((exceptionLefts[j] << rightBitWidth) | rights[p]);
        }
    }

    static AlpRdFloats readBody(ByteBuffer src, int count) {
        int rbw = Byte.toUnsignedInt(src.get());
        int cbw = Byte.toUnsignedInt(src.get());
        int dsize = Byte.toUnsignedInt(src.get());
        src.get();
        int exc = Short.toUnsignedInt(src.getShort());
        src.getShort();
        AlpFormat.checkRd(count, rbw, cbw, dsize, exc);
        int[] dict = new int[dsize];
        for (int c = 0; c < AlpFormat.RD_DICT_SLOTS; c++) {
            int left = Short.toUnsignedInt(src.getShort());
            if (c < dsize) {
                dict[c] = left;
            }
        }
        int[] codes = new int[FastLanes.packedInts(cbw)];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = src.getInt();
        }
        int[] rights = new int[FastLanes.packedInts(rbw)];
        for (int i = 0; i < rights.length; i++) {
            rights[i] = src.getInt();
        }
        int[] lefts = new int[exc];
        for (int j = 0; j < exc; j++) {
            lefts[j] = Short.toUnsignedInt(src.getShort());
        }
        int[] positions = new int[exc];
        for (int j = 0; j < exc; j++) {
            positions[j] = Short.toUnsignedInt(src.getShort());
        }
        return new AlpRdFloats(count, rbw, dict, codes, rights, lefts, positions);
    }
}
