package io.drift.codec.alp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Bit-exact round trips over the kinds of floats ALP and ALP_RD must survive. */
class AlpRoundTripPropertiesTest {
    private static final int[] SPECIAL_BITS = {
        0x8000_0000, // -0.0
        0x0000_0000, // +0.0
        0x7f80_0000, // +Inf
        0xff80_0000, // -Inf
        0x7fc0_0000, // canonical NaN
        0x0000_0001, // MIN_VALUE
        0x8000_0001, // -MIN_VALUE
        0x007f_ffff, // largest subnormal
        0x0080_0000, // MIN_NORMAL
        0x7f7f_ffff, // MAX_VALUE
        0xff7f_ffff, // -MAX_VALUE
    };

    @Property(tries = 200)
    void anyBitPatterns(@ForAll("anyBits") float[] in) {
        AlpAssertions.assertRoundTrip(in, 0, in.length);
    }

    @Property(tries = 200)
    void decimals(@ForAll("decimals") float[] in) {
        AlpAssertions.assertRoundTrip(in, 0, in.length);
    }

    @Property(tries = 200)
    void integersAsFloats(@ForAll("integers") float[] in) {
        AlpAssertions.assertRoundTrip(in, 0, in.length);
    }

    @Property(tries = 100)
    void constantRuns(@ForAll("constantRuns") float[] in) {
        AlpAssertions.assertRoundTrip(in, 0, in.length);
    }

    @Property(tries = 200)
    void decimalsWithSpecialValues(@ForAll("decimalsWithSpecials") float[] in) {
        AlpAssertions.assertRoundTrip(in, 0, in.length);
    }

    @Property(tries = 100)
    void highPrecision(@ForAll("gaussian") float[] in) {
        AlpAssertions.assertRoundTrip(in, 0, in.length);
    }

    @Property(tries = 100)
    void atAnOffset(@ForAll("decimals") float[] in, @ForAll("offsets") int off) {
        int from = Math.min(off, in.length);
        AlpAssertions.assertRoundTrip(in, from, in.length - from);
    }

    /** ALP_RD is only ever chosen when it is strictly smaller than raw float32. */
    @Property(tries = 200)
    void alpRdNeverLargerThanRaw(@ForAll("anyOrGaussian") float[] in) {
        EncodedFloats enc = AlpCompressor.encode(in, 0, in.length);
        int raw = 4 + 4 * in.length;
        assertTrue(enc.sizeInBytes() <= raw);
        if (enc.codec() == FloatCodec.ALP_RD) {
            assertTrue(enc.sizeInBytes() < raw, "ALP_RD " + enc.sizeInBytes() + " vs raw " + raw);
        }
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(0, 40);
    }

    @Provide
    Arbitrary<float[]> anyBits() {
        return lengths().flatMap(n -> Arbitraries.integers().array(int[].class).ofSize(n)).map(bits -> {
            float[] f = new float[bits.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = Float.intBitsToFloat(bits[i]);
            }
            return f;
        });
    }

    @Provide
    Arbitrary<float[]> decimals() {
        Arbitrary<Integer> digits = Arbitraries.integers().between(0, 4);
        Arbitrary<Integer> magnitude = Arbitraries.integers().between(1, 1_000_000);
        Arbitrary<Boolean> tenthSteps = Arbitraries.of(true, false);
        return Combinators.combine(lengths(), digits, magnitude, tenthSteps, Arbitraries.longs())
                .as((n, d, mag, tenth, seed) -> {
                    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
                    float[] f = new float[n];
                    for (int i = 0; i < n; i++) {
                        int k = rnd.nextInt(-mag, mag + 1);
                        f[i] = tenth ? 0.1f * k : (float) (k / Math.pow(10, d));
                    }
                    return f;
                });
    }

    @Provide
    Arbitrary<float[]> integers() {
        return Combinators.combine(lengths(), Arbitraries.integers().between(1, Integer.MAX_VALUE), Arbitraries.longs())
                .as((n, bound, seed) -> {
                    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
                    float[] f = new float[n];
                    for (int i = 0; i < n; i++) {
                        f[i] = rnd.nextInt(-bound, bound);
                    }
                    return f;
                });
    }

    @Provide
    Arbitrary<float[]> constantRuns() {
        return Combinators.combine(lengths(), Arbitraries.integers(), Arbitraries.integers().between(1, 600))
                .as((n, bits, run) -> {
                    float[] f = new float[n];
                    for (int i = 0; i < n; i++) {
                        f[i] = Float.intBitsToFloat(bits + (i / run) % 2);
                    }
                    return f;
                });
    }

    @Provide
    Arbitrary<float[]> decimalsWithSpecials() {
        Arbitrary<Integer> nanPayload = Arbitraries.integers().between(1, 0x007f_ffff)
                .flatMap(p -> Arbitraries.of(0x7f80_0000 | p, 0xff80_0000 | p));
        Arbitrary<Integer> special = Arbitraries.oneOf(Arbitraries.of(List.of(box(SPECIAL_BITS))), nanPayload,
                Arbitraries.integers().between(1, 0x007f_ffff));
        Arbitrary<List<Tuple.Tuple2<Integer, Integer>>> patches = Combinators
                .combine(Arbitraries.integers().between(0, 1023), special).as(Tuple::of).list().ofMaxSize(40);
        return Combinators.combine(decimals(), patches).as((f, ps) -> {
            for (Tuple.Tuple2<Integer, Integer> p : ps) {
                if (f.length > 0) {
                    f[p.get1() % f.length] = Float.intBitsToFloat(p.get2());
                }
            }
            return f;
        });
    }

    @Provide
    Arbitrary<float[]> gaussian() {
        return Combinators.combine(lengths(), Arbitraries.longs()).as((n, seed) -> {
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) (rnd.nextGaussian() * 0.5);
            }
            return f;
        });
    }

    @Provide
    Arbitrary<float[]> anyOrGaussian() {
        return Arbitraries.oneOf(anyBits(), gaussian(), decimals());
    }

    private static Arbitrary<Integer> lengths() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 1024), Arbitraries.of(0, 1, 2, 1023, 1024));
    }

    private static Integer[] box(int[] a) {
        Integer[] b = new Integer[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return b;
    }
}
