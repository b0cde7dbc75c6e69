package io.drift.codec.alp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Encodes a vector and checks every decode path gives back the exact bits. */
final class AlpAssertions {
    private AlpAssertions() {}

    /** Encodes {@code in[off..off+n)}, checks all round trips bit for bit, returns the encoding. */
    static EncodedFloats assertRoundTrip(float[] in, int off, int n) {
        EncodedFloats enc = AlpCompressor.encode(in, off, n);
        assertEquals(n, enc.count());
        assertTrue(enc.sizeInBytes() <= 4 + 4 * n, () -> enc.codec() + " larger than raw: " + enc.sizeInBytes());
        assertEquals(0, enc.sizeInBytes() % 4, "size is a multiple of 4");

        float[] out = new float[n + 3];
        AlpCompressor.decode(enc, out, 3);
        assertBitsEqual(in, off, out, 3, n, enc, "record decode");

        int lead = 5;
        ByteBuffer buf = ByteBuffer.allocate(lead + enc.sizeInBytes() + 7).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(lead);
        enc.writeTo(buf);
        assertEquals(lead + enc.sizeInBytes(), buf.position(), "bytes written");

        buf.position(lead);
        EncodedFloats read = EncodedFloats.readFrom(buf);
        assertEquals(lead + enc.sizeInBytes(), buf.position(), "bytes read");
        assertEquals(enc.codec(), read.codec());
        float[] out2 = new float[n];
        read.decode(out2, 0);
        assertBitsEqual(in, off, out2, 0, n, enc, "readFrom decode");

        FloatVectorDecoder decoder = new FloatVectorDecoder();
        MemorySegment seg = MemorySegment.ofArray(buf.array()).asReadOnly();
        assertEquals(enc.codec(), FloatVectorDecoder.codec(seg, lead));
        assertEquals(n, FloatVectorDecoder.count(seg, lead));
        assertEquals(enc.sizeInBytes(), FloatVectorDecoder.sizeInBytes(seg, lead));
        float[] out3 = new float[n + 1];
        long end = decoder.decode(seg, lead, out3, 1);
        assertEquals(lead + enc.sizeInBytes(), end, "segment end offset");
        assertBitsEqual(in, off, out3, 1, n, enc, "segment decode");

        ByteBuffer ro = buf.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN).position(lead);
        float[] out4 = new float[n];
        assertEquals(n, decoder.decode(ro, out4, 0));
        assertEquals(lead + enc.sizeInBytes(), ro.position(), "buffer position after decode");
        assertBitsEqual(in, off, out4, 0, n, enc, "buffer decode");
        return enc;
    }

    static void assertBitsEqual(float[] expected, int eOff, float[] actual, int aOff, int n, EncodedFloats enc,
            String path) {
        for (int i = 0; i < n; i++) {
            int want = Float.floatToRawIntBits(expected[eOff + i]);
            int got = Float.floatToRawIntBits(actual[aOff + i]);
            if (want != got) {
                throw new AssertionError(path + " (" + enc.codec() + "): value " + i + " expected bits 0x"
                        + Integer.toHexString(want) + " (" + expected[eOff + i] + ") got 0x"
                        + Integer.toHexString(got) + " (" + actual[aOff + i] + ")");
            }
        }
    }
}
