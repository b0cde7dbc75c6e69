package io.drift.cli;

import io.drift.client.DriftClient;
import io.drift.proto.v1.GetRequest;
import io.drift.proto.v1.GetResponse;
import io.drift.proto.v1.ScoredPoint;
import io.drift.proto.v1.SearchParams;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchResponse;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code drift search}: the nearest neighbours of one vector, as a table or JSON; optionally only
 * points meeting a filter, within a distance, after an offset.
 */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The k nearest points of a collection to a vector: given, read from a file, or stored under an id"
                + " or key; with --filter, only points meeting the filter.")
final class SearchCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The collection.")
    String collection;

    static final class Query {
        @Option(names = "--vector", paramLabel = "X,Y,...", description = "The query's components, comma-separated.")
        String vector;

        @Option(names = "--query-file", paramLabel = "FILE",
                description = "Take the query from a vector file (" + VectorInput.FORMATS + "); see --row.")
        Path file;

        @Option(names = "--like", paramLabel = "ID", description = "Use the stored vector of this id as the query.")
        String like;

        @Option(names = "--like-key", paramLabel = "KEY",
                description = "Use the stored vector of this key as the query (a string-keyed collection).")
        String likeKey;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Query query;

    @Option(names = "--row", paramLabel = "R", defaultValue = "0",
            description = "Row of --query-file to use (default: ${DEFAULT-VALUE}).")
    int row;

    @Option(names = {"-k", "--k"}, paramLabel = "K", defaultValue = "10",
            description = "Results wanted (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--recall-target", paramLabel = "R",
            description = "The recall@k wanted, in (0, 1]; the search stops by its own estimate of the recall reached.")
    Float recallTarget;

    @Option(names = "--confidence", paramLabel = "C",
            description = "Target confidence, in (0, 1]; 1 scans every bucket (exhaustive).")
    Float confidence;

    @Option(names = "--rerank-factor", paramLabel = "F", description = "Re-score k * F candidates exactly.")
    Integer rerankFactor;

    @Option(names = "--guardrail", paramLabel = "G", description = "Nearest buckets always scanned.")
    Integer guardrail;

    @Mixin
    FilterOption filter;

    @Option(names = "--score-threshold", paramLabel = "D",
            description = "Leave out results farther than this distance (distances: smaller is closer).")
    Float scoreThreshold;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
            description = "Skip the first N results (paging; k + N at most the collection's max_k).")
    int offset;

    @Option(names = "--with-payload", description = "Print each result's payload, as compact JSON.")
    boolean withPayload;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    int run(DriftClient client, PrintWriter out) throws Exception {
        SearchRequest.Builder req = SearchRequest.newBuilder().setCollection(collection).setK(k)
                .setWithPayload(withPayload);
        narrow(req); // a bad filter is refused before anything is asked of the server
        for (float f : queryVector(client)) {
            req.addVector(f);
        }
        if (recallTarget != null) {
            req.setRecallTarget(recallTarget);
        }
        if (confidence != null) {
            req.setTargetConfidence(confidence);
        }
        SearchParams.Builder params = SearchParams.newBuilder();
        if (rerankFactor != null) {
            params.setRerankFactor(rerankFactor);
        }
        if (guardrail != null) {
            params.setGuardrail(guardrail);
        }
        SearchResponse r = stub(client).search(req.setParams(params).build());
        if (json) {
            printJson(out, toMap(r));
            return 0;
        }
        boolean keyed = r.getResultsList().stream().anyMatch(p -> !p.getKey().isEmpty());
        out.printf(Locale.ROOT, "%4s  %20s  %14s%s%n", "rank", keyed ? "key" : "id", "distance",
                withPayload ? "  payload" : "");
        int rank = offset + 1;
        for (ScoredPoint p : r.getResultsList()) {
            out.printf(Locale.ROOT, "%4d  %20s  %14.6g%s%n", rank++,
                    keyed ? p.getKey() : Long.toUnsignedString(p.getId()), p.getDistance(),
                    withPayload ? "  " + JsonPayloads.json(p.getPayload()) : "");
        }
        out.printf(Locale.ROOT, "%d results; %,d buckets and %,d rows scanned, %,d reranked; confidence %.3f,"
                        + " estimated recall %s%n", r.getResultsCount(), r.getBucketsScanned(), r.getRowsScanned(),
                r.getRowsReranked(), r.getConfidence(),
                Double.isNaN(r.getEstimatedRecall()) ? "unknown" : String.format(Locale.ROOT, "%.3f",
                        r.getEstimatedRecall()));
        return 0;
    }

    /** Adds the filter, score threshold and offset to {@code req}. */
    private void narrow(SearchRequest.Builder req) {
        if (filter.given()) {
            req.setFilter(filter.filter(spec));
        }
        if (scoreThreshold != null) {
            req.setScoreThreshold(scoreThreshold);
        }
        if (offset < 0) {
            throw new ParameterException(spec.commandLine(), "--offset must not be negative, got " + offset);
        }
        req.setOffset(offset);
    }

    private float[] queryVector(DriftClient client) throws Exception {
        if (query.vector != null) {
            String[] parts = query.vector.split("[,\\s]+");
            float[] v = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    v[i] = Float.parseFloat(parts[i]);
                } catch (NumberFormatException e) {
                    throw new ParameterException(spec.commandLine(), "--vector: '" + parts[i] + "' is not a number");
                }
            }
            return v;
        }
        if (query.file != null) {
            var rows = VectorInput.read(query.file, "auto", false).vectors();
            if (row < 0 || row >= rows.size()) {
                throw new ParameterException(spec.commandLine(), "--row " + row + " is outside the file's " + rows.size()
                        + " rows");
            }
            return rows.row(row);
        }
        GetRequest.Builder get = GetRequest.newBuilder().setCollection(collection).setWithVectors(true);
        if (query.likeKey != null) {
            get.addKeys(query.likeKey);
        } else {
            get.addIds(PointNames.id(spec, query.like, "--like: '" + query.like + "' is not an id"
                    + " (--like-key takes a string key)"));
        }
        GetResponse got = stub(client).get(get.build());
        if (got.getPointsCount() == 0) {
            throw new IllegalArgumentException((query.likeKey != null ? "key " + query.likeKey : "id " + query.like)
                    + " has no vector in collection " + collection);
        }
        return io.drift.server.Protos.floats(got.getPoints(0).getVectorList());
    }
}
