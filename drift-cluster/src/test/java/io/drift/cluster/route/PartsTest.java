package io.drift.cluster.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.drift.cluster.ring.StableHash;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartsTest {

    // items 0..5 go to shards 2, 0, 2, 1, 0, 2
    private static final int[] SHARD = {2, 0, 2, 1, 0, 2};
    private final Parts parts = new Parts(SHARD.length, i -> SHARD[i]);

    @Test
    void groupsByShardKeepingRequestOrder() {
        assertEquals(List.of(0, 1, 2), parts.shards());
        assertEquals(List.of(1, 4), parts.indices(0));
        assertEquals(List.of(3), parts.indices(1));
        assertEquals(List.of(0, 2, 5), parts.indices(2));
        assertEquals(List.of(), parts.indices(3));
    }

    @Test
    void rewritesAPartsIndicesIntoTheRequests() {
        assertEquals("points[5]: 3 dimensions, expected 4; points[0] too",
                parts.globalIndices("points[2]: 3 dimensions, expected 4; points[0] too", "points", 2));
        assertEquals("points[4]", parts.globalIndices("points[1]", "points", 0));
        assertEquals("points[3]", parts.globalIndices("points[0]", "points", 1));
    }

    @Test
    void leavesEverythingElseAlone() {
        assertEquals("ids[1] and points[9] (not in the part)", parts.globalIndices("ids[1] and points[9] (not in the part)",
                "points", 0));
        assertEquals("ids[4] costs $1 \\ more", parts.globalIndices("ids[1] costs $1 \\ more", "ids", 0));
        assertEquals("no index here", parts.globalIndices("no index here", "points", 0));
        assertNull(parts.globalIndices(null, "points", 0));
    }

    @Test
    void shardsOfIdsAndKeysAreTheStableHashes() {
        assertEquals(StableHash.shardOf(StableHash.ofId(42), 12), Parts.shardOfId(42, 12));
        assertEquals(StableHash.shardOf(StableHash.ofString("k"), 12), Parts.shardOfKey("k", 12));
    }
}
