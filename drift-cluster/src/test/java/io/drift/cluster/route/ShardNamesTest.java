package io.drift.cluster.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.DriftEngine;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardNamesTest {

    private static final List<String> NAMES = List.of("a", "docs", "a_s0001", "a_s0001_s0002", "a_s", "a_s0",
            "_s0001", "x".repeat(ShardNames.MAX_COLLECTION_NAME));

    @Test
    void namesAShardWithAFixedWidthSuffix() {
        assertEquals("docs_s0003", ShardNames.of("docs", 3));
        assertEquals("docs_s0255", ShardNames.of("docs", 255));
        assertEquals("docs/3", ShardNames.label("docs", 3));
    }

    @Test
    void theSuffixDoesNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            for (String tag : List.of("ar-EG", "fa-IR", "th-TH-u-nu-thai")) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                assertEquals("docs_s0003", ShardNames.of("docs", 3), tag);
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void roundTrips() {
        for (String c : NAMES) {
            for (int s = 0; s < ShardNames.MAX_SHARDS; s++) {
                String name = ShardNames.of(c, s);
                assertEquals(c, ShardNames.collectionOf(name), name);
                assertEquals(s, ShardNames.shardOf(name), name);
            }
        }
    }

    @Test
    void noTwoShardsShareAName() {
        Map<String, String> seen = new HashMap<>();
        for (String c : NAMES) {
            for (int s = 0; s < ShardNames.MAX_SHARDS; s++) {
                String pair = c + " shard " + s;
                String before = seen.put(ShardNames.of(c, s), pair);
                assertNull(before, ShardNames.of(c, s) + " names both " + before + " and " + pair);
            }
        }
    }

    @Test
    void collectionNamesUpTo58CharactersAreValid() {
        String longest = "c".repeat(58);
        assertTrue(ShardNames.isValidCollectionName(longest));
        assertTrue(DriftEngine.isValidName(ShardNames.of(longest, ShardNames.MAX_SHARDS - 1)));
        assertFalse(ShardNames.isValidCollectionName(longest + "c"));
        assertFalse(ShardNames.isValidCollectionName(""));
        assertFalse(ShardNames.isValidCollectionName("no spaces"));
        assertFalse(ShardNames.isValidCollectionName(null));
    }

    @Test
    void otherNamesNameNoShard() {
        for (String name : List.of("docs", "s0001", "_s0001", "docs_s001", "docs_s001x", "docs_t0001", "docss0001")) {
            assertNull(ShardNames.collectionOf(name), name);
        }
    }
}
