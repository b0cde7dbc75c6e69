package io.drift.codec.alp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlpCompressorTest {

    /** Pixel intensities 0..255 with a dark background, like Fashion-MNIST images. */
    private static float[] pixels(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = rnd.nextInt(3) == 0 ? 0f : rnd.nextInt(256);
        }
        return f;
    }

    private static float[] gaussian(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) rnd.nextGaussian();
        }
        return f;
    }

    @Test
    void pixelValuesUseAlpWithExponentZeroAndEightBits() {
        float[] in = pixels(1024, 1);
        AlpFloats alp = assertInstanceOf(AlpFloats.class, AlpAssertions.assertRoundTrip(in, 0, 1024));
        assertEquals(0, alp.exponent());
        assertEquals(0, alp.factor());
        assertTrue(alp.bitWidth() <= 8, "bit width " + alp.bitWidth());
        assertEquals(0, alp.exceptionCount());
        double ratio = 4096.0 / alp.sizeInBytes();
        assertTrue(ratio >= 3.5, "ratio " + ratio);
    }

    @Test
    void pricesWithTwoDecimalsUseExponentTwo() {
        SplittableRandom rnd = new SplittableRandom(2);
        float[] in = new float[1024];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (rnd.nextInt(1, 100_000) / 100.0);
        }
        AlpFloats alp = assertInstanceOf(AlpFloats.class, AlpAssertions.assertRoundTrip(in, 0, in.length));
        assertEquals(2, alp.exponent() - alp.factor());
        assertTrue(alp.bitWidth() <= 17, "bit width " + alp.bitWidth());
        assertTrue(alp.exceptionCount() < 16, "exceptions " + alp.exceptionCount());
    }

    @Test
    void highPrecisionGaussianIsNeverLargerThanRaw() {
        for (long seed = 0; seed < 20; seed++) {
            float[] in = gaussian(1024, seed);
            EncodedFloats enc = AlpAssertions.assertRoundTrip(in, 0, in.length);
            assertNotEquals(FloatCodec.ALP, enc.codec(), "seed " + seed);
            assertTrue(enc.sizeInBytes() <= 4100, "seed " + seed + ": " + enc.sizeInBytes());
        }
        EncodedFloats enc = AlpCompressor.encode(gaussian(1024, 99), 0, 1024);
        AlpRdFloats rd = assertInstanceOf(AlpRdFloats.class, enc);
        assertTrue(rd.sizeInBytes() < 4100);
    }

    @Test
    void negativeZeroSurvivesAsAnException() {
        float[] in = pixels(1024, 3);
        in[17] = -0.0f;
        in[500] = -0.0f;
        AlpFloats alp = assertInstanceOf(AlpFloats.class, AlpAssertions.assertRoundTrip(in, 0, in.length));
        assertEquals(2, alp.exceptionCount());
        assertEquals(17, alp.exceptionPositions()[0]);
        assertEquals(500, alp.exceptionPositions()[1]);
    }

    @Test
    void specialValuesInsideAnAlpVector() {
        float[] in = pixels(1000, 4);
        int[] specials = {0x7fc0_0001, 0xffa0_1234, 0x7f80_0000, 0xff80_0000, 0x0000_0001, 0x007f_ffff,
            0x7f7f_ffff, 0x8000_0000};
        for (int i = 0; i < specials.length; i++) {
            in[i * 100] = Float.intBitsToFloat(specials[i]);
        }
        AlpFloats alp = assertInstanceOf(AlpFloats.class, AlpAssertions.assertRoundTrip(in, 0, in.length));
        assertTrue(alp.exceptionCount() >= specials.length - 1);
    }

    @Test
    void emptyAndTinyVectorsAreRaw() {
        assertEquals(FloatCodec.RAW, AlpAssertions.assertRoundTrip(new float[0], 0, 0).codec());
        assertEquals(4, AlpCompressor.encode(new float[0], 0, 0).sizeInBytes());
        assertEquals(FloatCodec.RAW, AlpAssertions.assertRoundTrip(new float[] {1.5f, 2f}, 0, 2).codec());
    }

    @Test
    void constantVectorPacksToZeroBits() {
        float[] in = new float[1024];
        java.util.Arrays.fill(in, 3.25f);
        AlpFloats alp = assertInstanceOf(AlpFloats.class, AlpAssertions.assertRoundTrip(in, 0, in.length));
        assertEquals(0, alp.bitWidth());
        assertEquals(16, alp.sizeInBytes());
    }

    @Test
    void rowGroupsRoundTripAcrossVectors() {
        float[] in = new float[AlpCompressor.ROW_GROUP_SIZE + 5000];
        float[] pix = pixels(in.length, 5);
        float[] gauss = gaussian(in.length, 6);
        for (int i = 0; i < in.length; i++) {
            in[i] = (i / 20_000) % 2 == 0 ? pix[i] : gauss[i];
        }
        EncodedFloats[] vectors = AlpCompressor.encodeRowGroups(in, 0, in.length);
        assertEquals((in.length + 1023) / 1024, vectors.length);
        int total = 0;
        for (EncodedFloats v : vectors) {
            total += v.sizeInBytes();
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(total).order(ByteOrder.LITTLE_ENDIAN);
        for (EncodedFloats v : vectors) {
            v.writeTo(buf);
        }
        MemorySegment seg = MemorySegment.ofBuffer(buf.flip().asReadOnlyBuffer());
        FloatVectorDecoder decoder = new FloatVectorDecoder();
        float[] out = new float[in.length];
        long pos = 0;
        int at = 0;
        for (int v = 0; v < vectors.length; v++) {
            int n = FloatVectorDecoder.count(seg, pos);
            pos = decoder.decode(seg, pos, out, at);
            at += n;
        }
        assertEquals(total, pos);
        assertEquals(in.length, at);
        AlpAssertions.assertBitsEqual(in, 0, out, 0, in.length, vectors[0], "row groups");
        assertTrue(total < in.length * 4L * 0.7, "total " + total);
    }

    /** High-precision mantissas under 1..8 distinct sign/exponent prefixes: every ALP_RD code width. */
    @Test
    void alpRdCoversEveryCodeWidth() {
        java.util.Set<Integer> widths = new java.util.TreeSet<>();
        for (int distinct = 1; distinct <= 8; distinct++) {
            SplittableRandom rnd = new SplittableRandom(distinct);
            float[] in = new float[1024];
            for (int i = 0; i < in.length; i++) {
                int prefix = 120 + 2 * rnd.nextInt(distinct);
                in[i] = Float.intBitsToFloat((prefix << 23) | rnd.nextInt(1 << 23));
            }
            in[100] = Float.intBitsToFloat(0xff80_0001);
            AlpRdFloats rd = assertInstanceOf(AlpRdFloats.class, AlpAssertions.assertRoundTrip(in, 0, in.length));
            widths.add(rd.codeBitWidth());
        }
        assertEquals(java.util.Set.of(0, 1, 2, 3), widths);
    }

    @Test
    void rejectsOutOfRangeVectors() {
        assertThrows(IllegalArgumentException.class, () -> AlpCompressor.encode(new float[2000], 0, 1025));
        assertThrows(IndexOutOfBoundsException.class, () -> AlpCompressor.encode(new float[10], 5, 10));
    }
}
