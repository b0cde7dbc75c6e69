package io.drift.vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The scalar twin of {@link PanamaKernels}: plain loops, one float accumulator, the reference
 * the Panama kernels are tested against and the fallback where the Vector API is unusable.
 */
final class ScalarKernels implements VectorKernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    static final ValueLayout.OfFloat FLOAT_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private ScalarKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float l2Squared(float[] a, int aOff, float[] b, int bOff, int len) {
        return l2Range(a, aOff, b, bOff, 0, len, 0f);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        return dotRange(a, aOff, b, bOff, 0, len, 0f);
    }

    @Override
    public float cosine(float[] a, int aOff, float[] b, int bOff, int len) {
        float dot = 0f, na = 0f, nb = 0f;
        for (int i = 0; i < len; i++) {
            float x = a[aOff + i];
            float y = b[bOff + i];
            dot = Math.fma(x, y, dot);
            na = Math.fma(x, x, na);
            nb = Math.fma(y, y, nb);
        }
        return KernelMath.cosine(dot, na, nb);
    }

    @Override
    public float l2Squared(float[] q, int qOff, MemorySegment s, long off, int len) {
        return l2Range(q, qOff, s, off, 0, len, 0f);
    }

    @Override
    public float dot(float[] q, int qOff, MemorySegment s, long off, int len) {
        return dotRange(q, qOff, s, off, 0, len, 0f);
    }

    @Override
    public float cosine(float[] q, int qOff, MemorySegment s, long off, int len) {
        float dot = 0f, na = 0f, nb = 0f;
        for (int i = 0; i < len; i++) {
            float x = q[qOff + i];
            float y = s.get(FLOAT_LE, off + 4L * i);
            dot = Math.fma(x, y, dot);
            na = Math.fma(x, x, na);
            nb = Math.fma(y, y, nb);
        }
        return KernelMath.cosine(dot, na, nb);
    }

    @Override
    public float dotCodes(float[] a, MemorySegment codes, long off, int d) {
        return dotCodesRange(a, codes, off, 0, d, 0f);
    }

    @Override
    public void adcScan(float[] a, float base, float scale, MemorySegment codes, long codesOff, int d, int n,
                        MemorySegment corrections, long corrOff, float[] out, int outOff) {
        for (int r = 0; r < n; r++) {
            float s = dotCodes(a, codes, codesOff + (long) r * d, d);
            float corr = corrections == null ? 0f : corrections.get(FLOAT_LE, corrOff + 4L * r);
            out[outOff + r] = KernelMath.adc(base, scale, s, corr);
        }
    }

    @Override
    public int adcScanTopK(float[] a, float base, float scale, MemorySegment codes, long codesOff, int d, int n,
                           MemorySegment corrections, long corrOff, long idBase, TopK topK, long[] dead) {
        int entered = 0;
        for (int r = 0; r < n; r++) {
            if (VectorKernels.isDead(dead, r)) {
                continue;
            }
            float s = dotCodes(a, codes, codesOff + (long) r * d, d);
            float corr = corrections == null ? 0f : corrections.get(FLOAT_LE, corrOff + 4L * r);
            if (topK.offer(idBase + r, KernelMath.adc(base, scale, s, corr))) {
                entered++;
            }
        }
        return entered;
    }

    @Override
    public void l2SquaredRows(float[] q, float[] data, int dataOff, int d, int count, float[] out, int outOff) {
        for (int r = 0; r < count; r++) {
            out[outOff + r] = l2Range(q, 0, data, dataOff + r * d, 0, d, 0f);
        }
    }

    @Override
    public void dotRows(float[] q, float[] data, int dataOff, int d, int count, float[] out, int outOff) {
        for (int r = 0; r < count; r++) {
            out[outOff + r] = dotRange(q, 0, data, dataOff + r * d, 0, d, 0f);
        }
    }

    @Override
    public float adcPrepareL2(float[] q, float[] min, float[] step, int off, int d, float[] a) {
        return adcPrepareL2Range(q, min, step, off, a, 0, d, 0f);
    }

    @Override
    public float adcPrepareDot(float[] q, float[] min, float[] step, int off, int d, float[] a) {
        return adcPrepareDotRange(q, min, step, off, a, 0, d, 0f);
    }

    @Override
    public float encodeSq8(float[] v, int vOff, float[] min, float[] step, float[] invStep, int d,
                           MemorySegment out, long outOff) {
        return encodeSq8Range(v, vOff, min, step, invStep, 0, d, out, outOff, 0f);
    }

    @Override
    public void dictionaryDecode(int[] codes, int[] dict, int shift, int[] rights, float[] out, int outOff, int count) {
        dictionaryDecodeRange(codes, dict, shift, rights, out, outOff, 0, count);
    }

    // ---- the loops themselves, over elements [from, to), continuing from an accumulated sum.
    // PanamaKernels finishes its vector loops with these, so tails round exactly as here.

    static float l2Range(float[] a, int aOff, float[] b, int bOff, int from, int to, float sum) {
        for (int i = from; i < to; i++) {
            float diff = a[aOff + i] - b[bOff + i];
            sum = Math.fma(diff, diff, sum);
        }
        return sum;
    }

    static float dotRange(float[] a, int aOff, float[] b, int bOff, int from, int to, float sum) {
        for (int i = from; i < to; i++) {
            sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        }
        return sum;
    }

    static float l2Range(float[] q, int qOff, MemorySegment s, long off, int from, int to, float sum) {
        for (int i = from; i < to; i++) {
            float diff = q[qOff + i] - s.get(FLOAT_LE, off + 4L * i);
            sum = Math.fma(diff, diff, sum);
        }
        return sum;
    }

    static float dotRange(float[] q, int qOff, MemorySegment s, long off, int from, int to, float sum) {
        for (int i = from; i < to; i++) {
            sum = Math.fma(q[qOff + i], s.get(FLOAT_LE, off + 4L * i), sum);
        }
        return sum;
    }

    @Override
    public float dotCodes(float[] a, byte[] codes, int off, int d) {
        return dotCodesRange(a, codes, off, 0, d, 0f);
    }

    static float dotCodesRange(float[] a, byte[] codes, int off, int from, int to, float sum) {
        for (int i = from; i < to; i++) {
            sum = Math.fma(a[i], (float) Byte.toUnsignedInt(codes[off + i]), sum);
        }
        return sum;
    }

    static float dotCodesRange(float[] a, MemorySegment codes, long off, int from, int to, float sum) {
        for (int i = from; i < to; i++) {
            sum = Math.fma(a[i], (float) Byte.toUnsignedInt(codes.get(ValueLayout.JAVA_BYTE, off + i)), sum);
        }
        return sum;
    }

    static float adcPrepareL2Range(float[] q, float[] min, float[] step, int off, float[] a, int from, int to,
                                   float sum) {
        for (int i = from; i < to; i++) {
            float t = q[i] - min[off + i];
            a[i] = t * step[off + i];
            sum = Math.fma(t, t, sum);
        }
        return sum;
    }

    static float adcPrepareDotRange(float[] q, float[] min, float[] step, int off, float[] a, int from, int to,
                                    float sum) {
        for (int i = from; i < to; i++) {
            a[i] = q[i] * step[off + i];
            sum = Math.fma(q[i], min[off + i], sum);
        }
        return sum;
    }

    static float encodeSq8Range(float[] v, int vOff, float[] min, float[] step, float[] invStep, int from, int to,
                                MemorySegment out, long outOff, float corr) {
        for (int i = from; i < to; i++) {
            int c = KernelMath.sq8Code(v[vOff + i], min[i], invStep[i]);
            out.set(ValueLayout.JAVA_BYTE, outOff + i, (byte) c);
            float x = step[i] * c;
            corr = Math.fma(x, x, corr);
        }
        return corr;
    }

    static void dictionaryDecodeRange(int[] codes, int[] dict, int shift, int[] rights, float[] out, int outOff,
                                      int from, int to) {
        for (int i = from; i < to; i++) {
            out[outOff + i] = Float.intBitsToFloat((dict[codes[i] & 7] << shift) | rights[i]);
        }
    }
}
