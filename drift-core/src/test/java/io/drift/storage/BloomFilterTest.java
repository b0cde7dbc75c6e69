package io.drift.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BloomFilterTest {

    @Test
    void neverAFalseNegativeAndAboutOnePercentFalsePositives() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 100_000;
        long[] ids = new long[n];
        Set<Long> members = new HashSet<>();
        for (int i = 0; i < n; i++) {
            // sequential runs and random ids, as segments hold both
            ids[i] = i % 2 == 0 ? 1_000_000L + i : rnd.nextLong();
            members.add(ids[i]);
        }
        BloomFilter filter = BloomFilter.open(MemorySegment.ofArray(BloomFilter.build(ids, n)));
        for (long id : ids) {
            assertTrue(filter.mightContain(id), "false negative for " + id);
        }
        int probes = 1_000_000, falsePositives = 0;
        for (int i = 0; i < probes; i++) {
            long probe = i % 2 == 0 ? 5_000_000_000L + i : rnd.nextLong();
            if (!members.contains(probe) && filter.mightContain(probe)) {
                falsePositives++;
            }
        }
        double rate = falsePositives / (double) probes;
        assertTrue(rate > 0.002 && rate < 0.015, "false-positive rate " + rate);
    }

    @Test
    void sizesAndEmptyFilter() {
        assertEquals(1, BloomFilter.blockCount(0));
        assertEquals(64 + 64, BloomFilter.sizeInBytes(0));
        assertEquals((1000 * 10 + 511) / 512, BloomFilter.blockCount(1000));
        BloomFilter empty = BloomFilter.open(MemorySegment.ofArray(BloomFilter.build(new long[0], 0)));
        assertFalse(empty.mightContain(42));
        assertEquals(128, empty.sizeInBytes());
    }

    @Test
    void inconsistentHeadersAreRejected() {
        byte[] bytes = BloomFilter.build(new long[] {1, 2, 3}, 3);
        assertThrows(IllegalArgumentException.class,
                () -> BloomFilter.open(MemorySegment.ofArray(bytes).asSlice(0, bytes.length - 64)));
        byte[] badHashes = bytes.clone();
        badHashes[4] = 0;
        assertThrows(IllegalArgumentException.class, () -> BloomFilter.open(MemorySegment.ofArray(badHashes)));
        byte[] badCount = bytes.clone();
        badCount[0] = 9;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BloomFilter.open(MemorySegment.ofArray(badCount)));
        assertTrue(e.getMessage().contains("9 blocks"), e.getMessage());
    }

    @Test
    void layoutIsPinned() {
        // Golden values computed independently from the layout described in BloomFilter's Javadoc.
        assertEquals(0xb456bcfc34c2cb2cL, BloomFilter.mix(1L)); // MurmurHash3 fmix64(1)
        byte[] bytes = BloomFilter.build(new long[] {123456789L}, 1);
        assertEquals(128, bytes.length);
        assertEquals(1, bytes[0]);
        assertEquals(BloomFilter.HASHES, bytes[4]);
        Set<Integer> expected = Set.of(165, 193, 236, 254, 381, 412, 422);
        for (int bit = 0; bit < 512; bit++) {
            boolean set = (bytes[64 + bit / 8] >> (bit % 8) & 1) != 0;
            assertEquals(expected.contains(bit), set, "bit " + bit);
        }
    }
}
