package io.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drift.quant.SQ8;
import io.drift.storage.SegmentReader;
import io.drift.storage.SegmentWriter;
import io.drift.vector.Distance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SegmentInspectCommandTest {
    @TempDir
    Path dir;

    Path segment;

    @BeforeEach
    void writeSegment() throws Exception {
        segment = dir.resolve("000001.drift");
        SplittableRandom rnd = new SplittableRandom(1);
        int d = 32;
        try (SegmentWriter w = SegmentWriter.create(segment, d, Distance.L2)) {
            for (int b = 0; b < 3; b++) {
                int n = 400 + 100 * b;
                long[] ids = new long[n];
                float[] v = new float[n * d];
                for (int r = 0; r < n; r++) {
                    ids[r] = 10_000L * b + r;
                    for (int i = 0; i < d; i++) {
                        v[r * d + i] = rnd.nextInt(256); // pixel-like: ALP territory
                    }
                }
                w.addBucket(new float[d], SQ8.train(v, 0, n, d, 1), ids, v, n);
            }
            w.finish();
        }
    }

    record Run(int exit, String out, String err) {}

    Run run(String... args) {
        CommandLine cli = DriftCli.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void describesARealFileAsJsonAndAsATable() throws Exception {
        Run r = run("segment", "inspect", segment.toString(), "--verify", "--json");
        assertEquals(0, r.exit, r.err);
        JsonNode json = new ObjectMapper().readTree(r.out);
        assertEquals(1500, json.get("rows").asLong());
        assertEquals(3, json.get("buckets").asInt());
        assertEquals(32, json.get("dim").asInt());
        assertTrue(json.get("verified").asBoolean());
        assertEquals(3, json.get("bucket_list").size());
        assertEquals("ALP", json.get("bucket_list").get(0).get("vectors_codec").asText());
        assertTrue(json.get("vectors_ratio").asDouble() > 2.5, r.out);
        assertTrue(json.get("ids_ratio").asDouble() > 4, r.out);
        assertEquals(Files.size(segment), json.get("bytes").asLong());

        Run table = run("segment", "inspect", segment.toString());
        assertEquals(0, table.exit, table.err);
        assertTrue(table.out.contains("1,500 rows x 32 dims, L2, in 3 buckets"), table.out);
        assertTrue(table.out.contains("not checked (use --verify)"), table.out);
    }

    @Test
    void verifyNamesTheFirstDamagedRegion() throws Exception {
        long offset;
        try (SegmentReader seg = SegmentReader.open(segment)) {
            offset = seg.bucketOffset(1) + 1000;
        }
        byte[] bytes = Files.readAllBytes(segment);
        bytes[(int) offset] ^= 0x40;
        Files.write(segment, bytes);
        for (String[] args : new String[][] {{"segment", "inspect", segment.toString(), "--verify"},
                {"segment", "inspect", segment.toString()}}) { // a bucket's first touch checks its CRC either way
            Run r = run(args);
            assertEquals(1, r.exit);
            assertTrue(r.err.contains("corrupt index file " + segment + ": bucket 1: CRC32C mismatch"), r.err);
        }
    }

    @Test
    void missingFileIsAClearError() {
        Run r = run("segment", "inspect", dir.resolve("nope.drift").toString());
        assertEquals(1, r.exit);
        assertTrue(r.err.contains("nope.drift") && r.err.contains("no such segment file"), r.err);
    }
}
