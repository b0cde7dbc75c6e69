package io.drift.codec.alp;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A vector stored as plain IEEE 754 bits ({@link FloatCodec#RAW}); the fallback when neither ALP
 * nor ALP_RD is smaller. Layout in {@link EncodedFloats}.
 *
 * @param bits the raw bits of each value; its length is the count (0..1024)
 */
public record RawFloats(int[] bits) implements EncodedFloats {

    public RawFloats {
        Objects.requireNonNull(bits, "bits");
        AlpFormat.checkCount(bits.length);
    }

    /** Copies the bits of {@code in[off..off+n)}. */
    static RawFloats of(float[] in, int off, int n) {
        int[] bits = new int[n];
        for (int i = 0; i < n; i++) {
            bits[i] = Float.floatToRawIntBits(in[off + i]);
        }
        return new RawFloats(bits);
    }

    @Override
    public FloatCodec codec() {
        return FloatCodec.RAW;
    }

    @Override
    public int count() {
        return bits.length;
    }

    @Override
    public int sizeInBytes() {
        return AlpFormat.rawSize(bits.length);
    }

    @Override
    public void writeTo(ByteBuffer dst) {
        AlpFormat.writeHeader(dst, FloatCodec.RAW, bits.length, sizeInBytes());
        for (int b : bits) {
            dst.putInt(b);
        }
    }

    @Override
    public void decode(float[] out, int outOff) {
        Objects.checkFromIndexSize(outOff, bits.length, out.length);
        for (int i = 0; i < bits.length; i++) {
            out[outOff + i] = Float.intBitsToFloat(bits[i]);
        }
    }

    static RawFloats readBody(ByteBuffer src, int count) {
        int[] bits = new int[count];
        for (int i = 0; i < count; i++) {
            bits[i] = src.getInt();
        }
        return new RawFloats(bits);
    }
}
