package io.drift.bench.lucene;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * The Lucene HNSW vector formats the benchmark compares, the defaults Lucene 10.6 offers for
 * float and scalar-quantized vectors.
 *
 * <p>Both build the graph with one merge thread and with the tiny-segment threshold at 0, so a
 * graph is built whatever the segment size (by default Lucene answers small segments by brute
 * force, which would make small benchmarks measure something other than HNSW).
 */
public enum LuceneVectorFormat {

    /** {@link Lucene99HnswVectorsFormat}: HNSW over float32 vectors. */
    FLOAT("lucene-hnsw") {
        @Override
        KnnVectorsFormat create(int maxConn, int beamWidth) {
            return new Lucene99HnswVectorsFormat(maxConn, beamWidth, SINGLE_MERGE_WORKER, null, ALWAYS_BUILD_GRAPH);
        }

        @Override
        Map<String, Object> params() {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("format", Lucene99HnswVectorsFormat.class.getSimpleName());
            params.put("bits", Float.SIZE);
            return params;
        }
    },

    /**
     * {@link Lucene104HnswScalarQuantizedVectorsFormat} with {@link ScalarEncoding#UNSIGNED_BYTE}:
     * HNSW over 8-bit scalar-quantized vectors (Lucene's default quantized encoding; the float
     * vectors are kept on disk beside the codes).
     */
    INT8("lucene-hnsw-int8") {
        @Override
        KnnVectorsFormat create(int maxConn, int beamWidth) {
            return new Lucene104HnswScalarQuantizedVectorsFormat(
                    ENCODING, maxConn, beamWidth, SINGLE_MERGE_WORKER, null, ALWAYS_BUILD_GRAPH);
        }

        @Override
        Map<String, Object> params() {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("format", Lucene104HnswScalarQuantizedVectorsFormat.class.getSimpleName());
            params.put("bits", (int) ENCODING.getBits());
            params.put("encoding", ENCODING.name());
            return params;
        }
    };

    private static final ScalarEncoding ENCODING = ScalarEncoding.UNSIGNED_BYTE;
    private static final int SINGLE_MERGE_WORKER = 1;
    private static final int ALWAYS_BUILD_GRAPH = 0;

    private final String systemName;

    LuceneVectorFormat(String systemName) {
        this.systemName = systemName;
    }

    /** The benchmark system name of an index in this format. */
    public String systemName() {
        return systemName;
    }

    /** A new format instance with graph degree {@code maxConn} (M) and build beam width. */
    abstract KnnVectorsFormat create(int maxConn, int beamWidth);

    /** The format's identity for reports: class name and bits per dimension, in report order. */
    abstract Map<String, Object> params();
}
