package io.drift.bench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drift.bench.BenchRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drift bench server} runs end to end on a small dataset and reports every side. */
class ServerBenchCommandTest {

    @TempDir
    Path tmp;

    @Test
    void reportsEmbeddedAndServerSidesAtTheSameRecall() throws Exception {
        Path report = tmp.resolve("server.json");
        BenchRun run = BenchRun.of("bench", "server", "--dataset", "synthetic", "--n", "2000", "--dim", "8",
                "--queries", "50", "--clients", "2", "--writers", "1", "--seconds", "0.3", "--warmup-seconds", "0",
                "--rounds", "1", "--work-dir", tmp.resolve("work").toString(), "--cache-dir",
                tmp.resolve("cache").toString(), "--out", report.toString());
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        JsonNode round = r.at("/rounds/0");
        assertTrue(round.at("/embedded/searches").asLong() > 0 && round.at("/server/searches").asLong() > 0
                && round.at("/server_stream/searches").asLong() > 0
                && round.at("/server_pipelined/searches").asLong() > 0, r.toString());
        // every search of each side counts toward its recall: a stream that answered with errors, or a
        // pipelined client that matched answers to the wrong queries, would not
        for (String side : new String[] {"server", "server_stream", "server_pipelined"}) {
            assertEquals(round.at("/embedded/recall").asDouble(), round.at("/" + side + "/recall").asDouble(), 0.05,
                    side + ": " + r);
        }
        // the same index and options on both sides: the same answers
        assertEquals(r.at("/recall/embedded").asDouble(), r.at("/recall/server").asDouble(), 1e-9, r.toString());
        assertTrue(r.at("/recall/server").asDouble() > 0.5, r.toString());
        assertTrue(r.at("/medians/qps_ratio").asDouble() > 0, r.toString());
        assertTrue(r.at("/medians/stream_qps_ratio").asDouble() > 0, r.toString());
        assertTrue(r.at("/medians/pipelined_qps_ratio").asDouble() > 0, r.toString());
        assertTrue(r.at("/mixed/writes_per_second").asDouble() > 0, r.toString());
    }
}
