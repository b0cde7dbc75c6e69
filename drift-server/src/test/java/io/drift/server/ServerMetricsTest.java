package io.drift.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.proto.v1.FlushRequest;
import io.drift.proto.v1.SearchRequest;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoint counts what the server did. */
class ServerMetricsTest {

    @TempDir
    Path tmp;

    @Test
    void countsCallsRowsSearchesAndCollectionSizes() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"), settings -> settings.withMetricsPort(0))) {
            s.create("m", 4);
            float[][] rows = TestServer.clustered(500, 4, 5);
            s.stub().upsert(TestServer.upsert("m", 0, rows, 0, 300));
            s.stub().flush(FlushRequest.newBuilder().setCollection("m").build());
            s.stub().upsert(TestServer.upsert("m", 0, rows, 300, 500));
            SearchRequest.Builder q = SearchRequest.newBuilder().setCollection("m").setK(3);
            Arrays.asList(1f, 2f, 3f, 4f).forEach(q::addVector);
            for (int i = 0; i < 3; i++) {
                s.stub().search(q.build());
            }
            assertThrows(StatusRuntimeException.class, () -> s.stub().search(q.clone().setK(0).build()));
            TestSearchStream stream = TestSearchStream.open(s.client);
            stream.send(1, q.build());
            stream.send(2, q.build());
            stream.send(3, q.clone().setK(0).build());
            stream.complete();
            for (int i = 0; i < 3; i++) {
                stream.next();
            }
            ServerErrorsTest.join(stream.ended);

            String text = scrape(s.server.metricsPort());
            String search = "method=\"drift.v1.Drift/Search\"";
            assertEquals(3, value(text, "drift_grpc_requests_total", "code=\"OK\"", search), text);
            assertEquals(1, value(text, "drift_grpc_requests_total", "code=\"INVALID_ARGUMENT\"", search));
            assertEquals(3, value(text, "drift_grpc_request_duration_seconds_count", "code=\"OK\"", search));
            assertEquals(2, value(text, "drift_grpc_requests_total", "code=\"OK\"",
                    "method=\"drift.v1.Drift/Upsert\""));
            assertEquals(500, value(text, "drift_rows_ingested_total", "collection=\"m\""));
            assertEquals(5, value(text, "drift_searches_total", "collection=\"m\""));
            assertEquals(2, value(text, "drift_stream_searches_total", "code=\"OK\""));
            assertEquals(1, value(text, "drift_stream_searches_total", "code=\"INVALID_ARGUMENT\""));
            assertEquals(2, value(text, "drift_stream_search_duration_seconds_count", "code=\"OK\""));
            String streams = "method=\"drift.v1.Drift/SearchStream\"";
            assertEquals(1, value(text, "drift_grpc_requests_total", "code=\"OK\"", streams));
            assertEquals(500, value(text, "drift_collection_live_rows", "collection=\"m\""));
            assertEquals(1, value(text, "drift_collection_segments", "collection=\"m\""));
            assertTrue(value(text, "drift_collection_buckets", "collection=\"m\"") >= 1);
            assertEquals(1, value(text, "drift_flushes_total", "collection=\"m\""));
            assertEquals(1, value(text, "drift_collection_partitions", "collection=\"m\""));
            assertTrue(value(text, "drift_janitor_operations_total", "collection=\"m\"", "operation=\"splits\"") >= 0);
            assertTrue(value(text, "drift_janitor_rows_rewritten_total", "collection=\"m\"") >= 0);
            assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics");
        }
    }

    static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    /** The value of the one sample of {@code name} whose labels contain every one of {@code labels}. */
    static double value(String text, String name, String... labels) {
        double found = Double.NaN;
        for (String line : text.split("\n")) {
            if (!line.startsWith(name + "{") || !Arrays.stream(labels).allMatch(line::contains)) {
                continue;
            }
            if (!Double.isNaN(found)) {
                throw new AssertionError("two samples of " + name + " " + Arrays.toString(labels) + ":\n" + text);
            }
            found = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        if (Double.isNaN(found)) {
            throw new AssertionError("no sample of " + name + " " + Arrays.toString(labels) + ":\n" + text);
        }
        return found;
    }
}
