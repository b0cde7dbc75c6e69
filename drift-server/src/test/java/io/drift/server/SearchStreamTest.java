package io.drift.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchStreamResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SearchStream through a real server: many searches in flight on one stream are answered in
 * order, each as Search answers it; a client that stops reading stops the server reading its
 * searches. (Failed searches on a stream: ServerErrorsTest; shutdown: ServerErrorsTest; metrics:
 * ServerMetricsTest.)
 */
class SearchStreamTest {

    static final int DIM = 4;
    static final int ROWS = 1000;

    @TempDir
    Path tmp;

    private static SearchRequest query(float[] q, int k) {
        SearchRequest.Builder b = SearchRequest.newBuilder().setCollection("s").setK(k);
        for (float f : q) {
            b.addVector(f);
        }
        return b.build();
    }

    @Test
    void manySearchesInFlightAreAnsweredInOrderAsSearchAnswersThem() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"))) {
            s.create("s", DIM);
            s.stub().upsert(TestServer.upsert("s", 0, TestServer.clustered(ROWS, DIM, 1), 0, ROWS));
            float[][] queries = TestServer.clustered(500, DIM, 2);
            TestSearchStream stream = TestSearchStream.open(s.client);
            for (int q = 0; q < queries.length; q++) {
                stream.send(1000 + q, query(queries[q], 10));
            }
            stream.complete();
            for (int q = 0; q < queries.length; q++) {
                SearchStreamResponse r = stream.next();
                assertEquals(1000 + q, r.getTag());
                // the estimate follows the collection's recall model, which learns from the searches in between
                assertEquals(s.stub().search(query(queries[q], 10)).toBuilder().clearEstimatedRecall().build(),
                        r.getResponse().toBuilder().clearEstimatedRecall().build(), "query " + q);
            }
            ServerErrorsTest.join(stream.ended);
        }
    }

    @Test
    void aClientThatStopsReadingStopsTheServerReadingItsSearches() throws Exception {
        int sent = 3000;
        try (TestServer s = TestServer.start(tmp.resolve("data"), settings -> settings.withMetricsPort(0))) {
            s.create("s", DIM);
            s.stub().upsert(TestServer.upsert("s", 0, TestServer.clustered(ROWS, DIM, 1), 0, ROWS));
            // answers of ROWS results, about 10 KB each: the client's flow-control window (1 MiB, at
            // most 8 MiB once tuned) holds a few hundred of them
            TestSearchStream stream = TestSearchStream.open(s.client, false);
            for (int q = 0; q < sent; q++) {
                stream.send(q, query(new float[] {q, 1, 2, 3}, ROWS));
            }
            long answered = streamedSearches(s);
            for (int still = 0; still < 10; ) { // until a second passes without a search
                Thread.sleep(100);
                long now = streamedSearches(s);
                still = now == answered ? still + 1 : 0;
                answered = now;
            }
            assertTrue(answered > 0 && answered < sent, answered + " of " + sent + " searches answered");
            assertEquals(0, stream.waiting());
            assertFalse(stream.ended.isDone());

            stream.read(sent);
            stream.complete();
            for (int q = 0; q < sent; q++) {
                SearchStreamResponse r = stream.next();
                assertEquals(q, r.getTag());
                assertEquals(ROWS, r.getResponse().getResultsCount());
            }
            ServerErrorsTest.join(stream.ended);
        }
    }

    private static long streamedSearches(TestServer s) throws Exception {
        String text = ServerMetricsTest.scrape(s.server.metricsPort());
        return text.contains("drift_stream_searches_total{")
                ? (long) ServerMetricsTest.value(text, "drift_stream_searches_total", "code=\"OK\"") : 0;
    }
}
