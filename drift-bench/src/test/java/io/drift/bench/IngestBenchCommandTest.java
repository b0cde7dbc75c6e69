package io.drift.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drift bench ingest} runs end to end on a small dataset and reports its three measurements. */
class IngestBenchCommandTest {

    @TempDir
    Path tmp;

    @Test
    void reportsIngestLatencyIdleAndUnderWritesAndRecovery() throws Exception {
        Path report = tmp.resolve("ingest.json");
        BenchRun run = BenchRun.of("bench", "ingest", "--dataset", "synthetic", "--n", "3000", "--dim", "8",
                "--queries", "50", "--batch", "250", "--warmup", "500", "--warmup-churn-seconds", "0.3",
                "--idle-seconds", "0.2", "--ef-search", "24", "--ef-construction", "40", "--memtable-mib", "1",
                "--load-seconds", "0.5", "--load-rate", "4000", "--work-dir", tmp.resolve("work").toString(),
                "--cache-dir", tmp.resolve("cache").toString(), "--out", report.toString());
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertEquals(0.3, r.at("/warmup_churn_seconds").asDouble(), 1e-9, r.toString());
        JsonNode drift = r.at("/systems/0");
        assertEquals("drift", drift.at("/system").asText(), r.toString());
        assertEquals(24, drift.at("/hnsw_ef_search").asInt(), r.toString());
        assertEquals(40, drift.at("/hnsw_ef_construction").asInt(), r.toString());
        assertEquals(1 << 20, drift.at("/memtable_bytes").asLong(), r.toString());
        assertTrue(drift.at("/ingest_vectors_per_second").asDouble() > 0, r.toString());
        JsonNode idle = drift.at("/search_latency/idle");
        JsonNode load = drift.at("/search_latency/load");
        assertTrue(idle.at("/searches").asLong() >= 50 && load.at("/searches").asLong() >= 50, r.toString());
        // both phases repeat the 50 queries for their time, so their p99s are over comparable counts
        assertEquals(0.2, r.at("/idle_seconds").asDouble(), 1e-9, r.toString());
        assertTrue(idle.at("/searches").asLong() > 50, r.toString());
        // the writer re-writes the same ids and vectors, so the ground truth holds under writes too
        assertTrue(idle.at("/recall").asDouble() > 0.9 && load.at("/recall").asDouble() > 0.9, r.toString());
        assertTrue(load.at("/writes_per_second").asDouble() > 0, r.toString());
        assertTrue(idle.at("/buckets_scanned").asDouble() >= 1 && idle.at("/rows_scanned").asDouble() >= 1, r.toString());
        assertTrue(load.at("/rows_reranked").asDouble() >= 1, r.toString());
        assertEquals(3000, drift.at("/recovery/rows").asLong(), r.toString());
        assertTrue(r.at("/ingest_ratio").asDouble() > 0, r.toString());
    }
}
