package io.drift.cluster.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StableHashTest {

    // These values are part of the cluster's wire protocol: they decide which shard holds a point and
    // where shards and virtual nodes sit on the ring, and every node, in every version, must compute
    // the same. They must NEVER change; a failure here means the hash changed, not that the test is stale.

    @Test
    void idHashesArePinned() {
        assertEquals(0x0000000000000000L, StableHash.ofId(0));
        assertEquals(0xb456bcfc34c2cb2cL, StableHash.ofId(1));
        assertEquals(0x3abf2a20650683e7L, StableHash.ofId(2));
        assertEquals(0x810879608e4259ccL, StableHash.ofId(42));
        assertEquals(0x64b5720b4b825f21L, StableHash.ofId(-1));
        assertEquals(0x8f780810af31a493L, StableHash.ofId(Long.MIN_VALUE));
    }

    @Test
    void stringHashesArePinned() {
        assertEquals(0xefd01f60ba992926L, StableHash.ofString(""));
        assertEquals(0x82a2a958a9bece5bL, StableHash.ofString("a"));
        assertEquals(0x836aca98905f9d5aL, StableHash.ofString("docs/0"));
        assertEquals(0x2337dab32a0bf9cbL, StableHash.ofString("docs/11"));
        assertEquals(0xf28b65a604900cc8L, StableHash.ofString("node-1#0"));
        assertEquals(0x9d55ccb9ba86763bL, StableHash.ofString("é")); // UTF-8 bytes, not UTF-16 chars
        assertEquals(0xa30da84aed308ab4L, StableHash.ofString("キー"));
    }

    @Test
    void stringHashIsFnv1aThenFmix64() {
        // the published FNV-1a 64-bit test vectors: "" and "a"
        assertEquals(StableHash.fmix64(0xcbf29ce484222325L), StableHash.ofString(""));
        assertEquals(StableHash.fmix64(0xaf63dc4c8601ec8cL), StableHash.ofString("a"));
    }

    @Test
    void shardIsTheUnsignedRemainder() {
        assertEquals(8, StableHash.shardOf(StableHash.ofId(1), 12));
        assertEquals(1, StableHash.shardOf(StableHash.ofId(-1), 12));
        assertEquals(3, StableHash.shardOf(StableHash.ofId(Long.MIN_VALUE), 12));
        assertEquals(11, StableHash.shardOf(StableHash.ofString("docs/11"), 12));
        assertEquals((int) Long.remainderUnsigned(-1L, 12), StableHash.shardOf(-1L, 12));
    }

    @Test
    void sequentialIdsSpreadEvenlyOverTwelveShards() {
        int shards = 12;
        int n = 100_000;
        int[] counts = new int[shards];
        for (long id = 0; id < n; id++) {
            counts[StableHash.shardOf(StableHash.ofId(id), shards)]++;
        }
        double mean = (double) n / shards;
        for (int s = 0; s < shards; s++) {
            assertTrue(Math.abs(counts[s] - mean) < 0.03 * mean, "shard " + s + " holds " + counts[s]
                    + " of " + n + " ids, mean " + mean);
        }
    }
}
