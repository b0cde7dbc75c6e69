package io.drift.server;

import io.drift.CollectionStats;
import io.drift.DriftEngine;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

/**
 * The server's Prometheus metrics, in a registry of its own (so several servers can live in one
 * JVM, as in tests). Names and labels are listed in docs/SERVER.md:
 *
 * <ul>
 *   <li>{@code drift_grpc_requests_total{method,code}} and
 *       {@code drift_grpc_request_duration_seconds{method,code}}: every call, by full method name
 *       and status code (recorded by {@link #interceptor()}; a SearchStream call lasts as long
 *       as its stream);
 *   <li>{@code drift_stream_searches_total{code}} and
 *       {@code drift_stream_search_duration_seconds{code}}: every search on a SearchStream, by the
 *       status it was answered with;
 *   <li>{@code drift_rows_ingested_total{collection}}, {@code drift_searches_total{collection}};
 *   <li>read from the engine at each scrape: {@code drift_collection_live_rows},
 *       {@code drift_collection_rows}, {@code drift_collection_buckets},
 *       {@code drift_collection_segments}, {@code drift_collection_memtable_bytes},
 *       {@code drift_collection_disk_bytes}, {@code drift_collection_partitions},
 *       {@code drift_flushes_total}, {@code drift_janitor_operations_total{collection,operation}}
 *       and {@code drift_janitor_rows_rewritten_total};
 *   <li>the JVM's own ({@code jvm_*}, {@code process_*}).
 * </ul>
 */
public final class ServerMetrics {

    private static final double[] LATENCY_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final DriftEngine engine;
    private final Counter requests;
    private final Histogram latency;
    private final Counter rowsIngested;
    private final Counter searches;
    /** Data points per method, indexed by status code: labelValues looks them up on every call otherwise. */
    private final Map<String, CallPoints[]> callPoints = new ConcurrentHashMap<>();
    /** The same for searches on SearchStreams, by status code. */
    private final CallPoints[] streamedPoints = new CallPoints[Status.Code.values().length];
    private final Counter streamedSearches;
    private final Histogram streamedLatency;

    private record CallPoints(CounterDataPoint count, DistributionDataPoint seconds) {
        void observe(long nanos) {
            count.inc();
            seconds.observe(nanos / 1e9);
        }
    }

    public ServerMetrics(DriftEngine engine) {
        this.engine = engine;
        requests = Counter.builder().name("drift_grpc_requests_total")
                .help("gRPC calls handled, by method and status code").labelNames("method", "code")
                .register(registry);
        latency = Histogram.builder().name("drift_grpc_request_duration_seconds")
                .help("Time from a call's start to its status, by method and status code")
                .labelNames("method", "code").classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars()
                .register(registry);
        streamedSearches = Counter.builder().name("drift_stream_searches_total")
                .help("Searches answered on SearchStreams, by status code").labelNames("code").register(registry);
        streamedLatency = Histogram.builder().name("drift_stream_search_duration_seconds")
                .help("Time from a SearchStream message's arrival to its answer, by status code").labelNames("code")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars().register(registry);
        rowsIngested = Counter.builder().name("drift_rows_ingested_total")
                .help("Points written by Upsert and UpsertStream").labelNames("collection").register(registry);
        searches = Counter.builder().name("drift_searches_total")
                .help("Searches answered (each query of a SearchBatch counts)").labelNames("collection")
                .register(registry);
        gauge("drift_collection_live_rows", "Ids with a current vector", CollectionStats::liveRows);
        gauge("drift_collection_rows", "Rows stored in memtables and segments, deleted ones included",
                s -> s.memtableRows() + s.segmentRows());
        gauge("drift_collection_buckets", "L1 buckets over all segments", CollectionStats::buckets);
        gauge("drift_collection_segments", "Live segment files", CollectionStats::segments);
        gauge("drift_collection_memtable_bytes", "Vector bytes in memtables", CollectionStats::memtableBytes);
        gauge("drift_collection_disk_bytes", "Bytes of segment, deletion and log files", CollectionStats::diskBytes);
        CounterWithCallback.builder().name("drift_flushes_total")
                .help("Memtables flushed into segments since the collection was opened").labelNames("collection")
                .callback(cb -> stats().forEach((name, s) -> cb.call(s.flushes(), name)))
                .register(registry);
        gauge("drift_collection_partitions", "Groups of segments clustered together", CollectionStats::partitions);
        CounterWithCallback.builder().name("drift_janitor_operations_total")
                .help("Background maintenance operations since the collection was opened, by operation")
                .labelNames("collection", "operation")
                .callback(cb -> stats().forEach((name, s) -> Protos.janitorOperations(s)
                        .forEach((op, n) -> cb.call(n, name, op))))
                .register(registry);
        CounterWithCallback.builder().name("drift_janitor_rows_rewritten_total")
                .help("Rows background maintenance wrote into new segments").labelNames("collection")
                .callback(cb -> stats().forEach((name, s) -> cb.call(s.janitor().rowsRewritten(), name)))
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    private void gauge(String name, String help, ToDoubleFunction<CollectionStats> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("collection")
                .callback(cb -> stats().forEach((c, s) -> cb.call(value.applyAsDouble(s), c)))
                .register(registry);
    }

    /** Every collection's statistics now; collections dropped meanwhile (or a closed engine) are left out. */
    private Map<String, CollectionStats> stats() {
        Map<String, CollectionStats> out = new LinkedHashMap<>();
        try {
            for (String name : engine.listCollections()) {
                try {
                    out.put(name, engine.collection(name).stats());
                } catch (RuntimeException e) {
                    // dropped or closed since it was listed
                }
            }
        } catch (IllegalStateException e) {
            // the engine is closed
        }
        return out;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    void rowsIngested(String collection, long rows) {
        rowsIngested.labelValues(collection).inc(rows);
    }

    void searches(String collection, long n) {
        searches.labelValues(collection).inc(n);
    }

    /** Records one search of a SearchStream: the status it was answered with and its time. */
    void streamedSearch(Status.Code code, long nanos) {
        CallPoints p = streamedPoints[code.value()];
        if (p == null) { // a racing thread stores an equal pair
            p = streamedPoints[code.value()] = new CallPoints(streamedSearches.labelValues(code.name()),
                    streamedLatency.labelValues(code.name()));
        }
        p.observe(nanos);
    }

    /** Stops reporting the counters of a dropped collection. */
    void forget(String collection) {
        rowsIngested.remove(collection);
        searches.remove(collection);
    }

    private void recordCall(String method, Status.Code code, long nanos) {
        CallPoints[] byCode = callPoints.computeIfAbsent(method, m -> new CallPoints[Status.Code.values().length]);
        CallPoints p = byCode[code.value()];
        if (p == null) { // a racing thread stores an equal pair
            p = byCode[code.value()] = new CallPoints(requests.labelValues(method, code.name()),
                    latency.labelValues(method, code.name()));
        }
        p.observe(nanos);
    }

    /**
     * Records every call's status and duration. A call the client cancelled (or whose deadline
     * passed) before the server answered counts as {@code CANCELLED}.
     */
    public ServerInterceptor interceptor() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                long start = System.nanoTime();
                String method = call.getMethodDescriptor().getFullMethodName();
                AtomicBoolean recorded = new AtomicBoolean();
                ServerCall.Listener<Q> listener = next.startCall(new SimpleForwardingServerCall<>(call) {
                    @Override
                    public void close(Status status, Metadata trailers) {
                        if (recorded.compareAndSet(false, true)) {
                            recordCall(method, status.getCode(), System.nanoTime() - start);
                        }
                        super.close(status, trailers);
                    }
                }, headers);
                return new SimpleForwardingServerCallListener<>(listener) {
                    @Override
                    public void onCancel() {
                        if (recorded.compareAndSet(false, true)) {
                            recordCall(method, Status.Code.CANCELLED, System.nanoTime() - start);
                        }
                        super.onCancel();
                    }
                };
            }
        };
    }
}
