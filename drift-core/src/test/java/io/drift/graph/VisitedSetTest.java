package io.drift.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VisitedSetTest {

    @Test
    void agreesWithABitSetAcrossClearsAndGrowth() {
        SplittableRandom random = new SplittableRandom(7);
        VisitedSet set = new VisitedSet(100);
        for (int walk = 0; walk < 600; walk++) { // past 255: the walk numbers wrap
            int capacity = 100 + walk * 20; // the graph grows between walks
            set.clear(capacity);
            BitSet model = new BitSet();
            for (int i = 0; i < 300; i++) {
                // now and then a node past the capacity: inserted after the walk sized the set
                int node = random.nextInt(10) == 0 ? capacity + random.nextInt(5_000) : random.nextInt(capacity);
                boolean fresh = !model.get(node);
                model.set(node);
                assertEquals(fresh, set.add(node), "walk " + walk + ", node " + node);
            }
        }
    }

    @Test
    void clearForgetsEveryNodeOfThePreviousWalk() {
        VisitedSet set = new VisitedSet(1);
        for (int node = 0; node < 10_000; node += 3) {
            assertTrue(set.add(node));
            assertFalse(set.add(node));
        }
        set.clear(10_000);
        for (int node = 0; node < 10_000; node++) {
            assertTrue(set.add(node), "node " + node + " still marked");
        }
    }
}
