package io.drift.codec.alp;

import java.nio.ByteBuffer;

/**
 * One vector of up to 1024 floats in its encoded form, as produced by {@link AlpCompressor}.
 *
 * <h2>Byte layout</h2>
 *
 * All multi-byte fields are little-endian; every encoded vector is a multiple of four bytes long,
 * so vectors written back to back keep their 32-bit words aligned to the start of the first one.
 * Reserved fields are written as zero and ignored on reading.
 *
 * <p><b>Common header</b> (4 bytes), at offset 0 of every vector:
 * <pre>
 *   0  u8   codec id: 0 = RAW, 1 = ALP, 2 = ALP_RD ({@link FloatCodec#id()})
 *   1  u8   reserved
 *   2  u16  count: values in the vector, 0..1024
 * </pre>
 *
 * <p><b>RAW</b> ({@code 4 + 4*count} bytes):
 * <pre>
 *   4  u32[count]  IEEE 754 bits of each value
 * </pre>
 *
 * <p><b>ALP</b> ({@code 16 + 128*bw + align4(6*exc)} bytes, count &ge; 1):
 * <pre>
 *   4   u8   e: exponent, 0..10
 *   5   u8   f: factor, 0..e
 *   6   u8   bw: bit width of the packed integers, 0..32
 *   7   u8   reserved
 *   8   i32  base: frame of reference added back to every unpacked integer
 *   12  u16  exc: number of exceptions, 0..count
 *   14  u16  reserved
 *   16  u32[32*bw]  FastLanes-packed (n - base) for 1024 slots (io.drift.codec.fastlanes layout)
 *   ..  u32[exc]    IEEE 754 bits of each exception
 *   ..  u16[exc]    position (0..count-1) of each exception, ascending
 *   ..  zero bytes up to the next multiple of 4
 * </pre>
 * Value {@code i} is {@code (float) n[i] * 10^f / 10^e} evaluated in float32 left to right
 * ({@code n[i] = base + packed[i]} with wrapping 32-bit addition; the powers of ten are exact in
 * float32), except at exception
 * positions, where it is the stored bits. Exception slots and the padding slots
 * {@code count..1023} hold the first non-exception integer (zero if there is none), so they
 * never widen {@code bw}.
 *
 * <p><b>ALP_RD</b> ({@code 28 + 128*cbw + 128*rbw + 4*exc} bytes, count &ge; 1):
 * <pre>
 *   4   u8   rbw: right bit width, 16..31; the left part is the top 32 - rbw bits
 *   5   u8   cbw: code bit width, 0..3, equal to ceil(log2(dsize))
 *   6   u8   dsize: dictionary entries in use, 1..8
 *   7   u8   reserved
 *   8   u16  exc: number of exceptions, 0..count
 *   10  u16  reserved
 *   12  u16[8]       dictionary of left parts; slots dsize..7 are zero
 *   28  u32[32*cbw]  FastLanes-packed dictionary codes for 1024 slots
 *   ..  u32[32*rbw]  FastLanes-packed right parts (low rbw bits) for 1024 slots
 *   ..  u16[exc]     left part of each exception
 *   ..  u16[exc]     position (0..count-1) of each exception, ascending
 * </pre>
 * Value {@code i} has the bits {@code dict[code[i]] << rbw | right[i]}, except at exception
 * positions, where the left part is the stored one. Exception and padding slots have code 0;
 * padding slots have right part 0.
 */
public sealed interface EncodedFloats permits RawFloats, AlpFloats, AlpRdFloats {

    /** The scheme this vector is encoded with. */
    FloatCodec codec();

    /** The number of values, 0..1024. */
    int count();

    /** Exactly the bytes {@link #writeTo} writes. */
    int sizeInBytes();

    /**
     * Writes this vector at the position of {@code dst}, which must be little-endian, and advances
     * the position by {@link #sizeInBytes()}.
     *
     * @throws IllegalArgumentException if {@code dst} is big-endian
     * @throws java.nio.BufferOverflowException if fewer than {@link #sizeInBytes()} bytes remain
     */
    void writeTo(ByteBuffer dst);

    /**
     * Decodes the values into {@code out[outOff..outOff+count())}. Allocates one scratch array
     * per call; use {@link FloatVectorDecoder} to decode many vectors without allocating.
     */
    void decode(float[] out, int outOff);

    /**
     * Reads one vector at the position of {@code src} (little-endian) and advances the position
     * past it. The arrays of the result are copies; {@code src} is not retained.
     *
     * @throws IllegalArgumentException if the bytes are not a valid encoded vector
     * @throws java.nio.BufferUnderflowException if the vector extends past the limit
     */
    static EncodedFloats readFrom(ByteBuffer src) {
        AlpFormat.requireLittleEndian(src);
        int start = src.position();
        FloatCodec codec = FloatCodec.fromId(Byte.toUnsignedInt(src.get(start)));
        int count = Short.toUnsignedInt(src.getShort(start + 2));
        AlpFormat.checkCount(count);
        src.position(start + AlpFormat.COMMON_HEADER);
        return switch (codec) {
            case RAW -> RawFloats.readBody(src, count);
            case ALP -> AlpFloats.readBody(src, count);
            case ALP_RD -> AlpRdFloats.readBody(src, count);
        };
    }
}
