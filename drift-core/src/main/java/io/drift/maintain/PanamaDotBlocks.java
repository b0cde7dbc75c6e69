package io.drift.maintain;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DotBlocks} on the Vector API's preferred species. A block is two vectors of lanes
 * ({@code W = 2·L}), so four broadcast values keep eight independent accumulators busy; nothing
 * is reduced across lanes, and the bookkeeping after the dot products stays in vectors. Loaded
 * only when the Vector API is usable.
 */
final class PanamaDotBlocks extends DotBlocks {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int L = F.length();
    private static final int W = 2 * L;
    private static final int[] LANES = new int[W];

    static {
        for (int j = 0; j < W; j++) {
            LANES[j] = j;
        }
    }

    private PanamaDotBlocks() {}

    static DotBlocks create() {
        return new PanamaDotBlocks();
    }

    @Override
    int width() {
        return W;
    }

    @Override
    void nearest4(float[] x, int o0, int o1, int o2, int o3, float[] ct, int ctOff, int d, float[] norms, int base,
                  float[] best, int[] index, int slot) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (int i = 0, t = ctOff; i < d; i++, t += W) {
            FloatVector c0 = FloatVector.fromArray(F, ct, t);
            FloatVector c1 = FloatVector.fromArray(F, ct, t + L);
            FloatVector v = FloatVector.broadcast(F, x[o0 + i]);
            a00 = v.fma(c0, a00);
            a01 = v.fma(c1, a01);
            v = FloatVector.broadcast(F, x[o1 + i]);
            a10 = v.fma(c0, a10);
            a11 = v.fma(c1, a11);
            v = FloatVector.broadcast(F, x[o2 + i]);
            a20 = v.fma(c0, a20);
            a21 = v.fma(c1, a21);
            v = FloatVector.broadcast(F, x[o3 + i]);
            a30 = v.fma(c0, a30);
            a31 = v.fma(c1, a31);
        }
        FloatVector n0 = FloatVector.fromArray(F, norms, base);
        FloatVector n1 = FloatVector.fromArray(F, norms, base + L);
        IntVector i0 = IntVector.fromArray(I, LANES, 0).add(base);
        IntVector i1 = IntVector.fromArray(I, LANES, L).add(base);
        // written out: a helper C2 did not inline would box the vectors
        FloatVector s;
        FloatVector b;
        VectorMask<Float> m;
        s = n0.sub(a00.mul(2f));
        b = FloatVector.fromArray(F, best, slot * W);
        m = s.lt(b);
        b.blend(s, m).intoArray(best, slot * W);
        IntVector.fromArray(I, index, slot * W).blend(i0, m.cast(I)).intoArray(index, slot * W);
        s = n1.sub(a01.mul(2f));
        b = FloatVector.fromArray(F, best, slot * W + L);
        m = s.lt(b);
        b.blend(s, m).intoArray(best, slot * W + L);
        IntVector.fromArray(I, index, slot * W + L).blend(i1, m.cast(I)).intoArray(index, slot * W + L);
        s = n0.sub(a10.mul(2f));
        b = FloatVector.fromArray(F, best, (slot + 1) * W);
        m = s.lt(b);
        b.blend(s, m).intoArray(best, (slot + 1) * W);
        IntVector.fromArray(I, index, (slot + 1) * W).blend(i0, m.cast(I)).intoArray(index, (slot + 1) * W);
        s = n1.sub(a11.mul(2f));
        b = FloatVector.fromArray(F, best, (slot + 1) * W + L);
        m = s.lt(b);
        b.blend(s, m).intoArray(best, (slot + 1) * W + L);
        IntVector.fromArray(I, index, (slot + 1) * W + L).blend(i1, m.cast(I)).intoArray(index, (slot + 1) * W + L);
        s = n0.sub(a20.mul(2f));
        b = FloatVector.fromArray(F, best, (slot + 2) * W);
        m = s.lt(b);
        b.blend(s, m).intoArray(best, (slot + 2) * W);
        IntVector.fromArray(I, index, (slot + 2) * W).blend(i0, m.cast(I)).intoArray(index, (slot + 2) * W);
        s = n1.sub(a21.mul(2f));
        b = FloatVector.fromArray(F, best, (slot + 2) * W + L);
        m = s.lt(b);
        b.blend(s, m).intoArray(best, (slot + 2) * W + L);
        IntVector.fromArray(I, index, (slot + 2) * W + L).blend(i1, m.cast(I)).intoArray(index, (slot + 2) * W + L);
        s = n0.sub(a30.mul(2f));
        b = FloatVector.fromArray(F, best, (slot + 3) * W);
        m = s.lt(b);
        b.blend(s, m).intoArray(best, (slot + 3) * W);
        IntVector.fromArray(I, index, (slot + 3) * W).blend(i0, m.cast(I)).intoArray(index, (slot + 3) * W);
        s = n1.sub(a31.mul(2f));
        b = FloatVector.fromArray(F, best, (slot + 3) * W + L);
        m = s.lt(b);
        b.blend(s, m).intoArray(best, (slot + 3) * W + L);
        IntVector.fromArray(I, index, (slot + 3) * W + L).blend(i1, m.cast(I)).intoArray(index, (slot + 3) * W + L);
    }

    @Override
    void seed4(float[] c, int cOff, float[] candNorms, float[] ct, int ctOff, int d, float[] rowNorms, float[] best,
               int base, float[][] out, int outRow, float[] acc) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (int i = 0, t = ctOff; i < d; i++, t += W) {
            FloatVector c0 = FloatVector.fromArray(F, ct, t);
            FloatVector c1 = FloatVector.fromArray(F, ct, t + L);
            FloatVector v = FloatVector.broadcast(F, c[cOff + i]);
            a00 = v.fma(c0, a00);
            a01 = v.fma(c1, a01);
            v = FloatVector.broadcast(F, c[cOff + d + i]);
            a10 = v.fma(c0, a10);
            a11 = v.fma(c1, a11);
            v = FloatVector.broadcast(F, c[cOff + 2 * d + i]);
            a20 = v.fma(c0, a20);
            a21 = v.fma(c1, a21);
            v = FloatVector.broadcast(F, c[cOff + 3 * d + i]);
            a30 = v.fma(c0, a30);
            a31 = v.fma(c1, a31);
        }
        FloatVector r0 = FloatVector.fromArray(F, rowNorms, base);
        FloatVector r1 = FloatVector.fromArray(F, rowNorms, base + L);
        FloatVector b0 = FloatVector.fromArray(F, best, base);
        FloatVector b1 = FloatVector.fromArray(F, best, base + L);
        FloatVector v;
        v = r0.add(candNorms[0]).sub(a00.mul(2f)).max(0f).min(b0);
        v.intoArray(out[outRow + 0], base);
        FloatVector.fromArray(F, acc, 0 * W).add(v).intoArray(acc, 0 * W);
        v = r1.add(candNorms[0]).sub(a01.mul(2f)).max(0f).min(b1);
        v.intoArray(out[outRow + 0], base + L);
        FloatVector.fromArray(F, acc, 0 * W + L).add(v).intoArray(acc, 0 * W + L);
        v = r0.add(candNorms[1]).sub(a10.mul(2f)).max(0f).min(b0);
        v.intoArray(out[outRow + 1], base);
        FloatVector.fromArray(F, acc, 1 * W).add(v).intoArray(acc, 1 * W);
        v = r1.add(candNorms[1]).sub(a11.mul(2f)).max(0f).min(b1);
        v.intoArray(out[outRow + 1], base + L);
        FloatVector.fromArray(F, acc, 1 * W + L).add(v).intoArray(acc, 1 * W + L);
        v = r0.add(candNorms[2]).sub(a20.mul(2f)).max(0f).min(b0);
        v.intoArray(out[outRow + 2], base);
        FloatVector.fromArray(F, acc, 2 * W).add(v).intoArray(acc, 2 * W);
        v = r1.add(candNorms[2]).sub(a21.mul(2f)).max(0f).min(b1);
        v.intoArray(out[outRow + 2], base + L);
        FloatVector.fromArray(F, acc, 2 * W + L).add(v).intoArray(acc, 2 * W + L);
        v = r0.add(candNorms[3]).sub(a30.mul(2f)).max(0f).min(b0);
        v.intoArray(out[outRow + 3], base);
        FloatVector.fromArray(F, acc, 3 * W).add(v).intoArray(acc, 3 * W);
        v = r1.add(candNorms[3]).sub(a31.mul(2f)).max(0f).min(b1);
        v.intoArray(out[outRow + 3], base + L);
        FloatVector.fromArray(F, acc, 3 * W + L).add(v).intoArray(acc, 3 * W + L);
    }

    @Override
    float squaredDistance(float[] a, int aOff, float[] b, int bOff, int d) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = d - L; i <= bound; i += L) {
            FloatVector t = FloatVector.fromArray(F, a, aOff + i).sub(FloatVector.fromArray(F, b, bOff + i));
            acc = t.fma(t, acc);
        }
        float sum = sumLanes(acc);
        for (; i < d; i++) {
            float t = a[aOff + i] - b[bOff + i];
            sum = Math.fma(t, t, sum);
        }
        return sum;
    }

    @Override
    float squaredNorm(float[] a, int off, int d) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = d - L; i <= bound; i += L) {
            FloatVector t = FloatVector.fromArray(F, a, off + i);
            acc = t.fma(t, acc);
        }
        float sum = sumLanes(acc);
        for (; i < d; i++) {
            sum = Math.fma(a[off + i], a[off + i], sum);
        }
        return sum;
    }

    /** The lanes added up in lane order (not {@code reduceLanes}, whose order is unspecified). */
    private static float sumLanes(FloatVector v) {
        float[] lanes = new float[L];
        v.intoArray(lanes, 0);
        float sum = 0;
        for (float x : lanes) {
            sum += x;
        }
        return sum;
    }
}
