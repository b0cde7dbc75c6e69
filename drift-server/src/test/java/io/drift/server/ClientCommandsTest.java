package io.drift.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drift.dataset.VectorFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a client of a real server: every command, its output, errors and exit codes. */
class ClientCommandsTest {

    @TempDir
    Path tmp;

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyCommandAgainstAServer() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"))) {
            String server = s.target();
            CliRun r = CliRun.of("create", "pics", "--dim", "3", "--metric", "cosine", "--set", "target_bucket_size=50",
                    "--set", "durability=async-20ms", "--server", server);
            assertEquals("created collection pics (3 dimensions, COSINE, durability async-20ms)\n", r.out(), r.toString());
            r = CliRun.of("create", "pics", "--dim", "3", "--server", server);
            assertEquals(1, r.exitCode());
            assertEquals("drift: " + server + ": ALREADY_EXISTS: a collection named 'pics' already exists\n", r.err());
            r = CliRun.of("create", "x", "--dim", "3", "--set", "no_such=1", "--server", server);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().contains("unknown setting 'no_such'"), r.toString());

            // CSV with ids and a header
            Path csv = tmp.resolve("pics.csv");
            Files.writeString(csv, "id,x,y,z\n10,1,0,0\n11,0,1,0\n12,0,0,1\n13,1,1,0\n");
            r = CliRun.of("ingest", "pics", csv.toString(), "--id-column", "--batch", "3", "--server", server);
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.out().startsWith("ingested 4 points in 2 batches"), r.toString());
            assertTrue(r.err().contains("4/4 points (100%)"), "plain progress lines off a terminal: " + r);

            // .npy without ids: --start-id plus the row
            Path npy = tmp.resolve("more.npy");
            VectorFiles.writeNpy(npy, new io.drift.dataset.Vectors(3, new float[] {0, 1, 1, 2, 0, 2}));
            r = CliRun.of("ingest", "pics", npy.toString(), "--start-id", "20", "--server", server);
            assertTrue(r.out().startsWith("ingested 2 points in 1 batches"), r.toString());

            assertEquals("pics\n", CliRun.of("list", "--server", server).out());
            r = CliRun.of("describe", "pics", "--server", server);
            assertTrue(r.out().contains("live rows    6\n"), r.toString());
            assertTrue(r.out().contains("target_bucket_size     50"), r.toString());
            JsonNode d = JSON.readTree(CliRun.of("describe", "pics", "--json", "--server", server).out());
            assertEquals(6, d.at("/statistics/live_rows").asLong());
            assertEquals("METRIC_COSINE", d.get("metric").asText());
            assertEquals("async-20ms", d.at("/config/durability").asText());
            assertTrue(d.at("/statistics/janitor/passes").isNumber(), d.toString());
            assertTrue(d.at("/statistics/janitor/bytes_written").isNumber(), d.toString());

            r = CliRun.of("search", "pics", "--vector", "1,0.1,0", "-k", "2", "--confidence", "1", "--server", server);
            assertEquals(0, r.exitCode(), r.toString());
            String[] lines = r.out().split("\n");
            assertEquals(4, lines.length, r.out());
            assertTrue(lines[1].matches("\\s+1\\s+10\\s+\\S+"), r.out());
            assertTrue(lines[2].matches("\\s+2\\s+13\\s+\\S+"), r.out());
            assertTrue(lines[3].startsWith("2 results;"), r.out());
            JsonNode hits = JSON.readTree(CliRun.of("search", "pics", "--like", "12", "-k", "1", "--json",
                    "--server", server).out());
            assertEquals(12, hits.at("/results/0/id").asLong());
            assertTrue(hits.at("/results/0/distance").asDouble() < 1e-5);
            Path queries = tmp.resolve("q.csv");
            Files.writeString(queries, "0,0,5\n0,5,0\n");
            r = CliRun.of("search", "pics", "--query-file", queries.toString(), "--row", "1", "-k", "1", "--json",
                    "--server", server);
            assertEquals(11, JSON.readTree(r.out()).at("/results/0/id").asLong(), r.toString());

            r = CliRun.of("get", "pics", "10", "12", "--vectors", "--server", server);
            assertEquals("10 1.0,0.0,0.0\n12 0.0,0.0,1.0\n", r.out(), r.toString());
            r = CliRun.of("get", "pics", "10", "99", "--server", server);
            assertEquals(1, r.exitCode());
            assertEquals("10\n", r.out());
            assertEquals("drift: no vector for id 99\n", r.err());

            assertEquals("deleted 1 of 2 ids\n", CliRun.of("delete", "pics", "10", "99", "--server", server).out());
            assertEquals("flushed pics\n", CliRun.of("flush", "pics", "--server", server).out());
            r = CliRun.of("search", "pics", "--vector", "1,0,0", "-k", "10", "--confidence", "1", "--json",
                    "--server", server);
            assertEquals(5, JSON.readTree(r.out()).get("results").size(), "min(k, live rows), the deleted id gone");

            r = CliRun.of("search", "pics", "--vector", "1,0", "--server", server);
            assertEquals(1, r.exitCode());
            assertEquals("drift: " + server + ": INVALID_ARGUMENT: vector: query has dimension 2, collection 'pics'"
                    + " has 3\n", r.err());
            assertEquals("dropped collection pics\n", CliRun.of("drop", "pics", "--server", server).out());
            r = CliRun.of("describe", "pics", "--server", server);
            assertEquals("drift: " + server + ": NOT_FOUND: no collection named 'pics'\n", r.err());
            assertEquals(1, r.exitCode());
        }
    }

    @Test
    void anUnreachableServerIsOneLineAndExitOne() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CliRun r = CliRun.of("list", "--server", "127.0.0.1:" + port, "--timeout", "5");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("drift: 127.0.0.1:" + port + ": UNAVAILABLE"), r.toString());
        assertEquals(1, r.err().split("\n").length, r.toString());
    }
}
