package io.drift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.search.QueryTrace;
import org.junit.jupiter.api.Test;

class QueryReservoirTest {

    private static QueryTrace trace(int k) {
        return new QueryTrace(k, 0, 0, new float[] {1}, new float[] {1}, new float[] {1}, new long[] {10},
                new float[] {1}, new long[] {10}, 1, 10, 0, 0);
    }

    @Test
    void keepsAQueryOnlyWhileTheQueueHasRoomAndCopiesIt() {
        QueryReservoir r = new QueryReservoir(100);
        float[] q = {1, 2, 3};
        for (int i = 0; i < QueryReservoir.PENDING; i++) {
            assertTrue(r.offer(q, 10));
        }
        assertFalse(r.offer(q, 10), "the queue is full: the search pays nothing more");
        QueryReservoir.Pending p = r.poll();
        assertNotSame(q, p.query());
        q[0] = 9;
        assertEquals(1, p.query()[0], "a copy, not the caller's array");
        assertTrue(r.offer(q, 10), "room again");
        for (int i = 0; i < QueryReservoir.PENDING; i++) {
            r.poll();
        }
        assertNull(r.poll());
        assertFalse(r.hasPending());
    }

    @Test
    void keepsTheLastTracesOfEachClassAndAsksForRefits() {
        QueryReservoir r = new QueryReservoir(120);
        int due = 0;
        for (int i = 0; i < 300; i++) {
            if (r.add(trace(10), i)) {
                due++;
                r.fit();
            }
        }
        assertEquals(120, r.size(), "the oldest traces of the class went");
        assertTrue(due >= 40 && due <= 300, "refits when a twentieth of the traces are new: " + due);
        r.add(trace(100), 300);
        assertEquals(121, r.size(), "another class keeps its own");
        assertEquals(120, r.fit().queries(10));
        assertEquals(90, r.dropWrittenBefore(270), "the traces taken before 270 rows were written");
        assertEquals(31, r.size());
        assertEquals(0, r.fit().queries(10), "too few left: the defaults");
    }

    @Test
    void keepsNothingAtCapacityZero() {
        QueryReservoir r = new QueryReservoir(0);
        assertFalse(r.offer(new float[] {1}, 10));
        assertFalse(r.hasPending());
    }
}
