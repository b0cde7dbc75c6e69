package io.drift.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSystemsTest {

    @Test
    void knowsTheSystems() {
        assertEquals(List.of("exact", "drift", "lucene-hnsw", "lucene-hnsw-int8"), List.copyOf(BenchSystems.names()));
        for (String name : BenchSystems.names()) {
            assertEquals(name, BenchSystems.create(name).name());
        }
    }

    @Test
    void parsesListsLeniently() {
        assertEquals(List.of("lucene-hnsw", "exact"), BenchSystems.parseList(" Lucene-HNSW, exact,,exact "));
    }

    @Test
    void rejectsUnknownAndEmpty() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BenchSystems.parseList("exact,hnswlib"));
        assertTrue(e.getMessage().contains("hnswlib") && e.getMessage().contains("known systems"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchSystems.parseList(" , "));
        assertThrows(IllegalArgumentException.class, () -> BenchSystems.create("nope"));
    }
}
