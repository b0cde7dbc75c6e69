package io.drift.codec.alp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The byte layout documented in {@link EncodedFloats}, field by field, and its validation. */
class EncodedFloatsFormatTest {

    private static ByteBuffer write(EncodedFloats enc) {
        ByteBuffer buf = ByteBuffer.allocate(enc.sizeInBytes()).order(ByteOrder.LITTLE_ENDIAN);
        enc.writeTo(buf);
        assertEquals(0, buf.remaining());
        return buf.flip();
    }

    @Test
    void codecIdsAreStable() {
        assertEquals(0, FloatCodec.RAW.id());
        assertEquals(1, FloatCodec.ALP.id());
        assertEquals(2, FloatCodec.ALP_RD.id());
        assertEquals(FloatCodec.ALP_RD, FloatCodec.fromId(2));
        assertThrows(IllegalArgumentException.class, () -> FloatCodec.fromId(3));
    }

    @Test
    void rawLayout() {
        ByteBuffer b = write(AlpCompressor.encode(new float[] {1.5f, -2f}, 0, 2));
        assertEquals(12, b.limit());
        assertEquals(0, b.get(0));
        assertEquals(0, b.get(1));
        assertEquals(2, b.getShort(2));
        assertEquals(Float.floatToRawIntBits(1.5f), b.getInt(4));
        assertEquals(Float.floatToRawIntBits(-2f), b.getInt(8));
    }

    @Test
    void alpLayout() {
        float[] in = new float[1024];
        for (int i = 0; i < in.length; i++) {
            in[i] = 10 + (i % 7);
        }
        in[3] = -0.0f;
        AlpFloats alp = assertInstanceOf(AlpFloats.class, AlpCompressor.encode(in, 0, in.length));
        ByteBuffer b = write(alp);
        assertEquals(1, b.get(0));
        assertEquals(1024, b.getShort(2));
        assertEquals(0, b.get(4));
        assertEquals(0, b.get(5));
        assertEquals(3, b.get(6));
        assertEquals(10, b.getInt(8));
        assertEquals(1, b.getShort(12));
        int excAt = 16 + 128 * 3;
        assertEquals(0x8000_0000, b.getInt(excAt));
        assertEquals(3, b.getShort(excAt + 4));
        assertEquals(excAt + 8, b.limit(), "6 bytes of exception padded to 8");
        assertEquals(0, b.getShort(excAt + 6));
    }

    @Test
    void alpRdLayout() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        float[] in = new float[1024];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) rnd.nextGaussian();
        }
        AlpRdFloats rd = assertInstanceOf(AlpRdFloats.class, AlpCompressor.encode(in, 0, in.length));
        ByteBuffer b = write(rd);
        assertEquals(2, b.get(0));
        assertEquals(1024, b.getShort(2));
        assertEquals(rd.rightBitWidth(), b.get(4));
        assertEquals(rd.codeBitWidth(), b.get(5));
        assertEquals(rd.dictionary().length, b.get(6));
        assertEquals(rd.exceptionCount(), b.getShort(8));
        for (int c = 0; c < 8; c++) {
            int want = c < rd.dictionary().length ? rd.dictionary()[c] : 0;
            assertEquals(want, Short.toUnsignedInt(b.getShort(12 + 2 * c)));
        }
        int excAt = 28 + 128 * (rd.codeBitWidth() + rd.rightBitWidth());
        for (int j = 0; j < rd.exceptionCount(); j++) {
            assertEquals(rd.exceptionLefts()[j], Short.toUnsignedInt(b.getShort(excAt + 2 * j)));
            assertEquals(rd.exceptionPositions()[j],
                    Short.toUnsignedInt(b.getShort(excAt + 2 * rd.exceptionCount() + 2 * j)));
        }
        assertEquals(excAt + 4 * rd.exceptionCount(), b.limit());
    }

    @Test
    void rejectsCorruptHeaders() {
        float[] in = new float[1024];
        for (int i = 0; i < in.length; i++) {
            in[i] = i % 50;
        }
        in[9] = Float.NaN;
        ByteBuffer good = write(AlpCompressor.encode(in, 0, in.length));

        assertCorrupt(good, 0, (byte) 7, "unknown float codec id 7");
        assertCorrupt(good, 3, (byte) 0x7f, "value count");
        assertCorrupt(good, 4, (byte) 11, "exponent");
        assertCorrupt(good, 6, (byte) 33, "bit width");
        int excPos = 16 + 128 * 6 + 4;
        ByteBuffer badPos = copy(good);
        badPos.putShort(excPos, (short) 2000);
        assertThrows(IllegalArgumentException.class, () -> EncodedFloats.readFrom(copy(badPos)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FloatVectorDecoder().decode(MemorySegment.ofBuffer(badPos), 0, new float[1024], 0));
        assertTrue(e.getMessage().contains("exception position 2000"), e.getMessage());
    }

    @Test
    void truncatedVectorFailsWithoutDecoding() {
        ByteBuffer good = write(AlpCompressor.encode(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8));
        ByteBuffer cut = copy(good).limit(good.limit() - 4);
        assertThrows(IndexOutOfBoundsException.class,
                () -> new FloatVectorDecoder().decode(MemorySegment.ofBuffer(cut), 0, new float[8], 0));
    }

    @Test
    void bigEndianBuffersAreRejected() {
        EncodedFloats enc = AlpCompressor.encode(new float[] {1f}, 0, 1);
        ByteBuffer be = ByteBuffer.allocate(64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> enc.writeTo(be));
        assertTrue(e.getMessage().contains("little-endian"));
        assertThrows(IllegalArgumentException.class, () -> EncodedFloats.readFrom(be));
    }

    private static void assertCorrupt(ByteBuffer good, int index, byte value, String message) {
        ByteBuffer bad = copy(good);
        bad.put(index, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EncodedFloats.readFrom(bad));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new FloatVectorDecoder().decode(MemorySegment.ofBuffer(copy(good).put(index, value)), 0,
                        new float[1024], 0));
        assertTrue(e2.getMessage().contains(message), e2.getMessage());
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.limit()).order(ByteOrder.LITTLE_ENDIAN);
        c.put(b.duplicate().position(0)).flip();
        return c;
    }
}
