package io.drift.codec.alp;

import io.drift.codec.fastlanes.FastLanes;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Field offsets, sizes and validation of the serialized forms described in {@link EncodedFloats}.
 * Shared by the record readers and {@link FloatVectorDecoder} so both reject the same inputs.
 */
final class AlpFormat {
    /** Bytes of the common header: codec id, reserved, count. */
    static final int COMMON_HEADER = 4;
    /** Bytes before the packed words of an ALP vector. */
    static final int ALP_HEADER = 16;
    /** Bytes before the packed codes of an ALP_RD vector (including the 8-slot dictionary). */
    static final int RD_HEADER = 28;
    /** Dictionary slots of ALP_RD; codes are at most 3 bits. */
    static final int RD_DICT_SLOTS = 8;
    /** Most left bits ALP_RD splits off (left values and exceptions are stored as u16). */
    static final int RD_MAX_LEFT_BITS = 16;

    private AlpFormat() {}

    static int rawSize(int count) {
        return COMMON_HEADER + Float.BYTES * count;
    }

    static int alpSize(int bitWidth, int exceptions) {
        int excBytes = exceptions * (Integer.BYTES + Short.BYTES);
        return ALP_HEADER + FastLanes.packedInts(bitWidth) * Integer.BYTES + align4(excBytes);
    }

    static int rdSize(int codeBitWidth, int rightBitWidth, int exceptions) {
        return RD_HEADER
                + (FastLanes.packedInts(codeBitWidth) + FastLanes.packedInts(rightBitWidth)) * Integer.BYTES
                + exceptions * (Short.BYTES + Short.BYTES);
    }

    static int align4(int bytes) {
        return (bytes + 3) & ~3;
    }

    /** Bits of a code for a dictionary of {@code size} (1..8) entries: 0..3. */
    static int codeBitWidth(int size) {
        return size <= 1 ? 0 : Integer.SIZE - Integer.numberOfLeadingZeros(size - 1);
    }

    static void checkCount(int count) {
        if (count < 0 || count > FastLanes.BLOCK) {
            throw corrupt("value count " + count + " outside 0..1024");
        }
    }

    static void checkAlp(int count, int e, int f, int bitWidth, int exceptions) {
        if (count == 0) {
            throw corrupt("ALP vector with no values");
        }
        if (e < 0 || e > AlpMath.MAX_EXPONENT || f < 0 || f > e) {
            throw corrupt("ALP exponent " + e + " / factor " + f + " outside 0 <= f <= e <= 10");
        }
        if (bitWidth < 0 || bitWidth > Integer.SIZE) {
            throw corrupt("ALP bit width " + bitWidth + " outside 0..32");
        }
        if (exceptions < 0 || exceptions > count) {
            throw corrupt("ALP exception count " + exceptions + " exceeds value count " + count);
        }
    }

    static void checkRd(int count, int rightBitWidth, int codeBitWidth, int dictSize, int exceptions) {
        if (count == 0) {
            throw corrupt("ALP_RD vector with no values");
        }
        if (rightBitWidth < Integer.SIZE - RD_MAX_LEFT_BITS || rightBitWidth > Integer.SIZE - 1) {
            throw corrupt("ALP_RD right bit width " + rightBitWidth + " outside 16..31");
        }
        if (dictSize < 1 || dictSize > RD_DICT_SLOTS || codeBitWidth != codeBitWidth(dictSize)) {
            throw corrupt("ALP_RD dictionary size " + dictSize + " / code width " + codeBitWidth + " inconsistent");
        }
        if (exceptions < 0 || exceptions > count) {
            throw corrupt("ALP_RD exception count " + exceptions + " exceeds value count " + count);
        }
    }

    static void checkDictionaryEntry(int code, int left, int rightBitWidth) {
        if (left >>> (Integer.SIZE - rightBitWidth) != 0) {
            throw corrupt("ALP_RD dictionary entry " + code + " = " + left + " wider than "
                    + (Integer.SIZE - rightBitWidth) + " bits");
        }
    }

    static void checkPosition(int position, int count) {
        if (position >= count) {
            throw corrupt("exception position " + position + " outside 0.." + (count - 1));
        }
    }

    static IllegalArgumentException corrupt(String problem) {
        return new IllegalArgumentException("corrupt encoded floats: " + problem);
    }

    /** Throws unless {@code buf} is little-endian. */
    static void requireLittleEndian(ByteBuffer buf) {
        if (buf.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("encoded floats are little-endian; got a big-endian buffer");
        }
    }

    /** Checks room for {@code size} bytes and writes the common header. */
    static void writeHeader(ByteBuffer dst, FloatCodec codec, int count, int size) {
        requireLittleEndian(dst);
        if (dst.remaining() < size) {
            throw new BufferOverflowException();
        }
        dst.put(codec.id()).put((byte) 0).putShort((short) count);
    }

    /** Writes zero bytes until the position is a multiple of 4 past {@code start}. */
    static void padTo4(ByteBuffer dst, int start) {
        while (((dst.position() - start) & 3) != 0) {
            dst.put((byte) 0);
        }
    }
}
