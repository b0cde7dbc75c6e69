package io.drift.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.Metric;
import io.drift.dataset.GroundTruth;
import io.drift.dataset.Neighbors;
import io.drift.dataset.VectorFiles;
import io.drift.dataset.Vectors;
import io.drift.proto.v1.DescribeCollectionRequest;
import io.drift.proto.v1.DescribeCollectionResponse;
import io.drift.proto.v1.GetRequest;
import io.drift.proto.v1.GetResponse;
import io.drift.proto.v1.SearchBatchRequest;
import io.drift.proto.v1.SearchBatchResponse;
import io.drift.proto.v1.SearchParams;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchResponse;
import io.drift.proto.v1.Vector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Create, ingest (the command line's UpsertStream), search through a real server, restart it,
 * and find every row and the same answers again.
 */
class ServerEndToEndTest {

    static final int DIM = 32;
    static final int BULK = 6000;
    static final int MORE = 300;
    static final int K = 10;

    @TempDir
    Path tmp;

    @Test
    void createIngestSearchRestartKeepsEverything() throws Exception {
        float[][] rows = TestServer.clustered(BULK + MORE, DIM, 1);
        float[][] queries = TestServer.clustered(100, DIM, 2);
        Path file = tmp.resolve("base.fvecs");
        VectorFiles.writeFvecs(file, flat(rows, 0, BULK));
        Neighbors truth = GroundTruth.compute(flat(rows, 0, rows.length), flat(queries, 0, queries.length), K,
                Metric.L2);
        Path data = tmp.resolve("data");

        List<List<Long>> exhaustive;
        try (TestServer s = TestServer.start(data)) {
            CliRun create = CliRun.of("create", "docs", "--dim", "" + DIM, "--metric", "l2", "--server", s.target());
            assertEquals(0, create.exitCode(), create.toString());
            CliRun ingest = CliRun.of("ingest", "docs", file.toString(), "--batch", "500", "--server", s.target());
            assertEquals(0, ingest.exitCode(), ingest.toString());
            assertTrue(ingest.out().contains("ingested 6,000 points in 12 batches"), ingest.toString());
            assertEquals(0, CliRun.of("flush", "docs", "--server", s.target()).exitCode());
            // the rest stays in the memtable, durable in the log only
            s.stub().upsert(TestServer.upsert("docs", 0, rows, BULK, BULK + MORE));

            DescribeCollectionResponse d = describe(s);
            assertEquals(BULK + MORE, d.getStatistics().getLiveRows());
            assertTrue(d.getStatistics().getSegments() >= 1 && d.getStatistics().getBuckets() > 1, d.toString());
            // nothing deleted yet: every bucket holds live rows
            assertEquals(d.getStatistics().getBuckets(), d.getStatistics().getLiveBuckets(), d.toString());
            assertEquals(MORE, d.getStatistics().getMemtableRows());

            double recall = recall(s, queries, truth, SearchRequest.newBuilder().setRecallTarget(0.9f));
            assertTrue(recall >= 0.85, "recall " + recall + " at a 0.9 recall target");
            exhaustive = search(s, queries, exhaustive());
            assertTrue(recall(exhaustive, truth) >= 0.99, "exhaustive recall " + recall(exhaustive, truth));

            // vectors given as bytes search alike
            for (int q = 0; q < queries.length; q++) {
                SearchRequest req = exhaustive().setCollection("docs").setK(K)
                        .setVectorBytes(Protos.vectorBytes(queries[q], 0, queries[q].length)).build();
                assertEquals(exhaustive.get(q), ids(s.stub().search(req)), "query " + q + " as bytes");
            }

            // a batch answers as the searches one by one, its queries as floats and as bytes
            SearchBatchRequest.Builder batch = SearchBatchRequest.newBuilder().setCollection("docs").setK(K)
                    .setTargetConfidence(1).setParams(SearchParams.newBuilder().setRerankFactor(50));
            for (int q = 0; q < queries.length; q++) {
                Vector.Builder v = Vector.newBuilder();
                if (q % 2 == 0) {
                    for (float f : queries[q]) {
                        v.addValues(f);
                    }
                } else {
                    v.setValuesBytes(Protos.vectorBytes(queries[q], 0, queries[q].length));
                }
                batch.addQueries(v);
            }
            SearchBatchResponse b = s.stub().searchBatch(batch.build());
            assertEquals(queries.length, b.getResponsesCount());
            for (int q = 0; q < queries.length; q++) {
                assertEquals(exhaustive.get(q), ids(b.getResponses(q)));
            }
        }

        try (TestServer s = TestServer.start(data)) {
            DescribeCollectionResponse d = describe(s);
            assertEquals(BULK + MORE, d.getStatistics().getLiveRows());
            assertEquals(exhaustive, search(s, queries, exhaustive()), "exhaustive answers after the restart");
            GetResponse got = s.stub().get(GetRequest.newBuilder().setCollection("docs").addIds(7).addIds(BULK + 7)
                    .addIds(BULK + MORE + 1).setWithVectors(true).build());
            assertEquals(2, got.getPointsCount(), "an id never written is left out");
            assertArrayEquals(rows[7], Protos.floats(got.getPoints(0).getVectorList()));
            assertArrayEquals(rows[BULK + 7], Protos.floats(got.getPoints(1).getVectorList()));
            s.server.engine().collection("docs").verify();
        }
    }

    private static SearchRequest.Builder exhaustive() {
        return SearchRequest.newBuilder().setTargetConfidence(1).setParams(SearchParams.newBuilder().setRerankFactor(50));
    }

    private static DescribeCollectionResponse describe(TestServer s) {
        return s.stub().describeCollection(DescribeCollectionRequest.newBuilder().setCollection("docs").build());
    }

    /** The ids each query returns; checks that results are sorted, distinct and k long. */
    private static List<List<Long>> search(TestServer s, float[][] queries, SearchRequest.Builder settings) {
        List<List<Long>> out = new ArrayList<>();
        for (float[] q : queries) {
            SearchRequest.Builder req = settings.clone().setCollection("docs").setK(K).clearVector();
            for (float f : q) {
                req.addVector(f);
            }
            SearchResponse r = s.stub().search(req.build());
            assertEquals(K, r.getResultsCount());
            for (int i = 1; i < K; i++) {
                assertTrue(r.getResults(i - 1).getDistance() <= r.getResults(i).getDistance(), r.toString());
            }
            List<Long> ids = ids(r);
            assertEquals(K, new HashSet<>(ids).size(), "no id twice");
            out.add(ids);
        }
        return out;
    }

    private static List<Long> ids(SearchResponse r) {
        return r.getResultsList().stream().map(p -> p.getId()).toList();
    }

    private static double recall(TestServer s, float[][] queries, Neighbors truth, SearchRequest.Builder settings) {
        return recall(search(s, queries, settings), truth);
    }

    private static double recall(List<List<Long>> results, Neighbors truth) {
        double sum = 0;
        for (int q = 0; q < results.size(); q++) {
            sum += truth.recall(q, results.get(q).stream().mapToLong(Long::longValue).toArray(), K);
        }
        return sum / results.size();
    }

    static Vectors flat(float[][] rows, int from, int to) {
        int dim = rows[0].length;
        float[] data = new float[(to - from) * dim];
        for (int r = from; r < to; r++) {
            System.arraycopy(rows[r], 0, data, (r - from) * dim, dim);
        }
        return new Vectors(dim, data);
    }
}
