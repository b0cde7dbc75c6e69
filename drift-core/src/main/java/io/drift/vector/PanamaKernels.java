package io.drift.vector;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link VectorKernels} on the platform's preferred species (512
 * bits on AVX-512, 256 on AVX2, 128 on NEON/SSE). Loops keep several independent accumulators so
 * the fused multiply-adds of consecutive iterations do not wait on each other; tails shorter than
 * one vector run through the same scalar arithmetic as {@link ScalarKernels}.
 *
 * <p>SQ8 codes are loaded as bytes, zero-extended to ints and converted to floats, one float
 * vector's worth at a time ({@code L} codes for {@code L} float lanes).
 */
final class PanamaKernels implements VectorKernels {
    static final PanamaKernels INSTANCE = new PanamaKernels();

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** The lanes of an ALP_RD dictionary (8 entries) in an int vector, when it has that many. */
    private static final VectorMask<Integer> DICT_LANES = I.indexInRange(0, Math.min(8, I.length()));
    /** Byte species holding at least {@code L} codes (64 bits is the narrowest shape). */
    private static final VectorSpecies<Byte> B =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, L * Byte.SIZE)));
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /**
     * Rows shorter than this are scanned four at a time ({@link #dotCodes4}); longer rows have
     * enough vectors of their own to keep four accumulators busy.
     */
    static final int MULTI_ROW_MAX_DIM = Integer.getInteger("drift.adc.multiRowMaxDim", 512);

    private PanamaKernels() {}

    @Override
    public String name() {
        return "panama-" + F.vectorBitSize();
    }

    // ---- heap floats ---------------------------------------------------------------------

    @Override
    public float l2Squared(float[] a, int aOff, float[] b, int bOff, int len) {
        int i = 0;
        float sum = 0f;
        if (len >= L) {
            FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int bound = len - 4 * L; i <= bound; i += 4 * L) {
                FloatVector d0 = FloatVector.fromArray(F, a, aOff + i).sub(FloatVector.fromArray(F, b, bOff + i));
                FloatVector d1 = FloatVector.fromArray(F, a, aOff + i + L).sub(FloatVector.fromArray(F, b, bOff + i + L));
                FloatVector d2 = FloatVector.fromArray(F, a, aOff + i + 2 * L).sub(FloatVector.fromArray(F, b, bOff + i + 2 * L));
                FloatVector d3 = FloatVector.fromArray(F, a, aOff + i + 3 * L).sub(FloatVector.fromArray(F, b, bOff + i + 3 * L));
                acc0 = d0.fma(d0, acc0);
                acc1 = d1.fma(d1, acc1);
                acc2 = d2.fma(d2, acc2);
                acc3 = d3.fma(d3, acc3);
            }
            for (int bound = len - L; i <= bound; i += L) {
                FloatVector d = FloatVector.fromArray(F, a, aOff + i).sub(FloatVector.fromArray(F, b, bOff + i));
                acc0 = d.fma(d, acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        return ScalarKernels.l2Range(a, aOff, b, bOff, i, len, sum);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        int i = 0;
        float sum = 0f;
        if (len >= L) {
            FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int bound = len - 4 * L; i <= bound; i += 4 * L) {
                acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
                acc1 = FloatVector.fromArray(F, a, aOff + i + L).fma(FloatVector.fromArray(F, b, bOff + i + L), acc1);
                acc2 = FloatVector.fromArray(F, a, aOff + i + 2 * L).fma(FloatVector.fromArray(F, b, bOff + i + 2 * L), acc2);
                acc3 = FloatVector.fromArray(F, a, aOff + i + 3 * L).fma(FloatVector.fromArray(F, b, bOff + i + 3 * L), acc3);
            }
            for (int bound = len - L; i <= bound; i += L) {
                acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        return ScalarKernels.dotRange(a, aOff, b, bOff, i, len, sum);
    }

    @Override
    public float cosine(float[] a, int aOff, float[] b, int bOff, int len) {
        int i = 0;
        float dot = 0f, na = 0f, nb = 0f;
        if (len >= L) {
            FloatVector vd0 = FloatVector.zero(F), vd1 = vd0, va0 = vd0, va1 = vd0, vb0 = vd0, vb1 = vd0;
            for (int bound = len - 2 * L; i <= bound; i += 2 * L) {
                FloatVector x0 = FloatVector.fromArray(F, a, aOff + i);
                FloatVector y0 = FloatVector.fromArray(F, b, bOff + i);
                FloatVector x1 = FloatVector.fromArray(F, a, aOff + i + L);
                FloatVector y1 = FloatVector.fromArray(F, b, bOff + i + L);
                vd0 = x0.fma(y0, vd0);
                va0 = x0.fma(x0, va0);
                vb0 = y0.fma(y0, vb0);
                vd1 = x1.fma(y1, vd1);
                va1 = x1.fma(x1, va1);
                vb1 = y1.fma(y1, vb1);
            }
            for (int bound = len - L; i <= bound; i += L) {
                FloatVector x = FloatVector.fromArray(F, a, aOff + i);
                FloatVector y = FloatVector.fromArray(F, b, bOff + i);
                vd0 = x.fma(y, vd0);
                va0 = x.fma(x, va0);
                vb0 = y.fma(y, vb0);
            }
            dot = vd0.add(vd1).reduceLanes(VectorOperators.ADD);
            na = va0.add(va1).reduceLanes(VectorOperators.ADD);
            nb = vb0.add(vb1).reduceLanes(VectorOperators.ADD);
        }
        for (; i < len; i++) {
            float x = a[aOff + i];
            float y = b[bOff + i];
            dot = Math.fma(x, y, dot);
            na = Math.fma(x, x, na);
            nb = Math.fma(y, y, nb);
        }
        return KernelMath.cosine(dot, na, nb);
    }

    // ---- heap query vs segment floats ----------------------------------------------------

    @Override
    public float l2Squared(float[] q, int qOff, MemorySegment s, long off, int len) {
        int i = 0;
        float sum = 0f;
        if (len >= L) {
            FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int bound = len - 4 * L; i <= bound; i += 4 * L) {
                long o = off + 4L * i;
                FloatVector d0 = FloatVector.fromArray(F, q, qOff + i).sub(FloatVector.fromMemorySegment(F, s, o, LE));
                FloatVector d1 = FloatVector.fromArray(F, q, qOff + i + L).sub(FloatVector.fromMemorySegment(F, s, o + 4L * L, LE));
                FloatVector d2 = FloatVector.fromArray(F, q, qOff + i + 2 * L).sub(FloatVector.fromMemorySegment(F, s, o + 8L * L, LE));
                FloatVector d3 = FloatVector.fromArray(F, q, qOff + i + 3 * L).sub(FloatVector.fromMemorySegment(F, s, o + 12L * L, LE));
                acc0 = d0.fma(d0, acc0);
                acc1 = d1.fma(d1, acc1);
                acc2 = d2.fma(d2, acc2);
                acc3 = d3.fma(d3, acc3);
            }
            for (int bound = len - L; i <= bound; i += L) {
                FloatVector d = FloatVector.fromArray(F, q, qOff + i).sub(FloatVector.fromMemorySegment(F, s, off + 4L * i, LE));
                acc0 = d.fma(d, acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        return ScalarKernels.l2Range(q, qOff, s, off, i, len, sum);
    }

    @Override
    public float dot(float[] q, int qOff, MemorySegment s, long off, int len) {
        int i = 0;
        float sum = 0f;
        if (len >= L) {
            FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int bound = len - 4 * L; i <= bound; i += 4 * L) {
                long o = off + 4L * i;
                acc0 = FloatVector.fromArray(F, q, qOff + i).fma(FloatVector.fromMemorySegment(F, s, o, LE), acc0);
                acc1 = FloatVector.fromArray(F, q, qOff + i + L).fma(FloatVector.fromMemorySegment(F, s, o + 4L * L, LE), acc1);
                acc2 = FloatVector.fromArray(F, q, qOff + i + 2 * L).fma(FloatVector.fromMemorySegment(F, s, o + 8L * L, LE), acc2);
                acc3 = FloatVector.fromArray(F, q, qOff + i + 3 * L).fma(FloatVector.fromMemorySegment(F, s, o + 12L * L, LE), acc3);
            }
            for (int bound = len - L; i <= bound; i += L) {
                acc0 = FloatVector.fromArray(F, q, qOff + i).fma(FloatVector.fromMemorySegment(F, s, off + 4L * i, LE), acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        return ScalarKernels.dotRange(q, qOff, s, off, i, len, sum);
    }

    @Override
    public float cosine(float[] q, int qOff, MemorySegment s, long off, int len) {
        int i = 0;
        float dot = 0f, na = 0f, nb = 0f;
        if (len >= L) {
            FloatVector vd = FloatVector.zero(F), va = vd, vb = vd;
            for (int bound = len - L; i <= bound; i += L) {
                FloatVector x = FloatVector.fromArray(F, q, qOff + i);
                FloatVector y = FloatVector.fromMemorySegment(F, s, off + 4L * i, LE);
                vd = x.fma(y, vd);
                va = x.fma(x, va);
                vb = y.fma(y, vb);
            }
            dot = vd.reduceLanes(VectorOperators.ADD);
            na = va.reduceLanes(VectorOperators.ADD);
            nb = vb.reduceLanes(VectorOperators.ADD);
        }
        for (; i < len; i++) {
            float x = q[qOff + i];
            float y = s.get(ScalarKernels.FLOAT_LE, off + 4L * i);
            dot = Math.fma(x, y, dot);
            na = Math.fma(x, x, na);
            nb = Math.fma(y, y, nb);
        }
        return KernelMath.cosine(dot, na, nb);
    }

    // ---- SQ8 -----------------------------------------------------------------------------

    /** {@code L} codes from byte {@code off}, widened to floats. */
    private static FloatVector codes(MemorySegment codes, long off) {
        return (FloatVector) ByteVector.fromMemorySegment(B, codes, off, LE)
                .convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0)
                .convert(VectorOperators.I2F, 0);
    }

    @Override
    public float dotCodes(float[] a, MemorySegment codes, long off, int d) {
        int i = 0;
        float sum = 0f;
        // The byte load reads B.length() bytes, which may exceed L: stay inside the row.
        int vecBound = d - B.length();
        if (vecBound >= 0) {
            FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int bound = vecBound - 3 * L; i <= bound; i += 4 * L) {
                acc0 = codes(codes, off + i).fma(FloatVector.fromArray(F, a, i), acc0);
                acc1 = codes(codes, off + i + L).fma(FloatVector.fromArray(F, a, i + L), acc1);
                acc2 = codes(codes, off + i + 2 * L).fma(FloatVector.fromArray(F, a, i + 2 * L), acc2);
                acc3 = codes(codes, off + i + 3 * L).fma(FloatVector.fromArray(F, a, i + 3 * L), acc3);
            }
            for (; i <= vecBound; i += L) {
                acc0 = codes(codes, off + i).fma(FloatVector.fromArray(F, a, i), acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        return ScalarKernels.dotCodesRange(a, codes, off, i, d, sum);
    }

    private static FloatVector codes(byte[] codes, int off) {
        return (FloatVector) ByteVector.fromArray(B, codes, off)
                .convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0)
                .convert(VectorOperators.I2F, 0);
    }

    @Override
    public float dotCodes(float[] a, byte[] codes, int off, int d) {
        int i = 0;
        float sum = 0f;
        int vecBound = d - B.length(); // as above: the byte load reads B.length() codes
        if (vecBound >= 0) {
            FloatVector acc0 = FloatVector.zero(F), acc1 = acc0;
            for (int bound = vecBound - L; i <= bound; i += 2 * L) {
                acc0 = codes(codes, off + i).fma(FloatVector.fromArray(F, a, i), acc0);
                acc1 = codes(codes, off + i + L).fma(FloatVector.fromArray(F, a, i + L), acc1);
            }
            for (; i <= vecBound; i += L) {
                acc0 = codes(codes, off + i).fma(FloatVector.fromArray(F, a, i), acc0);
            }
            sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        }
        return ScalarKernels.dotCodesRange(a, codes, off, i, d, sum);
    }

    @Override
    public void adcScan(float[] a, float base, float scale, MemorySegment codes, long codesOff, int d, int n,
                        MemorySegment corrections, long corrOff, float[] out, int outOff) {
        int r = 0;
        if (d >= B.length() && d < MULTI_ROW_MAX_DIM) {
            for (; r + 4 <= n; r += 4) {
                dotCodes4(a, codes, codesOff + (long) r * d, d, out, outOff + r);
                for (int j = 0; j < 4; j++) {
                    float corr = corrections == null ? 0f : corrections.get(ScalarKernels.FLOAT_LE, corrOff + 4L * (r + j));
                    out[outOff + r + j] = KernelMath.adc(base, scale, out[outOff + r + j], corr);
                }
            }
        }
        for (; r < n; r++) {
            float s = dotCodes(a, codes, codesOff + (long) r * d, d);
            float corr = corrections == null ? 0f : corrections.get(ScalarKernels.FLOAT_LE, corrOff + 4L * r);
            out[outOff + r] = KernelMath.adc(base, scale, s, corr);
        }
    }

    /**
     * {@code Σ a_i·c_i} for four consecutive rows at once: each load of {@code a} serves four rows
     * and the four accumulator chains run independently, which hides the FMA latency that a
     * single short row (d = 128 is only eight vectors) cannot. Requires {@code d >= B.length()}.
     */
    private static void dotCodes4(float[] a, MemorySegment codes, long off, int d, float[] out, int outOff) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        long o1 = off + d, o2 = off + 2L * d, o3 = off + 3L * d;
        int i = 0;
        for (int bound = d - B.length(); i <= bound; i += L) {
            FloatVector av = FloatVector.fromArray(F, a, i);
            acc0 = codes(codes, off + i).fma(av, acc0);
            acc1 = codes(codes, o1 + i).fma(av, acc1);
            acc2 = codes(codes, o2 + i).fma(av, acc2);
            acc3 = codes(codes, o3 + i).fma(av, acc3);
        }
        float s0 = acc0.reduceLanes(VectorOperators.ADD);
        float s1 = acc1.reduceLanes(VectorOperators.ADD);
        float s2 = acc2.reduceLanes(VectorOperators.ADD);
        float s3 = acc3.reduceLanes(VectorOperators.ADD);
        out[outOff] = ScalarKernels.dotCodesRange(a, codes, off, i, d, s0);
        out[outOff + 1] = ScalarKernels.dotCodesRange(a, codes, o1, i, d, s1);
        out[outOff + 2] = ScalarKernels.dotCodesRange(a, codes, o2, i, d, s2);
        out[outOff + 3] = ScalarKernels.dotCodesRange(a, codes, o3, i, d, s3);
    }

    @Override
    public int adcScanTopK(float[] a, float base, float scale, MemorySegment codes, long codesOff, int d, int n,
                           MemorySegment corrections, long corrOff, long idBase, TopK topK, long[] dead) {
        int entered = 0;
        int r = 0;
        if (d >= B.length() && d < MULTI_ROW_MAX_DIM) {
            float[] four = new float[4]; // scalar-replaced once inlined; no per-row allocation either way
            for (; r + 4 <= n; r += 4) {
                dotCodes4(a, codes, codesOff + (long) r * d, d, four, 0);
                for (int j = 0; j < 4; j++) {
                    float corr = corrections == null ? 0f : corrections.get(ScalarKernels.FLOAT_LE, corrOff + 4L * (r + j));
                    float dist = KernelMath.adc(base, scale, four[j], corr);
                    // most rows lose to the current k-th: one comparison, no call
                    if (dist <= topK.threshold() && !VectorKernels.isDead(dead, r + j)
                            && topK.offer(idBase + r + j, dist)) {
                        entered++;
                    }
                }
            }
        }
        for (; r < n; r++) {
            float s = dotCodes(a, codes, codesOff + (long) r * d, d);
            float corr = corrections == null ? 0f : corrections.get(ScalarKernels.FLOAT_LE, corrOff + 4L * r);
            float dist = KernelMath.adc(base, scale, s, corr);
            if (dist <= topK.threshold() && !VectorKernels.isDead(dead, r) && topK.offer(idBase + r, dist)) {
                entered++;
            }
        }
        return entered;
    }

    /** Four rows at a time: each query vector load serves four rows, four independent FMA chains. */
    @Override
    public void l2SquaredRows(float[] q, float[] data, int dataOff, int d, int count, float[] out, int outOff) {
        int r = 0;
        if (d >= L) {
            for (; r + 4 <= count; r += 4) {
                int o0 = dataOff + r * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d;
                FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
                int i = 0;
                for (int bound = d - L; i <= bound; i += L) {
                    FloatVector qv = FloatVector.fromArray(F, q, i);
                    FloatVector t0 = qv.sub(FloatVector.fromArray(F, data, o0 + i));
                    FloatVector t1 = qv.sub(FloatVector.fromArray(F, data, o1 + i));
                    FloatVector t2 = qv.sub(FloatVector.fromArray(F, data, o2 + i));
                    FloatVector t3 = qv.sub(FloatVector.fromArray(F, data, o3 + i));
                    acc0 = t0.fma(t0, acc0);
                    acc1 = t1.fma(t1, acc1);
                    acc2 = t2.fma(t2, acc2);
                    acc3 = t3.fma(t3, acc3);
                }
                out[outOff + r] = ScalarKernels.l2Range(q, 0, data, o0, i, d, acc0.reduceLanes(VectorOperators.ADD));
                out[outOff + r + 1] = ScalarKernels.l2Range(q, 0, data, o1, i, d, acc1.reduceLanes(VectorOperators.ADD));
                out[outOff + r + 2] = ScalarKernels.l2Range(q, 0, data, o2, i, d, acc2.reduceLanes(VectorOperators.ADD));
                out[outOff + r + 3] = ScalarKernels.l2Range(q, 0, data, o3, i, d, acc3.reduceLanes(VectorOperators.ADD));
            }
        }
        for (; r < count; r++) {
            out[outOff + r] = l2Squared(q, 0, data, dataOff + r * d, d);
        }
    }

    @Override
    public void dotRows(float[] q, float[] data, int dataOff, int d, int count, float[] out, int outOff) {
        int r = 0;
        if (d >= L) {
            for (; r + 4 <= count; r += 4) {
                int o0 = dataOff + r * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d;
                FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
                int i = 0;
                for (int bound = d - L; i <= bound; i += L) {
                    FloatVector qv = FloatVector.fromArray(F, q, i);
                    acc0 = qv.fma(FloatVector.fromArray(F, data, o0 + i), acc0);
                    acc1 = qv.fma(FloatVector.fromArray(F, data, o1 + i), acc1);
                    acc2 = qv.fma(FloatVector.fromArray(F, data, o2 + i), acc2);
                    acc3 = qv.fma(FloatVector.fromArray(F, data, o3 + i), acc3);
                }
                out[outOff + r] = ScalarKernels.dotRange(q, 0, data, o0, i, d, acc0.reduceLanes(VectorOperators.ADD));
                out[outOff + r + 1] = ScalarKernels.dotRange(q, 0, data, o1, i, d, acc1.reduceLanes(VectorOperators.ADD));
                out[outOff + r + 2] = ScalarKernels.dotRange(q, 0, data, o2, i, d, acc2.reduceLanes(VectorOperators.ADD));
                out[outOff + r + 3] = ScalarKernels.dotRange(q, 0, data, o3, i, d, acc3.reduceLanes(VectorOperators.ADD));
            }
        }
        for (; r < count; r++) {
            out[outOff + r] = dot(q, 0, data, dataOff + r * d, d);
        }
    }

    @Override
    public float adcPrepareL2(float[] q, float[] min, float[] step, int off, int d, float[] a) {
        int i = 0;
        float sum = 0f;
        if (d >= L) {
            FloatVector acc = FloatVector.zero(F);
            for (int bound = d - L; i <= bound; i += L) {
                FloatVector t = FloatVector.fromArray(F, q, i).sub(FloatVector.fromArray(F, min, off + i));
                t.mul(FloatVector.fromArray(F, step, off + i)).intoArray(a, i);
                acc = t.fma(t, acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        return ScalarKernels.adcPrepareL2Range(q, min, step, off, a, i, d, sum);
    }

    @Override
    public float adcPrepareDot(float[] q, float[] min, float[] step, int off, int d, float[] a) {
        int i = 0;
        float sum = 0f;
        if (d >= L) {
            FloatVector acc = FloatVector.zero(F);
            for (int bound = d - L; i <= bound; i += L) {
                FloatVector qv = FloatVector.fromArray(F, q, i);
                qv.mul(FloatVector.fromArray(F, step, off + i)).intoArray(a, i);
                acc = qv.fma(FloatVector.fromArray(F, min, off + i), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        return ScalarKernels.adcPrepareDotRange(q, min, step, off, a, i, d, sum);
    }

    @Override
    public float encodeSq8(float[] v, int vOff, float[] min, float[] step, float[] invStep, int d,
                           MemorySegment out, long outOff) {
        int i = 0;
        float corr = 0f;
        if (d >= B.length()) {
            FloatVector zero = FloatVector.zero(F);
            FloatVector max = FloatVector.broadcast(F, 255f);
            FloatVector half = FloatVector.broadcast(F, 0.5f);
            FloatVector acc = zero;
            // The byte store writes B.length() bytes: stop while a whole store still fits in the row.
            for (int bound = d - B.length(); i <= bound; i += L) {
                FloatVector t = FloatVector.fromArray(F, v, vOff + i)
                        .sub(FloatVector.fromArray(F, min, i))
                        .mul(FloatVector.fromArray(F, invStep, i))
                        .max(zero).min(max);
                IntVector c = (IntVector) t.add(half).convert(VectorOperators.F2I, 0);
                ((ByteVector) c.convertShape(VectorOperators.I2B, B, 0)).intoMemorySegment(out, outOff + i, LE);
                FloatVector x = FloatVector.fromArray(F, step, i).mul((FloatVector) c.convert(VectorOperators.I2F, 0));
                acc = x.fma(x, acc);
            }
            corr = acc.reduceLanes(VectorOperators.ADD);
        }
        return ScalarKernels.encodeSq8Range(v, vOff, min, step, invStep, i, d, out, outOff, corr);
    }

    // ---- codecs --------------------------------------------------------------------------

    /**
     * The dictionary is at most 8 entries: it is placed, pre-shifted, in the first lanes of one
     * int vector, and each vector of codes selects from it with one lane permutation instead of a
     * gather per value.
     */
    @Override
    public void dictionaryDecode(int[] codes, int[] dict, int shift, int[] rights, float[] out, int outOff, int count) {
        int i = 0;
        if (I.length() >= 8 && count >= I.length()) {
            // a masked load of the 8 entries, shifted in the register: no table array per call
            // (the search thread's largest allocation when it re-ranks ALP_RD vectors)
            IntVector table = IntVector.fromArray(I, dict, 0, DICT_LANES).lanewise(VectorOperators.LSHL, shift);
            for (int bound = count - I.length(); i <= bound; i += I.length()) {
                IntVector idx = IntVector.fromArray(I, codes, i).and(7);
                idx.selectFrom(table).or(IntVector.fromArray(I, rights, i))
                        .reinterpretAsFloats().intoArray(out, outOff + i);
            }
        }
        ScalarKernels.dictionaryDecodeRange(codes, dict, shift, rights, out, outOff, i, count);
    }
}
