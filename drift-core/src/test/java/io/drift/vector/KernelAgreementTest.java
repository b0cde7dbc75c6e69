package io.drift.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Panama kernels against their scalar twin, for every length 1..2048 (so every tail length of
 * every vector width is hit) and for random, zero, huge and tiny values.
 *
 * <p>Float results must agree within a relative tolerance of 1e-5 measured against the magnitude
 * of the summed terms ({@code Σ|x_i·y_i|}): the two implementations add the same terms in a
 * different order, and a cancelling sum can shrink the result far below the rounding error of its
 * terms, so a tolerance relative to the result alone would demand more than float arithmetic can
 * give. Integer outputs (SQ8 codes) must be identical.
 */
class KernelAgreementTest {
    static final int MAX_LEN = 2048;
    static final double REL_TOL = 1e-5;
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static final VectorKernels SCALAR = VectorKernels.scalar();
    static VectorKernels panama;

    enum Values {
        RANDOM(1.0), ZERO(0.0), HUGE(1e15), TINY(1e-17);

        final double scale;

        Values(double scale) {
            this.scale = scale;
        }

        float[] make(SplittableRandom rnd, int len) {
            float[] v = new float[len];
            for (int i = 0; i < len; i++) {
                v[i] = (float) (rnd.nextGaussian() * scale);
            }
            return v;
        }
    }

    @BeforeAll
    static void requirePanama() {
        assertEquals(null, KernelSelector.panamaUnavailableReason(),
                "the test JVM must run with --add-modules jdk.incubator.vector");
        panama = PanamaKernels.INSTANCE;
    }

    @Test
    void chosenImplementationIsPanamaWhenAvailable() {
        assertTrue(VectorKernels.get().name().startsWith("panama-"), VectorKernels.get().name());
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void floatKernelsAgreeOnHeapArrays(Values kind) {
        SplittableRandom rnd = new SplittableRandom(kind.ordinal() * 31L + 1);
        for (int len = 1; len <= MAX_LEN; len++) {
            int aOff = len % 3, bOff = len % 5;
            float[] a = pad(kind.make(rnd, len), aOff);
            float[] b = pad(kind.make(rnd, len), bOff);
            double dotMag = dotMagnitude(a, aOff, b, bOff, len);
            double l2Mag = SCALAR.l2Squared(a, aOff, b, bOff, len);
            check("l2 " + kind, len, SCALAR.l2Squared(a, aOff, b, bOff, len), panama.l2Squared(a, aOff, b, bOff, len), l2Mag);
            check("dot " + kind, len, SCALAR.dot(a, aOff, b, bOff, len), panama.dot(a, aOff, b, bOff, len), dotMag);
            check("cosine " + kind, len, SCALAR.cosine(a, aOff, b, bOff, len), panama.cosine(a, aOff, b, bOff, len),
                    cosineMagnitude(a, aOff, b, bOff, len, dotMag));
        }
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void floatKernelsAgreeOnSegments(Values kind) {
        SplittableRandom rnd = new SplittableRandom(kind.ordinal() * 37L + 2);
        try (Arena arena = Arena.ofConfined()) {
            for (int len = 1; len <= MAX_LEN; len++) {
                int qOff = len % 4;
                long segOff = 4L * (len % 7) + (len % 2); // also unaligned rows
                float[] q = pad(kind.make(rnd, len), qOff);
                float[] rowArr = kind.make(rnd, len);
                MemorySegment s = arena.allocate(segOff + 4L * len);
                for (int i = 0; i < len; i++) {
                    s.set(FLOAT_LE, segOff + 4L * i, rowArr[i]);
                }
                double dotMag = dotMagnitude(q, qOff, rowArr, 0, len);
                check("segment l2 " + kind, len, SCALAR.l2Squared(q, qOff, s, segOff, len), panama.l2Squared(q, qOff, s, segOff, len),
                        SCALAR.l2Squared(q, qOff, rowArr, 0, len));
                check("segment dot " + kind, len, SCALAR.dot(q, qOff, s, segOff, len), panama.dot(q, qOff, s, segOff, len), dotMag);
                check("segment cosine " + kind, len, SCALAR.cosine(q, qOff, s, segOff, len), panama.cosine(q, qOff, s, segOff, len),
                        cosineMagnitude(q, qOff, rowArr, 0, len, dotMag));
                // the segment kernels equal the heap kernels of the same implementation's arithmetic
                check("segment vs heap l2 " + kind, len, panama.l2Squared(q, qOff, rowArr, 0, len),
                        panama.l2Squared(q, qOff, s, segOff, len), SCALAR.l2Squared(q, qOff, rowArr, 0, len));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void adcKernelsAgree(Values kind) {
        SplittableRandom rnd = new SplittableRandom(kind.ordinal() * 41L + 3);
        int rows = 5;
        try (Arena arena = Arena.ofConfined()) {
            for (int d = 1; d <= MAX_LEN; d++) {
                float[] a = kind.make(rnd, d);
                long codesOff = d % 3;
                MemorySegment codes = arena.allocate(codesOff + (long) rows * d);
                for (long i = 0; i < (long) rows * d; i++) {
                    codes.set(ValueLayout.JAVA_BYTE, codesOff + i, (byte) rnd.nextInt(256));
                }
                MemorySegment corr = arena.allocate(4L * rows + 4);
                float[] corrArr = new float[rows];
                for (int r = 0; r < rows; r++) {
                    corrArr[r] = (float) Math.abs(rnd.nextGaussian() * kind.scale * 100);
                    corr.set(FLOAT_LE, 4 + 4L * r, corrArr[r]);
                }
                float base = (float) (rnd.nextGaussian() * kind.scale * 10);
                float[] outScalar = new float[rows];
                float[] outPanama = new float[rows];
                SCALAR.adcScan(a, base, -2f, codes, codesOff, d, rows, corr, 4, outScalar, 0);
                panama.adcScan(a, base, -2f, codes, codesOff, d, rows, corr, 4, outPanama, 0);
                for (int r = 0; r < rows; r++) {
                    long rowOff = codesOff + (long) r * d;
                    double codeMag = codeMagnitude(a, codes, rowOff, d);
                    check("dotCodes " + kind, d, SCALAR.dotCodes(a, codes, rowOff, d), panama.dotCodes(a, codes, rowOff, d), codeMag);
                    byte[] heap = new byte[d + 5]; // at an offset, like a row of a page
                    MemorySegment.copy(codes, ValueLayout.JAVA_BYTE, rowOff, heap, 3, d);
                    check("dotCodes on the heap " + kind, d, SCALAR.dotCodes(a, codes, rowOff, d),
                            panama.dotCodes(a, heap, 3, d), codeMag);
                    check("dotCodes on the heap, scalar " + kind, d, SCALAR.dotCodes(a, codes, rowOff, d),
                            SCALAR.dotCodes(a, heap, 3, d), codeMag);
                    check("adcScan " + kind, d, outScalar[r], outPanama[r],
                            Math.abs(base) + 2 * codeMag + corrArr[r]);
                }
                // the top-k variant ranks exactly what the plain scan computed
                TopK fromScan = new TopK(3);
                for (int r = 0; r < rows; r++) {
                    fromScan.offer(100 + r, outPanama[r]);
                }
                TopK direct = new TopK(3);
                panama.adcScanTopK(a, base, -2f, codes, codesOff, d, rows, corr, 4, 100, direct, null);
                assertArrayEquals(fromScan.drainIds(), direct.drainIds(), "adcScanTopK vs adcScan, d=" + d);
                // rows marked dead are never offered, by either kernel
                long[] dead = new long[(rows + 63) >>> 6];
                for (int r = 0; r < rows; r++) {
                    if (r % 3 != 1) {
                        dead[r >>> 6] |= 1L << r;
                    }
                }
                for (VectorKernels kernels : new VectorKernels[] {SCALAR, panama}) {
                    float[] own = kernels == SCALAR ? outScalar : outPanama;
                    TopK alive = new TopK(3);
                    for (int r = 1; r < rows; r += 3) {
                        alive.offer(100 + r, own[r]);
                    }
                    TopK skipping = new TopK(3);
                    kernels.adcScanTopK(a, base, -2f, codes, codesOff, d, rows, corr, 4, 100, skipping, dead);
                    assertArrayEquals(alive.drainIds(), skipping.drainIds(), "adcScanTopK skips dead rows, d=" + d);
                }
            }
        }
    }

    @Test
    void adcScanWithoutCorrections() {
        SplittableRandom rnd = new SplittableRandom(7);
        int d = 100, rows = 9;
        float[] a = Values.RANDOM.make(rnd, d);
        byte[] codeBytes = new byte[rows * d];
        for (int i = 0; i < codeBytes.length; i++) {
            codeBytes[i] = (byte) rnd.nextInt(256);
        }
        MemorySegment codes = MemorySegment.ofArray(codeBytes);
        float[] out = new float[rows];
        VectorKernels.get().adcScan(a, 1.5f, -1f, codes, 0, d, rows, null, 0, out, 0);
        for (int r = 0; r < rows; r++) {
            double expected = 1.5;
            for (int i = 0; i < d; i++) {
                expected -= a[i] * (double) Byte.toUnsignedInt(codeBytes[r * d + i]);
            }
            assertEquals(expected, out[r], 1e-4 * codeMagnitude(a, codes, (long) r * d, d));
        }
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void sq8EncodingIsIdentical(Values kind) {
        SplittableRandom rnd = new SplittableRandom(kind.ordinal() * 43L + 4);
        for (int d = 1; d <= MAX_LEN; d++) {
            int vOff = d % 3;
            float[] v = pad(kind.make(rnd, d), vOff);
            float[] min = new float[d], step = new float[d], inv = new float[d];
            for (int i = 0; i < d; i++) {
                // ranges narrower than the data, so clamping at both ends is exercised
                min[i] = (float) (-kind.scale * rnd.nextDouble());
                step[i] = (i % 11 == 0) ? 0f : (float) (kind.scale * rnd.nextDouble() / 255.0);
                inv[i] = step[i] == 0f ? 0f : 1f / step[i];
            }
            byte[] cs = new byte[d + 2], cp = new byte[d + 2];
            float corrS = SCALAR.encodeSq8(v, vOff, min, step, inv, d, MemorySegment.ofArray(cs), 1);
            float corrP = panama.encodeSq8(v, vOff, min, step, inv, d, MemorySegment.ofArray(cp), 1);
            assertArrayEquals(cs, cp, kind + " codes differ at d=" + d);
            check("encode correction " + kind, d, corrS, corrP, corrS);
            assertEquals(0, cp[0], "wrote before the row");
            assertEquals(0, cp[d + 1], "wrote past the row");
        }
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void manyRowKernelsAgree(Values kind) {
        SplittableRandom rnd = new SplittableRandom(kind.ordinal() * 53L + 6);
        for (int d = 1; d <= 300; d++) {
            int count = 1 + d % 9;
            int off = d % 5;
            float[] q = kind.make(rnd, d);
            float[] data = pad(kind.make(rnd, d * count), off);
            float[] s = new float[count + 1], p = new float[count + 1];
            SCALAR.l2SquaredRows(q, data, off, d, count, s, 1);
            panama.l2SquaredRows(q, data, off, d, count, p, 1);
            for (int r = 0; r < count; r++) {
                check("l2 rows " + kind, d, s[r + 1], p[r + 1], s[r + 1]);
                check("l2 rows vs single " + kind, d, SCALAR.l2Squared(q, 0, data, off + r * d, d), p[r + 1], s[r + 1]);
            }
            SCALAR.dotRows(q, data, off, d, count, s, 1);
            panama.dotRows(q, data, off, d, count, p, 1);
            for (int r = 0; r < count; r++) {
                check("dot rows " + kind, d, s[r + 1], p[r + 1], dotMagnitude(q, 0, data, off + r * d, d));
            }
            assertEquals(0f, p[0], "wrote before the output");
        }
    }

    @ParameterizedTest
    @EnumSource(Values.class)
    void adcPreparationAgrees(Values kind) {
        SplittableRandom rnd = new SplittableRandom(kind.ordinal() * 47L + 5);
        for (int d = 1; d <= MAX_LEN; d++) {
            int off = d % 7;
            float[] q = kind.make(rnd, d);
            float[] min = pad(kind.make(rnd, d), off);
            float[] step = pad(kind.make(rnd, d), off);
            float[] as = new float[d], ap = new float[d];
            float sumS = SCALAR.adcPrepareL2(q, min, step, off, d, as);
            float sumP = panama.adcPrepareL2(q, min, step, off, d, ap);
            assertArrayEquals(as, ap, kind + " L2 a_i differ at d=" + d);
            check("adc prepare L2 " + kind, d, sumS, sumP, sumS);
            double dotMag = 0;
            for (int i = 0; i < d; i++) {
                dotMag += Math.abs((double) q[i] * min[off + i]);
            }
            sumS = SCALAR.adcPrepareDot(q, min, step, off, d, as);
            sumP = panama.adcPrepareDot(q, min, step, off, d, ap);
            assertArrayEquals(as, ap, kind + " dot a_i differ at d=" + d);
            check("adc prepare dot " + kind, d, sumS, sumP, dotMag);
        }
    }

    @Test
    void dictionaryDecodeIsIdentical() {
        SplittableRandom rnd = new SplittableRandom(99);
        for (int count = 0; count <= 1030; count++) {
            int shift = 16 + rnd.nextInt(16);
            int[] dict = new int[8];
            for (int c = 0; c < 8; c++) {
                dict[c] = rnd.nextInt(1 << (32 - shift));
            }
            int[] codes = new int[count], rights = new int[count];
            for (int i = 0; i < count; i++) {
                codes[i] = rnd.nextInt(8);
                rights[i] = (int) rnd.nextLong(1L << shift);
            }
            float[] s = new float[count + 2], p = new float[count + 2];
            SCALAR.dictionaryDecode(codes, dict, shift, rights, s, 1, count);
            panama.dictionaryDecode(codes, dict, shift, rights, p, 1, count);
            for (int i = 0; i < s.length; i++) {
                assertEquals(Float.floatToRawIntBits(s[i]), Float.floatToRawIntBits(p[i]), "count " + count + " at " + i);
            }
        }
    }

    private static void check(String what, int len, float expected, float actual, double magnitude) {
        if (Float.compare(expected, actual) == 0) {
            return;
        }
        double tol = REL_TOL * magnitude;
        if (!(Math.abs((double) expected - actual) <= tol)) {
            fail(what + " at length " + len + ": scalar " + expected + " vs panama " + actual
                    + " (tolerance " + tol + ")");
        }
    }

    private static float[] pad(float[] v, int off) {
        float[] out = new float[off + v.length];
        System.arraycopy(v, 0, out, off, v.length);
        return out;
    }

    private static double dotMagnitude(float[] a, int aOff, float[] b, int bOff, int len) {
        double m = 0;
        for (int i = 0; i < len; i++) {
            m += Math.abs((double) a[aOff + i] * b[bOff + i]);
        }
        return m;
    }

    private static double cosineMagnitude(float[] a, int aOff, float[] b, int bOff, int len, double dotMag) {
        double na = 0, nb = 0;
        for (int i = 0; i < len; i++) {
            na += (double) a[aOff + i] * a[aOff + i];
            nb += (double) b[bOff + i] * b[bOff + i];
        }
        double denom = Math.sqrt(na * nb);
        return denom == 0 ? 0 : dotMag / denom + 1e-7; // + the rounding of the final division
    }

    private static double codeMagnitude(float[] a, MemorySegment codes, long off, int d) {
        double m = 0;
        for (int i = 0; i < d; i++) {
            m += Math.abs(a[i] * (double) Byte.toUnsignedInt(codes.get(ValueLayout.JAVA_BYTE, off + i)));
        }
        return m;
    }
}
