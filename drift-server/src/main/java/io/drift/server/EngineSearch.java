package io.drift.server;

import io.drift.LimitExceededException;
import io.drift.SearchOptions;
import io.drift.VectorCollection;
import io.drift.proto.v1.SearchBatchRequest;
import io.drift.proto.v1.SearchBatchResponse;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchResponse;
import io.drift.proto.v1.Vector;
import io.grpc.Context;
import java.util.function.Function;

/**
 * Searches of the engine as {@code drift.v1} answers them: the request checked, the search run
 * (stopped if the call is cancelled or its deadline passes) and counted, the answer built. The
 * service's Search, SearchBatch and SearchStream use it, and so does a cluster node searching
 * several of its shards in one call. What the engine throws is left to the caller's
 * {@link #status}.
 */
public final class EngineSearch {

    /** The most queries one SearchBatch may carry. */
    public static final int MAX_SEARCH_BATCH = 1024;

    private final Function<String, VectorCollection> collections;
    private final ServerMetrics metrics;
    private final CallStatus statuses;

    /** @param collections the collection a request names, its name checked as the service checks it */
    EngineSearch(Function<String, VectorCollection> collections, ServerMetrics metrics, CallStatus statuses) {
        this.collections = collections;
        this.metrics = metrics;
        this.statuses = statuses;
    }

    private VectorCollection collection(String name) {
        return collections.apply(name);
    }

    /** The field a search's bad vector is reported under. */
    public static String vectorField(SearchRequest req) {
        return req.getVectorBytes().isEmpty() ? "vector" : "vector_bytes";
    }

    public SearchResponse search(SearchRequest req) {
        VectorCollection c = collection(req.getCollection());
        int k = Protos.k(req.getK(), c.config().maxK());
        SearchOptions options = Protos.searchOptions(req, c, k).withAbort(Context.current()::isCancelled);
        float[] query = Protos.vector(req.getVectorList(), req.getVectorBytes());
        SearchResponse r = Protos.searchResponse(c.search(query, k, options));
        metrics.searches(c.name(), 1);
        return r;
    }

    public SearchBatchResponse searchBatch(SearchBatchRequest req) {
        VectorCollection c = collection(req.getCollection());
        if (req.getQueriesCount() == 0) {
            throw Protos.invalid("queries", "no queries");
        }
        if (req.getQueriesCount() > MAX_SEARCH_BATCH) {
            throw new LimitExceededException(req.getQueriesCount() + " queries exceed the limit of "
                    + MAX_SEARCH_BATCH + " per SearchBatch");
        }
        int k = Protos.k(req.getK(), c.config().maxK());
        // the client gave up or the deadline passed: the search running stops, and so the batch
        SearchOptions options = Protos.searchOptions(req, c, k).withAbort(Context.current()::isCancelled);
        SearchBatchResponse.Builder b = SearchBatchResponse.newBuilder();
        for (int i = 0; i < req.getQueriesCount(); i++) {
            Vector q = req.getQueries(i);
            try {
                float[] query = Protos.vector(q.getValuesList(), q.getValuesBytes());
                b.addResponses(Protos.searchResponse(c.search(query, k, options)));
            } catch (IllegalArgumentException e) {
                throw Protos.invalid("queries[" + i + "]", e.getMessage());
            }
        }
        metrics.searches(c.name(), req.getQueriesCount());
        return b.build();
    }

    /**
     * The status a call ends with for what a search threw ({@code collection} and {@code field}
     * as the service reports them): see {@code CallStatus}.
     */
    public io.grpc.StatusRuntimeException status(Exception e, String collection, String field) {
        return statuses.of(e, collection, field);
    }
}
