package io.drift.bench.jmh;

import io.drift.codec.alp.AlpCompressor;
import io.drift.codec.alp.EncodedFloats;
import io.drift.codec.alp.FloatCodec;
import io.drift.codec.alp.FloatVectorDecoder;
import io.drift.dataset.FashionMnist;
import io.drift.dataset.SyntheticDrift;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode speed of ALP/ALP_RD against {@link Inflater}, in values per second on one thread.
 *
 * <p>The whole dataset's flat float array is cut into consecutive 1024-value vectors (a
 * Fashion-MNIST vector therefore spans image boundaries; per-row 784-value vectors are reported
 * for comparison) and encoded with {@link AlpCompressor#encodeRowGroups}. Each invocation decodes
 * the first {@link #VECTORS} vectors, {@value #VALUES} values, from an off-heap
 * {@link MemorySegment} with {@link FloatVectorDecoder} into a 1024-float scratch array, the way
 * a bucket scan would. The Inflater baseline decodes the same values, each 1024-value vector
 * deflated separately (default level) so both have the same random-access granularity, and copies
 * the inflated bytes into floats.
 *
 * <p>Compression ratios over the whole dataset (vs raw float32, vs Deflater per vector and over
 * the whole stream) are computed in the trial setup and printed once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AlpBenchmark {
    static final int VECTORS = 256;
    static final int VALUES = VECTORS * 1024;

    @Param({"fashion-mnist", "gaussian"})
    public String dataset;

    private Arena arena;
    private MemorySegment alpBytes;
    private final FloatVectorDecoder decoder = new FloatVectorDecoder();
    private final float[] out = new float[1024];

    private byte[][] deflated;
    private final Inflater inflater = new Inflater();
    private final byte[] inflated = new byte[4096];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        float[] data = switch (dataset) {
            case "fashion-mnist" -> FashionMnist.load(FashionMnist.defaultDir()).base().data();
            case "gaussian" -> SyntheticDrift.generate(SyntheticDrift.Params.of(60000, 128, 0, 42)).base().data();
            default -> throw new IllegalArgumentException("unknown dataset " + dataset);
        };
        if (data.length < VALUES) {
            throw new IllegalStateException(dataset + " has " + data.length + " values; need " + VALUES);
        }
        EncodedFloats[] vectors = AlpCompressor.encodeRowGroups(data, 0, data.length);
        long alpTotal = 0;
        long alpFirst = 0;
        Map<FloatCodec, Integer> mix = new EnumMap<>(FloatCodec.class);
        for (int v = 0; v < vectors.length; v++) {
            alpTotal += vectors[v].sizeInBytes();
            if (v < VECTORS) {
                alpFirst += vectors[v].sizeInBytes();
            }
            mix.merge(vectors[v].codec(), 1, Integer::sum);
        }
        arena = Arena.ofConfined();
        alpBytes = arena.allocate(alpFirst, 64);
        ByteBuffer buf = alpBytes.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (int v = 0; v < VECTORS; v++) {
            vectors[v].writeTo(buf);
        }

        Deflater deflater = new Deflater();
        byte[] raw = new byte[4096];
        byte[] scratch = new byte[8192];
        deflated = new byte[VECTORS][];
        long deflateChunks = 0;
        for (int v = 0; v * 1024 < data.length; v++) {
            int n = Math.min(1024, data.length - v * 1024);
            MemorySegment.copy(data, v * 1024, MemorySegment.ofArray(raw), ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(
                    ByteOrder.LITTLE_ENDIAN), 0, n);
            deflater.reset();
            deflater.setInput(raw, 0, n * 4);
            deflater.finish();
            int len = deflater.deflate(scratch);
            deflateChunks += len;
            if (v < VECTORS) {
                deflated[v] = java.util.Arrays.copyOf(scratch, len);
            }
        }
        long deflateStream = deflateWhole(data, deflater);
        deflater.end();

        long perRow = 0;
        int dim = dataset.equals("fashion-mnist") ? 784 : 128;
        for (int r = 0; r + dim <= data.length; r += dim) {
            perRow += AlpCompressor.encode(data, r, dim).sizeInBytes();
        }

        double rawBytes = data.length * 4.0;
        System.out.printf(Locale.ROOT,
                "%n[AlpBenchmark] %s: %d values, %d vectors of 1024 %s%n"
                        + "[AlpBenchmark]   ALP (1024-value vectors): %d bytes, raw/ALP %.3fx, Deflater-per-vector/ALP"
                        + " %.3fx, Deflater-whole-stream/ALP %.3fx%n"
                        + "[AlpBenchmark]   ALP (one vector per %d-dim row): ratio vs raw %.3fx%n"
                        + "[AlpBenchmark]   Deflater per 1024-value vector: ratio vs raw %.3fx; whole stream %.3fx%n",
                dataset, data.length, vectors.length, mix, alpTotal, rawBytes / alpTotal,
                (double) deflateChunks / alpTotal, (double) deflateStream / alpTotal, dim, rawBytes / perRow,
                rawBytes / deflateChunks, rawBytes / deflateStream);
    }

    private static long deflateWhole(float[] data, Deflater deflater) {
        ByteBuffer raw = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        deflater.reset();
        deflater.setInput(raw.array());
        deflater.finish();
        byte[] sink = new byte[1 << 16];
        long total = 0;
        while (!deflater.finished()) {
            total += deflater.deflate(sink);
        }
        return total;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        inflater.end();
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public void alpDecode(Blackhole bh) {
        long pos = 0;
        for (int v = 0; v < VECTORS; v++) {
            pos = decoder.decode(alpBytes, pos, out, 0);
            bh.consume(out[v & 1023]);
        }
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public void inflaterDecode(Blackhole bh) throws DataFormatException {
        MemorySegment src = MemorySegment.ofArray(inflated);
        for (int v = 0; v < VECTORS; v++) {
            inflater.reset();
            inflater.setInput(deflated[v]);
            int len = inflater.inflate(inflated);
            MemorySegment.copy(src, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, out, 0,
                    len / 4);
            bh.consume(out[v & 1023]);
        }
    }
}
