package io.drift.codec.alp;

import io.drift.codec.fastlanes.FastLanes;
import java.util.Objects;

/**
 * Lossless float32 compression in vectors of up to 1024 values with ALP and ALP_RD (Afroozeh,
 * Kuffo, Boncz, "ALP: Adaptive Lossless floating-Point Compression", SIGMOD 2024).
 *
 * <p>For each vector the compressor produces whichever of {@link FloatCodec#ALP},
 * {@link FloatCodec#ALP_RD} and {@link FloatCodec#RAW} is smallest in bytes, RAW winning ties, so
 * an encoded vector is never larger than its raw form ({@code 4 + 4 * n} bytes):
 * <ol>
 *   <li>ALP's exponent/factor pair is picked by two-level sampling ({@link AlpSampler}): once per
 *       row group the sample narrows the 66 pairs down to at most five candidates, then a sample
 *       of each vector picks among them. The vector is encoded exactly with that pair unless the
 *       row-group sample showed ALP to be hopeless (about 30 or more bits per value, as for
 *       high-precision floats whose exceptions blow up).
 *   <li>ALP_RD is tried when the best so far is larger than the smallest ALP_RD vector could be
 *       (28 bytes of header plus 16 right bits per value), its split chosen on a sample.
 *   <li>RAW is kept when neither is smaller.
 * </ol>
 * Every value round-trips bit for bit, including {@code -0.0}, NaN payloads, infinities and
 * subnormals: ALP verifies each value by decoding it and stores the ones that do not survive as
 * exceptions, and ALP_RD only rearranges bits.
 *
 * <p>Vectors shorter than 1024 values are padded to a full FastLanes block: ALP pads with the
 * first encoded integer (so the frame of reference and bit width do not grow), ALP_RD with code 0
 * and right part 0. Padding is never decoded.
 *
 * <p>All methods are static and thread-safe. The byte layout is specified in {@link EncodedFloats}.
 */
public final class AlpCompressor {
    /** Most values per encoded vector. */
    public static final int VECTOR_SIZE = FastLanes.BLOCK;

    /** Values per row group, the unit of first-level sampling in {@link #encodeRowGroups}. */
    public static final int ROW_GROUP_SIZE = AlpSampler.ROW_GROUP_VECTORS * VECTOR_SIZE;

    private AlpCompressor() {}

    /**
     * Encodes the {@code n} (0..1024) values {@code in[off..off+n)} as one vector, sampling it as
     * a row group of its own.
     */
    public static EncodedFloats encode(float[] in, int off, int n) {
        checkVector(in, off, n);
        if (n == 0) {
            return new RawFloats(new int[0]);
        }
        return encode(in, off, n, AlpSampler.firstLevel(in, off, n));
    }

    /**
     * Encodes {@code in[off..off+n)} as consecutive vectors of 1024 values (the last one shorter),
     * running first-level sampling once per {@link #ROW_GROUP_SIZE} values as in the paper.
     */
    public static EncodedFloats[] encodeRowGroups(float[] in, int off, int n) {
        Objects.checkFromIndexSize(off, n, in.length);
        EncodedFloats[] out = new EncodedFloats[(n + VECTOR_SIZE - 1) / VECTOR_SIZE];
        int v = 0;
        for (int group = 0; group < n; group += ROW_GROUP_SIZE) {
            int groupLen = Math.min(ROW_GROUP_SIZE, n - group);
            AlpSampler.Plan plan = AlpSampler.firstLevel(in, off + group, groupLen);
            for (int start = 0; start < groupLen; start += VECTOR_SIZE) {
                out[v++] = encode(in, off + group + start, Math.min(VECTOR_SIZE, groupLen - start), plan);
            }
        }
        return out;
    }

    /** The length of the vector that starts at value {@code pos} of an input of {@code total} values. */
    @FunctionalInterface
    public interface VectorLengths {
        int length(int pos, int total);
    }

    /**
     * Encodes {@code in[off..off+n)} as consecutive vectors whose lengths (each 1..1024) the
     * caller decides, running first-level sampling once per {@link #ROW_GROUP_SIZE} values.
     */
    public static EncodedFloats[] encodeRowGroups(float[] in, int off, int n, VectorLengths lengths) {
        Objects.checkFromIndexSize(off, n, in.length);
        java.util.List<EncodedFloats> out = new java.util.ArrayList<>();
        AlpSampler.Plan plan = null;
        int planEnd = 0;
        for (int pos = 0; pos < n; ) {
            int len = lengths.length(pos, n);
            if (len < 1 || len > VECTOR_SIZE || len > n - pos) {
                throw new IllegalArgumentException("vector length " + len + " at value " + pos + " of " + n);
            }
            if (pos >= planEnd) {
                int groupLen = Math.min(ROW_GROUP_SIZE, n - pos);
                plan = AlpSampler.firstLevel(in, off + pos, groupLen);
                planEnd = pos + groupLen;
            }
            out.add(encode(in, off + pos, len, plan));
            pos += len;
        }
        return out.toArray(EncodedFloats[]::new);
    }

    /** Decodes {@code enc} into {@code out[outOff..outOff+enc.count())}. */
    public static void decode(EncodedFloats enc, float[] out, int outOff) {
        enc.decode(out, outOff);
    }

    static EncodedFloats encode(float[] in, int off, int n, AlpSampler.Plan plan) {
        EncodedFloats best = null;
        int bestSize = AlpFormat.rawSize(n);
        if (!plan.alpHopeless()) {
            AlpSampler.Combination c = AlpSampler.secondLevel(in, off, n, plan);
            AlpFloats alp = AlpEncoder.encode(in, off, n, c.e(), c.f());
            if (alp.sizeInBytes() < bestSize) {
                best = alp;
                bestSize = alp.sizeInBytes();
            }
        }
        if (bestSize > AlpFormat.rdSize(0, Integer.SIZE - AlpFormat.RD_MAX_LEFT_BITS, 0)) {
            AlpRdFloats rd = AlpRdEncoder.encode(in, off, n, AlpRdEncoder.chooseLeftBits(in, off, n));
            if (rd.sizeInBytes() < bestSize) {
                best = rd;
            }
        }
        return best != null ? best : RawFloats.of(in, off, n);
    }

    private static void checkVector(float[] in, int off, int n) {
        if (n < 0 || n > VECTOR_SIZE) {
            throw new IllegalArgumentException("vector of " + n + " values; expected 0.." + VECTOR_SIZE);
        }
        Objects.checkFromIndexSize(off, n, in.length);
    }
}
