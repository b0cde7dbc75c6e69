package io.drift.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.Internal;
import com.google.protobuf.UnsafeByteOperations;
import io.drift.CollectionConfig;
import io.drift.CollectionStats;
import io.drift.Durability;
import io.drift.Hit;
import io.drift.KeyType;
import io.drift.JanitorStats;
import io.drift.Metric;
import io.drift.SearchOptions;
import io.drift.SearchResult;
import io.drift.VectorCollection;
import io.drift.proto.v1.CollectionStatistics;
import io.drift.proto.v1.ScoredPoint;
import io.drift.proto.v1.SearchBatchRequest;
import io.drift.proto.v1.SearchParams;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversions between the engine's types and the {@code drift.v1} messages, and the checks of
 * request fields the engine does not see (proto enums, unset markers). A bad field is an
 * {@code INVALID_ARGUMENT} whose message starts with the field's name.
 */
public final class Protos {

    private Protos() {}

    /** {@code INVALID_ARGUMENT: <field>: <problem>}. */
    static StatusRuntimeException invalid(String field, String problem) {
        return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem).asRuntimeException();
    }

    public static Metric metric(io.drift.proto.v1.Metric m) {
        return switch (m) {
            case METRIC_L2 -> Metric.L2;
            case METRIC_COSINE -> Metric.COSINE;
            case METRIC_DOT -> Metric.DOT;
            default -> throw invalid("metric", "must be METRIC_L2, METRIC_COSINE or METRIC_DOT, got " + m);
        };
    }

    public static io.drift.proto.v1.Metric metric(Metric m) {
        return switch (m) {
            case L2 -> io.drift.proto.v1.Metric.METRIC_L2;
            case COSINE -> io.drift.proto.v1.Metric.METRIC_COSINE;
            case DOT -> io.drift.proto.v1.Metric.METRIC_DOT;
        };
    }

    /** {@code sync} or {@code async-<N>ms}, as the proto documents. */
    static String durability(Durability d) {
        return d.toString();
    }

    static Durability durability(String s) {
        try {
            return Durability.parse(s);
        } catch (IllegalArgumentException e) { // not the syntax, a zero interval, or too many digits
            throw invalid("config.durability", e.getMessage());
        }
    }

    /** The engine's config: the defaults with every field the message sets. */
    public static CollectionConfig config(io.drift.proto.v1.CollectionConfig p) {
        return config(p, io.drift.proto.v1.KeyType.KEY_TYPE_UINT64);
    }

    /** The engine's config: the defaults with every field the message sets, naming points by {@code keys}. */
    public static CollectionConfig config(io.drift.proto.v1.CollectionConfig p, io.drift.proto.v1.KeyType keys) {
        CollectionConfig.Builder b = CollectionConfig.builder().keyType(keyType(keys));
        try {
            if (p.hasMaxPayloadBytes()) {
                b.maxPayloadBytes(p.getMaxPayloadBytes());
            }
            if (p.hasDurability()) {
                b.durability(durability(p.getDurability()));
            }
            if (p.hasMemtableBytes()) {
                b.memtableBytes(p.getMemtableBytes());
            }
            if (p.hasMaxFrozenMemtables()) {
                b.maxFrozenMemtables(p.getMaxFrozenMemtables());
            }
            if (p.hasHnswM()) {
                b.hnswM(p.getHnswM());
            }
            if (p.hasHnswEfConstruction()) {
                b.hnswEfConstruction(p.getHnswEfConstruction());
            }
            if (p.hasHnswEfSearch()) {
                b.hnswEfSearch(p.getHnswEfSearch());
            }
            if (p.hasTargetBucketSize()) {
                b.targetBucketSize(p.getTargetBucketSize());
            }
            if (p.hasLambda()) {
                b.lambda(p.getLambda());
            }
            if (p.hasTargetConfidence()) {
                b.targetConfidence(p.getTargetConfidence());
            }
            if (p.hasRerankFactor()) {
                b.rerankFactor(p.getRerankFactor());
            }
            if (p.hasGuardrail()) {
                b.guardrail(p.getGuardrail());
            }
            if (p.hasCalibrationQueries()) {
                b.calibrationQueries(p.getCalibrationQueries());
            }
            if (p.hasMaxBatch()) {
                b.maxBatch(p.getMaxBatch());
            }
            if (p.hasMaxK()) {
                b.maxK(p.getMaxK());
            }
            if (p.hasMaxSegmentBytes()) {
                b.maxSegmentBytes(p.getMaxSegmentBytes());
            }
            if (p.hasSeed()) {
                b.seed(p.getSeed());
            }
            if (p.hasMaxUnlinkedBytes()) {
                b.maxUnlinkedBytes(p.getMaxUnlinkedBytes());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw invalid("config", e.getMessage());
        }
    }

    public static io.drift.proto.v1.CollectionConfig config(CollectionConfig c) {
        return io.drift.proto.v1.CollectionConfig.newBuilder()
                .setDurability(durability(c.durability()))
                .setMemtableBytes(c.memtableBytes())
                .setMaxFrozenMemtables(c.maxFrozenMemtables())
                .setHnswM(c.hnswM())
                .setHnswEfConstruction(c.hnswEfConstruction())
                .setHnswEfSearch(c.hnswEfSearch())
                .setTargetBucketSize(c.targetBucketSize())
                .setLambda(c.lambda())
                .setTargetConfidence(c.targetConfidence())
                .setRerankFactor(c.rerankFactor())
                .setGuardrail(c.guardrail())
                .setCalibrationQueries(c.calibrationQueries())
                .setMaxBatch(c.maxBatch())
                .setMaxK(c.maxK())
                .setMaxSegmentBytes(c.maxSegmentBytes())
                .setSeed(c.seed())
                .setMaxUnlinkedBytes(c.maxUnlinkedBytes())
                .setMaxPayloadBytes(c.maxPayloadBytes())
                .build();
    }

    public static KeyType keyType(io.drift.proto.v1.KeyType k) {
        return switch (k) {
            case KEY_TYPE_UINT64 -> KeyType.UINT64;
            case KEY_TYPE_STRING -> KeyType.STRING;
            default -> throw invalid("key_type", "unknown key type " + k.getNumber());
        };
    }

    public static io.drift.proto.v1.KeyType keyType(KeyType k) {
        return k == KeyType.STRING ? io.drift.proto.v1.KeyType.KEY_TYPE_STRING : io.drift.proto.v1.KeyType.KEY_TYPE_UINT64;
    }

    /** The janitor's operations by name, as {@code drift_janitor_operations_total} counts them. */
    static Map<String, Long> janitorOperations(CollectionStats s) {
        JanitorStats j = s.janitor();
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("passes", j.passes());
        m.put("partition_merges", j.partitionMerges());
        m.put("scatter_merges", j.scatterMerges());
        m.put("splits", j.splits());
        m.put("compactions", j.compactions());
        m.put("segment_compactions", j.segmentCompactions());
        m.put("segments_dropped", j.segmentsDropped());
        return m;
    }

    /** Every janitor counter, as {@code DescribeCollection} reports them: the operations and the rows and bytes moved. */
    static Map<String, Long> janitorCounters(CollectionStats s) {
        Map<String, Long> m = janitorOperations(s);
        m.put("stolen_rows", s.janitor().stolenRows());
        m.put("rows_rewritten", s.janitor().rowsRewritten());
        m.put("bytes_written", s.janitor().bytesWritten());
        return m;
    }

    public static CollectionStatistics statistics(CollectionStats s) {
        return CollectionStatistics.newBuilder()
                .setLiveRows(s.liveRows())
                .setRows(s.memtableRows() + s.segmentRows())
                .setMemtableRows(s.memtableRows())
                .setMemtableBytes(s.memtableBytes())
                .setFrozenMemtables(s.frozenMemtables())
                .setSegments(s.segments())
                .setBuckets(s.buckets())
                .setLiveBuckets(s.liveBuckets())
                .setSegmentRows(s.segmentRows())
                .setDeletedSegmentRows(s.deletedSegmentRows())
                .setDiskBytes(s.diskBytes())
                .setFlushes(s.flushes())
                .setGeneration(s.generation())
                .setLastSequence(s.lastSeq())
                .putAllJanitor(janitorCounters(s))
                .setMaintenanceRunning(s.maintenanceRunning())
                .setPartitions(s.partitions())
                .setRecheckedQueries(s.recheckedQueries())
                .setPayloadBytes(s.payloadBytes())
                .build();
    }

    /**
     * The search options a request asks for: {@code recall_target} or {@code target_confidence}
     * (0 is unset) and the optional parameters.
     */
    static SearchOptions searchOptions(float recallTarget, float targetConfidence, SearchParams params) {
        SearchOptions o = SearchOptions.defaults();
        if (recallTarget != 0 && targetConfidence != 0) {
            throw invalid("recall_target", "give recall_target or target_confidence, not both");
        }
        if (recallTarget != 0) {
            o = o.withRecallTarget(unitInterval("recall_target", recallTarget));
        } else if (targetConfidence != 0) {
            o = o.withTargetConfidence(unitInterval("target_confidence", targetConfidence));
        }
        if (params.hasRerankFactor()) {
            o = o.withRerankFactor(nonNegative("params.rerank_factor", params.getRerankFactor()));
        }
        if (params.hasGuardrail()) {
            o = o.withGuardrail(nonNegative("params.guardrail", params.getGuardrail()));
        }
        return o;
    }

    /**
     * The options of a {@code Search} for {@code k} results in {@code c}: its settings
     * ({@link #searchOptions(float, float, SearchParams)}), payloads, filter, score threshold and offset.
     */
    static SearchOptions searchOptions(SearchRequest req, VectorCollection c, int k) {
        SearchOptions o = searchOptions(req.getRecallTarget(), req.getTargetConfidence(), req.getParams())
                .withPayload(req.getWithPayload()).withFilter(FilterProtos.filter(req.hasFilter(), req.getFilter(), c));
        return paged(o, k, c.config().maxK(), req.hasScoreThreshold(), req.getScoreThreshold(), req.getOffset());
    }

    /** The options of a {@code SearchBatch}, as {@link #searchOptions(SearchRequest, VectorCollection, int)}. */
    static SearchOptions searchOptions(SearchBatchRequest req, VectorCollection c, int k) {
        SearchOptions o = searchOptions(req.getRecallTarget(), req.getTargetConfidence(), req.getParams())
                .withPayload(req.getWithPayload()).withFilter(FilterProtos.filter(req.hasFilter(), req.getFilter(), c));
        return paged(o, k, c.config().maxK(), req.hasScoreThreshold(), req.getScoreThreshold(), req.getOffset());
    }

    /**
     * {@code o} with a request's {@code score_threshold} (when set; not NaN) and {@code offset} (a
     * uint32; {@code k + offset} within {@code maxK}, a bad argument beyond it, as {@code k} is).
     */
    private static SearchOptions paged(SearchOptions o, int k, int maxK, boolean hasThreshold, float threshold,
                                       int offset) {
        if (hasThreshold) {
            if (Float.isNaN(threshold)) {
                throw invalid("score_threshold", "is NaN");
            }
            o = o.withScoreThreshold(threshold);
        }
        checkOffset(k, offset, maxK);
        return o.withOffset(offset);
    }

    /** {@code offset} (a uint32) with {@code k} results within {@code maxK}: a bad argument beyond it. */
    private static void checkOffset(int k, int offset, int maxK) {
        if (offset < 0 || (long) k + offset > maxK) {
            throw invalid("offset", "k + offset = " + (k + Integer.toUnsignedLong(offset))
                    + " exceeds the collection's limit of " + maxK);
        }
    }

    /** A Scroll's page size when the request leaves {@code limit} at 0 (or max_batch, if smaller). */
    public static final int DEFAULT_SCROLL_LIMIT = 100;

    /**
     * A Scroll's page size: {@code limit} (a uint32; 0 for the default) within {@code maxBatch},
     * {@code RESOURCE_EXHAUSTED} beyond it; a cluster's router pages by it too.
     */
    public static int scrollLimit(int limit, int maxBatch) {
        if (limit == 0) {
            return Math.min(DEFAULT_SCROLL_LIMIT, maxBatch);
        }
        if (limit < 0 || limit > maxBatch) {
            throw Status.RESOURCE_EXHAUSTED.withDescription("limit: " + Integer.toUnsignedString(limit)
                    + " exceeds the collection's max_batch of " + maxBatch).asRuntimeException();
        }
        return limit;
    }

    /**
     * Checks a search's {@code k} and {@code offset} (uint32s) against the collection's limit as a
     * server does: for a router, before it asks every shard for {@code k + offset}.
     */
    public static void checkPage(int k, int offset, int maxK) {
        k(k, maxK);
        checkOffset(k, offset, maxK);
    }

    private static double unitInterval(String field, float v) {
        if (!(v > 0 && v <= 1)) {
            throw invalid(field, "must be in (0, 1], got " + v);
        }
        return v;
    }

    /** A {@code uint32} that must fit a Java {@code int}. */
    private static int nonNegative(String field, int v) {
        if (v < 0) {
            throw invalid(field, "too large: " + Integer.toUnsignedString(v));
        }
        return v;
    }

    /**
     * Checks {@code k} (a {@code uint32}) against the collection's limit: both ends are a bad
     * argument, not an exhausted resource.
     */
    static int k(int k, int maxK) {
        if (k == 0) {
            throw invalid("k", "must be positive");
        }
        if (k < 0 || k > maxK) {
            throw invalid("k", Integer.toUnsignedString(k) + " exceeds the collection's limit of " + maxK);
        }
        return k;
    }

    public static SearchResponse searchResponse(SearchResult r) {
        SearchResponse.Builder b = SearchResponse.newBuilder()
                .setBucketsScanned(r.bucketsScanned())
                .setRowsScanned(r.rowsScanned())
                .setRowsReranked(r.rowsReranked())
                .setConfidence(r.confidence())
                .setEstimatedRecall(r.estimatedRecall());
        for (Hit h : r.hits()) {
            ScoredPoint.Builder p = ScoredPoint.newBuilder().setId(h.id()).setDistance(h.distance());
            if (h.key() != null) {
                p.setKey(h.key());
            }
            if (h.payload() != null && !h.payload().isEmpty()) {
                p.setPayload(PayloadProtos.struct(h.payload()));
            }
            b.addResults(p);
        }
        return b.build();
    }

    /** A point of {@code dim} components of {@code data} from {@code offset} (without boxing them). */
    public static io.drift.proto.v1.Point point(long id, float[] data, int offset, int dim) {
        io.drift.proto.v1.Point.Builder p = io.drift.proto.v1.Point.newBuilder().setId(id);
        for (int i = 0; i < dim; i++) {
            p.addVector(data[offset + i]);
        }
        return p.build();
    }

    /**
     * A vector given either as a {@code repeated float} field ({@code values}) or as little-endian
     * float32 bytes, not both.
     *
     * @throws IllegalArgumentException if both are given or the bytes are not whole float32 values;
     *     the caller names the field
     */
    public static float[] vector(List<Float> values, ByteString bytes) {
        if (bytes.isEmpty()) {
            return floats(values);
        }
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("the vector is given both as floats and as bytes; give one");
        }
        if (bytes.size() % Float.BYTES != 0) {
            throw new IllegalArgumentException("the vector's " + bytes.size()
                    + " bytes are not a whole number of 4-byte float32 values");
        }
        float[] out = new float[bytes.size() / Float.BYTES];
        bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /**
     * A point of {@code dim} components of {@code data} from {@code offset}, given as bytes (the
     * cheaper encoding for writers).
     */
    public static io.drift.proto.v1.Point pointAsBytes(long id, float[] data, int offset, int dim) {
        return io.drift.proto.v1.Point.newBuilder().setId(id).setVectorBytes(vectorBytes(data, offset, dim)).build();
    }

    /** {@code dim} components of {@code data} from {@code offset} as little-endian float32 bytes. */
    public static ByteString vectorBytes(float[] data, int offset, int dim) {
        byte[] bytes = new byte[dim * Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data, offset, dim);
        return UnsafeByteOperations.unsafeWrap(bytes); // nothing else holds the array
    }

    /** A repeated float field as an array (without boxing: protobuf keeps them in a FloatList). */
    public static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        if (values instanceof Internal.FloatList list) {
            for (int i = 0; i < out.length; i++) {
                out[i] = list.getFloat(i);
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
        }
        return out;
    }
}
