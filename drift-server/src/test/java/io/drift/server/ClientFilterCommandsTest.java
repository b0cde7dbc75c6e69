package io.drift.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's filters against a real server: filtered searches (readable syntax and JSON)
 * whose results all meet the filter, score thresholds and offsets, count against scroll --all,
 * paging by next offsets, delete by filter, payload indexes in describe, and bad filters: a syntax
 * error is a usage error pointing at its column, a filter the server refuses names its path.
 */
class ClientFilterCommandsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int N = 60;
    static final String[] CLS = {"shirt", "shoe", "hat"};

    @TempDir
    Path tmp;

    /** Point i: a vector on a line, cls by i % 3, n = i, price i / 2, tags by i % 4, meta.sold null every 5th. */
    private Path items() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < N; i++) {
            String tags = switch (i % 4) {
                case 0 -> ", \"tags\": [\"red\", \"blue\"]";
                case 1 -> ", \"tags\": [\"green\"]";
                case 2 -> ", \"tags\": []";
                default -> "";
            };
            sb.append(String.format(Locale.ROOT, "{\"id\": %d, \"vector\": [%d, %d], \"payload\": {\"cls\": \"%s\","
                            + " \"n\": %d, \"price\": %s%s, \"meta\": {\"sold\": %s}}}%n", i, i, i % 7, CLS[i % 3], i,
                    i / 2.0, tags, i % 5 == 0 ? "null" : i % 2 == 0 ? "true" : "false"));
        }
        Path f = tmp.resolve("items.jsonl");
        Files.writeString(f, sb);
        return f;
    }

    private static CliRun ok(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.toString());
        return r;
    }

    private static JsonNode json(String... args) throws Exception {
        return JSON.readTree(ok(args).out());
    }

    @Test
    void filteredSearchesCountsScrollsAndDeletes() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"))) {
            String server = s.target();
            ok("create", "items", "--dim", "2", "--server", server);
            ok("ingest", "items", items().toString(), "--batch", "25", "--server", server);
            ok("flush", "items", "--server", server);

            String shirts = "cls = shirt and n >= 10 and not (tags in [red] or meta.sold is null)";
            JsonNode hits = json("search", "items", "--vector", "30,3", "-k", "5", "--confidence", "1",
                    "--rerank-factor", "50", "--filter", shirts, "--with-payload", "--json", "--server", server);
            assertEquals(5, hits.get("results").size(), hits.toString());
            for (JsonNode h : hits.get("results")) {
                JsonNode p = h.get("payload");
                assertEquals("shirt", p.get("cls").asText(), h.toString());
                assertTrue(p.get("n").asLong() >= 10, h.toString());
                assertFalse(p.path("tags").toString().contains("red"), h.toString());
                assertFalse(p.get("meta").get("sold").isNull(), h.toString());
                long i = h.get("id").asLong();
                assertTrue(i % 3 == 0 && i >= 10 && i % 4 != 0 && i % 5 != 0, h.toString());
            }
            String asJson = "{\"must\": [{\"field\": {\"key\": \"cls\", \"match\": {\"keyword\": \"shirt\"}}},"
                    + " {\"field\": {\"key\": \"n\", \"range\": {\"gte\": 10}}}], \"must_not\": [{\"field\": {\"key\":"
                    + " \"tags\", \"match\": {\"keyword\": \"red\"}}}, {\"is_null\": {\"key\": \"meta.sold\"}}]}";
            JsonNode same = json("search", "items", "--vector", "30,3", "-k", "5", "--confidence", "1",
                    "--rerank-factor", "50", "--filter", asJson, "--with-payload", "--json", "--server", server);
            assertEquals(hits.get("results"), same.get("results"), "the JSON form means the same");

            JsonNode ten = json("search", "items", "--vector", "30,3", "-k", "10", "--confidence", "1",
                    "--rerank-factor", "50", "--filter", shirts, "--json", "--server", server);
            JsonNode paged = json("search", "items", "--vector", "30,3", "-k", "3", "--offset", "2", "--confidence", "1",
                    "--rerank-factor", "50", "--filter", shirts, "--json", "--server", server);
            for (int i = 0; i < 3; i++) {
                assertEquals(ten.at("/results/" + (i + 2) + "/id"), paged.at("/results/" + i + "/id"), paged.toString());
            }
            String threshold = ten.at("/results/3/distance").asText();
            JsonNode near = json("search", "items", "--vector", "30,3", "-k", "10", "--confidence", "1",
                    "--rerank-factor", "50", "--filter", shirts, "--score-threshold", threshold, "--json",
                    "--server", server);
            assertEquals(4, near.get("results").size(), near.toString());
            CliRun table = ok("search", "items", "--vector", "30,3", "-k", "2", "--offset", "2", "--confidence", "1",
                    "--filter", shirts, "--server", server);
            assertTrue(table.out().split("\n")[1].matches("\\s+3\\s+\\d+\\s+\\S+"), "ranks count from the offset: "
                    + table);

            countsAndScrolls(server, shirts);
            deletes(server);
        }
    }

    private static void countsAndScrolls(String server, String shirts) throws Exception {
        assertEquals(N + "\n", ok("count", "items", "--server", server).out());
        long expected = java.util.stream.IntStream.range(0, N)
                .filter(i -> i % 3 == 0 && i >= 10 && i % 4 != 0 && i % 5 != 0).count();
        assertEquals(expected + "\n", ok("count", "items", "--filter", shirts, "--server", server).out());
        assertEquals(expected, json("count", "items", "--filter", shirts, "--json", "--server", server)
                .get("count").asLong());

        String untagged = "tags is empty or cls in [hat]";
        long count = Long.parseLong(ok("count", "items", "--filter", untagged, "--server", server).out().strip());
        CliRun all = ok("scroll", "items", "--filter", untagged, "--all", "--limit", "4", "--payload",
                "--server", server);
        String[] lines = all.out().split("\n");
        assertEquals(count, lines.length, all.toString());
        List<Long> ids = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.split(" ", 2);
            ids.add(Long.parseLong(parts[0]));
            JsonNode payload = JSON.readTree(parts[1]);
            assertTrue(payload.path("tags").isMissingNode() || payload.get("tags").isEmpty()
                    || payload.get("cls").asText().equals("hat"), line);
        }
        assertEquals(ids.stream().sorted().toList(), ids, "in id order");

        CliRun first = ok("scroll", "items", "--limit", "5", "--server", server);
        assertEquals("0\n1\n2\n3\n4\nnext page: --offset 5\n", first.out(), first.toString());
        CliRun second = ok("scroll", "items", "--limit", "2", "--offset", "5", "--vectors", "--server", server);
        assertEquals("5 5.0,5.0\n6 6.0,6.0\nnext page: --offset 7\n", second.out(), second.toString());
        CliRun last = ok("scroll", "items", "--offset", "58", "--server", server);
        assertEquals("58\n59\n", last.out(), "no next page after the last: " + last);
        JsonNode page = json("scroll", "items", "--filter", "has_id 3, 9, 12", "--limit", "2", "--payload", "--json",
                "--server", server);
        assertEquals(2, page.get("points").size(), page.toString());
        assertEquals("shirt", page.at("/points/1/payload/cls").asText(), page.toString());
        assertEquals(12, page.at("/next_offset/id").asLong(), page.toString());
    }

    private static void deletes(String server) throws Exception {
        long hats = Long.parseLong(ok("count", "items", "--filter", "cls = hat", "--server", server).out().strip());
        assertEquals(N / 3, hats);
        assertEquals("deleted " + hats + " points\n", ok("delete", "items", "--filter", "cls = hat", "--server", server)
                .out());
        assertEquals("0\n", ok("count", "items", "--filter", "cls = hat", "--server", server).out());
        assertEquals((N - hats) + "\n", ok("count", "items", "--server", server).out());
        assertEquals("deleted 0 points\n", ok("delete", "items", "--filter", "cls = hat", "--server", server).out());
        CliRun r = CliRun.of("delete", "items", "1", "--filter", "cls = shoe", "--server", server);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("give ids (or --keys and keys) or --filter, not both"), r.toString());
        r = CliRun.of("delete", "items", "--server", server);
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("deleted 1 of 1 ids\n", ok("delete", "items", "1", "--server", server).out());
    }

    @Test
    void indexesAndKeyedCollections() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"))) {
            String server = s.target();
            ok("create", "items", "--dim", "2", "--server", server);
            ok("ingest", "items", items().toString(), "--server", server);
            assertTrue(ok("describe", "items", "--server", server).out().contains("\nindexes      none\n"));
            assertEquals("created keyword index on cls in items\n",
                    ok("create-index", "items", "cls", "--type", "keyword", "--server", server).out());
            ok("create-index", "items", "meta.sold", "--type", "bool", "--server", server);
            ok("flush", "items", "--server", server);
            CliRun d = ok("describe", "items", "--server", server);
            assertTrue(d.out().contains("\nindexes      cls keyword, meta.sold bool\n"), d.toString());
            JsonNode dj = json("describe", "items", "--json", "--server", server);
            assertEquals("FIELD_TYPE_BOOL", dj.at("/field_indexes/1/field_type").asText(), dj.toString());
            assertEquals("meta.sold", dj.at("/field_indexes/1/field_name").asText(), dj.toString());
            assertEquals("8\n", ok("count", "items", "--filter", "cls = shoe and meta.sold = true", "--server", server)
                    .out(), "i % 3 == 1, even, not a multiple of 5: 4, 16, 22, 28, 34, 46, 52, 58");
            assertEquals("dropped the index on cls in items\n", ok("drop-index", "items", "cls", "--server", server)
                    .out());
            assertTrue(ok("describe", "items", "--server", server).out().contains("\nindexes      meta.sold bool\n"));
            CliRun r = CliRun.of("create-index", "items", "cls", "--type", "date", "--server", server);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().contains("--type must be keyword, integer, float or bool, got 'date'"), r.toString());

            ok("create", "docs", "--dim", "2", "--key-type", "string", "--server", server);
            Path docs = tmp.resolve("docs.jsonl");
            Files.writeString(docs, "{\"key\": \"b\", \"vector\": [1, 0], \"payload\": {\"n\": 1}}\n"
                    + "{\"key\": \"a\", \"vector\": [0, 1], \"payload\": {\"n\": 2}}\n"
                    + "{\"key\": \"c\", \"vector\": [1, 1]}\n");
            ok("ingest", "docs", docs.toString(), "--server", server);
            assertEquals("a {\"n\":2}\nnext page: --offset-key b\n", ok("scroll", "docs", "--limit", "1", "--payload",
                    "--server", server).out());
            assertEquals("b\nc\n", ok("scroll", "docs", "--offset-key", "b", "--server", server).out());
            assertEquals("2\n", ok("count", "docs", "--filter", "has_key a, c", "--server", server).out());
            assertEquals("c\n", ok("scroll", "docs", "--filter", "n is empty", "--server", server).out());
        }
    }

    @Test
    void badFiltersAreUsageErrorsOrNameTheirPath() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("data"))) {
            String server = s.target();
            ok("create", "items", "--dim", "2", "--server", server);
            CliRun r = CliRun.of("count", "items", "--filter", "cls = shirt and price >", "--server", server);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().contains("--filter: column 24: expected a value after '>', found the end of the filter\n"
                    + "  cls = shirt and price >\n" + " ".repeat(25) + "^"), r.toString());
            r = CliRun.of("search", "items", "--vector", "1,2", "--filter", "{\"must\": [{\"feld\": {}}]}", "--server",
                    server);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().contains("--filter: filter.must[0]: unknown field 'feld'"), r.toString());
            r = CliRun.of("scroll", "items", "--filter", "{\"must\": [{\"field\": {\"key\": \"price\", \"range\": {}}}]}",
                    "--server", server);
            assertEquals(1, r.exitCode(), r.toString());
            assertEquals("drift: " + server + ": INVALID_ARGUMENT: filter.must[0].field.range: has no bound:"
                    + " give at least one of gt, gte, lt, lte\n", r.err());
            r = CliRun.of("delete", "items", "--filter", "has_key a", "--server", server);
            assertEquals(1, r.exitCode(), r.toString());
            assertEquals("drift: " + server + ": INVALID_ARGUMENT: filter.must[0].has_id.keys: collection 'items' names"
                    + " points by ids\n", r.err());
            r = CliRun.of("scroll", "items", "--offset", "1", "--offset-key", "a", "--server", server);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.err().contains("give --offset or --offset-key, not both"), r.toString());
        }
    }
}
