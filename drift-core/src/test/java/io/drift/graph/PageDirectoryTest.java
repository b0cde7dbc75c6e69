package io.drift.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

class PageDirectoryTest {

    @Test
    void makesEachPageOnceAndGrowsByDoublingOnly() {
        AtomicInteger made = new AtomicInteger();
        PageDirectory<int[]> dir = new PageDirectory<>(p -> {
            made.incrementAndGet();
            return new int[] {p};
        });
        assertNull(dir.get(0));
        assertNull(dir.get(1_000));
        for (int p = 63; p >= 0; p -= 3) { // out of order, last first
            assertEquals(p, dir.getOrMake(p)[0]);
        }
        for (int p = 0; p < 64; p++) {
            assertEquals(p, dir.getOrMake(p)[0]);
        }
        assertEquals(64, made.get(), "each page made once");
        assertSame(dir.get(5), dir.getOrMake(5));
        assertTrue(dir.slots() >= 64 && dir.slots() <= 128, dir.slots() + " slots for 64 pages");
    }

    @Test
    void threadsRacingForAPageGetTheSameOne() throws Exception {
        PageDirectory<Object> dir = new PageDirectory<>(p -> new Object());
        int threads = 4;
        int pages = 200;
        AtomicReferenceArray<Object> seen = new AtomicReferenceArray<>(pages);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> all = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int p = 0; p < pages; p++) {
                        Object page = dir.getOrMake(p);
                        if (!seen.compareAndSet(p, null, page) && seen.get(p) != page) {
                            throw new AssertionError("two pages " + p);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
        for (int p = 0; p < pages; p++) {
            assertSame(seen.get(p), dir.get(p));
        }
    }
}
