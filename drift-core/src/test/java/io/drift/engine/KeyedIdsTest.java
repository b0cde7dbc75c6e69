package io.drift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.drift.payload.RowDoc;
import io.drift.vector.Distance;
import io.drift.version.Version;
import io.drift.wal.WalOp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * String keys whose hashes collide: with a hasher that sends every key to the same ids, a key
 * takes the first free probe, a lookup finds it past a probe freed since, and a fifth key with all
 * four probes held is refused.
 */
class KeyedIdsTest {

    @TempDir
    Path dir;

    private final Background background = new Background();
    private CollectionEngine c;
    /** Every key collides: probe p is id 100 + p. */
    private final KeyedIds ids = new KeyedIds((key, probe) -> 100 + probe);

    @BeforeEach
    void open() throws IOException {
        CollectionSettings s = CollectionSettings.fromMap(java.util.Map.of("key_type", "string"));
        Recovery.initialise(dir, 2, Distance.L2, s);
        c = Recovery.open("keys", dir, background);
    }

    @AfterEach
    void close() throws IOException, InterruptedException {
        c.close();
        background.shutdown();
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    /** Places {@code k} as the engine would and writes its row; returns its id. */
    private long put(String k) throws IOException {
        long[] placed = new long[1];
        c.writes.write(view -> {
            placed[0] = ids.place(view, key(k));
            view.add(WalOp.upsert(placed[0], new float[] {1, 2}, RowDoc.of(key(k), null)));
        });
        return placed[0];
    }

    private Long find(String k) throws IOException {
        Version v = c.pin();
        try {
            return ids.find(new BatchView(v, 2), key(k));
        } finally {
            v.release();
        }
    }

    @Test
    void collidingKeysTakeFreeProbesAndAreFoundPastFreedOnes() throws IOException {
        assertEquals(100, put("a"));
        assertEquals(101, put("b"));
        assertEquals(101, put("b"), "a stored key keeps its id");
        c.writes.write(java.util.List.of(WalOp.delete(100))); // "a" goes: probe 0 is free again
        assertNull(find("a"));
        assertEquals(101L, find("b"), "found past the freed probe");
        assertEquals(100, put("c"), "the first free probe");
        assertEquals(102, put("d"));
        assertEquals(103, put("e"));
        assertThrows(IllegalStateException.class, () -> put("f"));
        c.flush(); // the same from the segments
        assertEquals(101L, find("b"));
        assertEquals(100L, find("c"));
        assertEquals(103, put("e"));
        assertNull(find("f"));
    }

    @Test
    void aBatchSeesItsOwnEarlierRecords() throws IOException {
        long[] got = new long[3];
        c.writes.write(view -> {
            got[0] = ids.place(view, key("x"));
            view.add(WalOp.upsert(got[0], new float[] {1, 2}, RowDoc.of(key("x"), null)));
            got[1] = ids.place(view, key("y"));
            view.add(WalOp.upsert(got[1], new float[] {1, 2}, RowDoc.of(key("y"), null)));
            got[2] = ids.place(view, key("x"));
        });
        assertEquals(100, got[0]);
        assertEquals(101, got[1]);
        assertEquals(100, got[2]);
    }
}
