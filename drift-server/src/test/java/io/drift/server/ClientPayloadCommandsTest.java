package io.drift.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's payloads and string keys against a real server: collections created with
 * string keys, JSON lines and CSV payload columns ingested, payloads read back by get and search,
 * set and deleted; bad payloads and bad lines are errors that name the problem.
 */
class ClientPayloadCommandsTest {

    @TempDir
    Path tmp;

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void stringKeysAndPayloadsFromJsonLines() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"))) {
            String server = s.target();
            CliRun r = CliRun.of("create", "docs", "--dim", "3", "--key-type", "string", "--max-payload-bytes", "1000",
                    "--server", server);
            assertEquals("created collection docs (3 dimensions, L2, string keys, durability sync)\n", r.out(),
                    r.toString());
            Path lines = tmp.resolve("docs.jsonl");
            Files.writeString(lines, """
                    {"key": "doc-1", "vector": [1, 0, 0], "payload": {"price": 9.99, "cls": "shirt", "n": 12, "tags": ["a", "b"]}}

                    {"key": "doc-2", "vector": [0, 1, 0]}
                    {"key": "doc-3", "vector": [0, 0, 1], "payload": {"cls": "shoe"}}
                    """);
            r = CliRun.of("ingest", "docs", lines.toString(), "--batch", "2", "--server", server);
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.out().startsWith("ingested 3 points in 2 batches"), r.toString());
            assertTrue(r.err().startsWith("ingesting JSON lines from "), r.toString());

            r = CliRun.of("get", "docs", "doc-1", "doc-2", "--keys", "--payload", "--server", server);
            assertEquals("doc-1 {\"cls\":\"shirt\",\"n\":12,\"price\":9.99,\"tags\":[\"a\",\"b\"]}\ndoc-2 {}\n", r.out(),
                    r.toString());
            r = CliRun.of("get", "docs", "doc-3", "--keys", "--vectors", "--payload", "--server", server);
            assertEquals("doc-3 0.0,0.0,1.0 {\"cls\":\"shoe\"}\n", r.out(), r.toString());
            r = CliRun.of("get", "docs", "doc-9", "doc-1", "--keys", "--server", server);
            assertEquals(1, r.exitCode(), r.toString());
            assertEquals("doc-1\n", r.out());
            assertEquals("drift: no vector for key doc-9\n", r.err());
            JsonNode got = JSON.readTree(CliRun.of("get", "docs", "doc-1", "--keys", "--payload", "--json",
                    "--server", server).out());
            assertEquals("doc-1", got.at("/0/key").asText(), got.toString());
            assertEquals(12, got.at("/0/payload/n").asLong(), got.toString());
            assertEquals("b", got.at("/0/payload/tags/1").asText(), got.toString());
            assertTrue(got.at("/0/vector_bytes").isTextual(), "bytes in base64: " + got);
            r = CliRun.of("get", "docs", "doc-1", "--server", server);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().contains("'doc-1' is not an id"), r.toString());

            payloadUpdates(server);
            searchesAndDescribe(server);

            assertEquals("deleted 1 of 2 keys\n", CliRun.of("delete", "docs", "doc-2", "doc-9", "--keys",
                    "--server", server).out());
            assertEquals(1, CliRun.of("get", "docs", "doc-2", "--keys", "--server", server).exitCode());
        }
    }

    private static void payloadUpdates(String server) {
        CliRun r = CliRun.of("set-payload", "docs", "doc-2", "doc-9", "--keys", "--payload", "{\"cls\": \"hat\"}",
                "--server", server);
        assertEquals("updated 1 of 2 points\n", r.out(), r.toString());
        r = CliRun.of("set-payload", "docs", "doc-1", "--keys", "--payload", "{\"n\": 13, \"new\": null}",
                "--server", server);
        assertEquals("updated 1 of 1 points\n", r.out(), r.toString());
        r = CliRun.of("set-payload", "docs", "doc-3", "--keys", "--overwrite", "--payload", "{\"only\": true}",
                "--server", server);
        assertEquals("updated 1 of 1 points\n", r.out(), r.toString());
        r = CliRun.of("delete-payload", "docs", "doc-1", "--keys", "--field", "tags", "--field", "price",
                "--server", server);
        assertEquals("updated 1 of 1 points\n", r.out(), r.toString());
        r = CliRun.of("get", "docs", "doc-1", "doc-2", "doc-3", "--keys", "--payload", "--server", server);
        assertEquals("doc-1 {\"cls\":\"shirt\",\"n\":13,\"new\":null}\ndoc-2 {\"cls\":\"hat\"}\ndoc-3 {\"only\":true}\n",
                r.out(), r.toString());
    }

    private static void searchesAndDescribe(String server) throws Exception {
        CliRun r = CliRun.of("search", "docs", "--vector", "1,0.1,0", "-k", "2", "--confidence", "1",
                "--with-payload", "--server", server);
        assertEquals(0, r.exitCode(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals(4, lines.length, r.out());
        assertTrue(lines[0].matches("rank\\s+key\\s+distance\\s+payload"), r.out());
        assertTrue(lines[1].matches("\\s+1\\s+doc-1\\s+\\S+  \\{\"cls\":\"shirt\",\"n\":13,\"new\":null}"), r.out());
        assertTrue(lines[2].matches("\\s+2\\s+doc-2\\s+\\S+  \\{\"cls\":\"hat\"}"), r.out());
        r = CliRun.of("search", "docs", "--vector", "1,0.1,0", "-k", "1", "--server", server);
        assertTrue(r.out().split("\n")[1].matches("\\s+1\\s+doc-1\\s+\\S+"), "no payload unless asked: " + r.out());
        JsonNode hits = JSON.readTree(CliRun.of("search", "docs", "--like-key", "doc-3", "-k", "1", "--with-payload",
                "--json", "--server", server).out());
        assertEquals("doc-3", hits.at("/results/0/key").asText(), hits.toString());
        assertTrue(hits.at("/results/0/payload/only").asBoolean(), hits.toString());

        r = CliRun.of("describe", "docs", "--server", server);
        assertTrue(r.out().contains("keys         string\n"), r.toString());
        assertTrue(r.out().matches("(?s).*payloads     [1-9][0-9,]* bytes \\(keys included; at most 1,000 per point\\)\n.*"),
                r.toString());
        JsonNode d = JSON.readTree(CliRun.of("describe", "docs", "--json", "--server", server).out());
        assertEquals("KEY_TYPE_STRING", d.get("key_type").asText(), d.toString());
        assertTrue(d.at("/statistics/payload_bytes").asLong() > 0, d.toString());
        assertEquals(1000, d.at("/config/max_payload_bytes").asLong(), d.toString());
    }

    @Test
    void csvPayloadColumnsWithIdsAndKeys() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"))) {
            String server = s.target();
            assertEquals(0, CliRun.of("create", "items", "--dim", "3", "--server", server).exitCode());
            Path csv = tmp.resolve("items.csv");
            Files.writeString(csv, "id,x,y,z,cls,n,price\n7, 0.1, 0.2, 0.3, shirt, 12, 9.99\n8, 1, 0, 0, , 3, 1.5\n");
            CliRun r = CliRun.of("ingest", "items", csv.toString(), "--id-column", "--payload-columns",
                    "cls:keyword,n:integer,price:float", "--server", server);
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.err().startsWith("ingesting 2 vectors of 3 dimensions"), "the vector is what lies between"
                    + " the id and the payload columns: " + r);
            r = CliRun.of("get", "items", "7", "8", "--payload", "--server", server);
            assertEquals("7 {\"cls\":\"shirt\",\"n\":12,\"price\":9.99}\n8 {\"n\":3,\"price\":1.5}\n", r.out(),
                    "an empty cell leaves its field out: " + r);
            r = CliRun.of("search", "items", "--vector", "1,0,0", "-k", "1", "--with-payload", "--server", server);
            assertTrue(r.out().split("\n")[1].matches("\\s+1\\s+8\\s+\\S+  \\{\"n\":3,\"price\":1.5}"), r.toString());

            assertEquals(0, CliRun.of("create", "keyed", "--dim", "2", "--key-type", "string", "--server", server)
                    .exitCode());
            Path keyed = tmp.resolve("keyed.csv");
            Files.writeString(keyed, "key,a,b,sale\nk-1,1,0,true\nk-2,0,1,false\n");
            r = CliRun.of("ingest", "keyed", keyed.toString(), "--key-column", "--payload-columns", "sale:bool",
                    "--server", server);
            assertEquals(0, r.exitCode(), r.toString());
            r = CliRun.of("get", "keyed", "k-2", "k-1", "--keys", "--vectors", "--payload", "--server", server);
            assertEquals("k-2 0.0,1.0 {\"sale\":false}\nk-1 1.0,0.0 {\"sale\":true}\n", r.out(), r.toString());

            Path bad = tmp.resolve("bad.csv");
            Files.writeString(bad, "9, 1, 0, 0, hat, many, 1\n");
            r = CliRun.of("ingest", "items", bad.toString(), "--id-column", "--payload-columns",
                    "cls:keyword,n:integer,price:float", "--server", server);
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.err().contains("line 1, column 6: 'many' is not an integer (payload field n)"), r.toString());
            r = CliRun.of("ingest", "items", csv.toString(), "--id-column", "--payload-columns", "cls", "--server",
                    server);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().contains("--payload-columns: 'cls' is not NAME:TYPE"), r.toString());
            r = CliRun.of("ingest", "items", csv.toString(), "--id-column", "--payload-columns", "cls:date",
                    "--server", server);
            assertTrue(r.err().contains("unknown type 'date'"), r.toString());
        }
    }

    @Test
    void badPayloadsAndBadLinesNameTheProblem() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"))) {
            String server = s.target();
            CliRun.of("create", "docs", "--dim", "3", "--key-type", "string", "--server", server);
            CliRun r = CliRun.of("set-payload", "docs", "a", "--keys", "--payload", "[1, 2]", "--server", server);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().contains("--payload: payload must be a JSON object, not a list"), r.toString());
            r = CliRun.of("set-payload", "docs", "a", "--keys", "--payload", "{\"a\": ", "--server", server);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().contains("--payload: not valid JSON"), r.toString());
            r = CliRun.of("set-payload", "docs", "a", "--keys", "--payload", "{\"a\": 1} x", "--server", server);
            assertTrue(r.err().contains("--payload: not valid JSON"), "trailing text: " + r);

            Path lines = tmp.resolve("bad.jsonl");
            Files.writeString(lines, """
                    {"key": "a", "vector": [1, 0, 0]}
                    {"key": "b", "vector": [0, 1, 0], "payload": {"n": 1}}
                    {"key": "c", "vector": [0, 1]}
                    {"key": "d", "vector": [0, 0, 1]}
                    """);
            r = CliRun.of("ingest", "docs", lines.toString(), "--batch", "1", "--server", server);
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.err().contains("bad.jsonl: line 3: the vector has 2 components, earlier lines 3; stopped"
                    + " there, after ingesting the 2 points of the batches before it"), r.toString());
            r = CliRun.of("get", "docs", "a", "b", "d", "--keys", "--server", server);
            assertEquals("a\nb\n", r.out(), "the batches before the bad line are written, none after: " + r);

            assertLineError(server, "{\"key\": \"x\", \"vector\": [1, 0, 0]}\n{\"key\": \"y\", vector: [0, 1, 0]}\n",
                    "line 2: not valid JSON");
            assertLineError(server, "{\"key\": \"x\", \"vec\": [1, 0, 0]}\n", "line 1: unknown field 'vec'");
            assertLineError(server, "{\"key\": \"x\", \"vector\": [1, 0, 0], \"payload\": [1]}\n",
                    "line 1: payload must be a JSON object, not a list");
            assertLineError(server, "{\"key\": \"x\", \"vector\": [1, 0, 0]}\n{\"id\": 4, \"vector\": [1, 0, 0]}\n",
                    "line 2: no key, where earlier lines have keys");
            assertLineError(server, "[1, 2, 3]\n", "line 1: a line must be a JSON object, not a list");
            r = CliRun.of("ingest", "docs", lines.toString(), "--id-column", "--server", server);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().contains("are for CSV files"), r.toString());
        }
    }

    private void assertLineError(String server, String content, String problem) throws Exception {
        Path f = tmp.resolve("line.ndjson");
        Files.writeString(f, content);
        CliRun r = CliRun.of("ingest", "docs", f.toString(), "--server", server);
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains(problem), r.toString());
    }
}
