package io.drift.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BeamTest {

    /** The model's entry. */
    private static final class Entry {
        final int node;
        final float dist;
        boolean expanded;

        Entry(int node, float dist) {
            this.node = node;
            this.dist = dist;
        }
    }

    private static final Comparator<Entry> ORDER =
            Comparator.<Entry>comparingDouble(e -> e.dist).thenComparingInt(e -> e.node);

    @Test
    void agreesWithASortedListModel() {
        SplittableRandom random = new SplittableRandom(11);
        Beam beam = new Beam();
        for (int round = 0; round < 300; round++) {
            int capacity = 1 + random.nextInt(round % 3 == 0 ? 4 : 100);
            beam.clear(capacity);
            List<Entry> model = new ArrayList<>();
            int nodes = 0;
            for (int step = 0; step < 400; step++) {
                if (random.nextInt(3) > 0) {
                    // some distances repeat, some are negative (negated inner products), some are -0.0
                    float d = switch (random.nextInt(4)) {
                        case 0 -> random.nextInt(8) - 4f;
                        case 1 -> -0f;
                        default -> (float) random.nextDouble(-100, 100);
                    };
                    int node = random.nextInt(4) == 0 ? Integer.MAX_VALUE - nodes : nodes;
                    nodes++;
                    Entry e = new Entry(node, d);
                    model.add(e);
                    model.sort(ORDER);
                    int rank = model.indexOf(e);
                    if (model.size() > capacity) {
                        model.remove(capacity);
                    }
                    assertEquals(rank < capacity ? rank : -1, beam.offer(node, d), "round " + round + ", step " + step);
                } else {
                    Entry first = model.stream().filter(e -> !e.expanded).findFirst().orElse(null);
                    assertEquals(first != null, beam.hasNext());
                    if (first != null) {
                        assertEquals(first.node, beam.peek());
                        assertEquals(first.node, beam.next());
                        first.expanded = true;
                    } else {
                        assertEquals(-1, beam.peek());
                    }
                }
                assertEquals(model.size(), beam.size());
                for (int i = 0; i < model.size(); i++) {
                    assertEquals(model.get(i).node, beam.node(i));
                    assertEquals(Float.floatToIntBits(model.get(i).dist), Float.floatToIntBits(beam.dist(i)));
                }
                if (!model.isEmpty() && step % 50 == 0) {
                    int skip = model.get(random.nextInt(model.size())).node;
                    int[] copied = new int[capacity];
                    float[] copiedDist = new float[capacity];
                    int n = beam.copyTo(copied, copiedDist, skip);
                    List<Entry> kept = model.stream().filter(e -> e.node != skip).toList();
                    assertEquals(kept.size(), n);
                    for (int i = 0; i < n; i++) {
                        assertEquals(kept.get(i).node, copied[i]);
                        assertEquals(kept.get(i).dist, copiedDist[i]);
                    }
                }
            }
        }
    }

    /**
     * On random graphs, a walk with the beam expands the same nodes as best-first search with a
     * candidate heap and a result heap, and ends with the same results.
     */
    @Test
    void walksAsTheTwoHeapSearchDoes() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 50 + random.nextInt(2_000);
            int degree = 2 + random.nextInt(12);
            int[][] links = new int[n][degree];
            float[] dist = new float[n]; // each node's distance to the query, distinct
            for (int v = 0; v < n; v++) {
                dist[v] = (float) random.nextDouble() + v * 1e-7f;
                for (int j = 0; j < degree; j++) {
                    links[v][j] = random.nextInt(n);
                }
            }
            int ef = 1 + random.nextInt(80);
            int start = random.nextInt(n);

            BitSet heapExpanded = new BitSet();
            NodeHeap candidates = new NodeHeap(false);
            NodeHeap results = new NodeHeap(true);
            BitSet seen = new BitSet();
            seen.set(start);
            candidates.push(start, dist[start]);
            results.push(start, dist[start]);
            while (candidates.size() > 0) {
                if (results.size() >= ef && candidates.topDist() > results.topDist()) {
                    break;
                }
                int c = candidates.topNode();
                candidates.pop();
                heapExpanded.set(c);
                for (int nb : links[c]) {
                    if (!seen.get(nb)) {
                        seen.set(nb);
                        if (results.size() < ef || dist[nb] < results.topDist()) {
                            candidates.push(nb, dist[nb]);
                            results.push(nb, dist[nb]);
                            if (results.size() > ef) {
                                results.pop();
                            }
                        }
                    }
                }
            }
            int[] heapResults = new int[results.size()];
            for (int i = heapResults.length - 1; i >= 0; i--) {
                heapResults[i] = results.topNode();
                results.pop();
            }

            BitSet beamExpanded = new BitSet();
            Beam beam = new Beam();
            beam.clear(ef);
            seen.clear();
            seen.set(start);
            beam.offer(start, dist[start]);
            while (beam.hasNext()) {
                int c = beam.next();
                assertFalse(beamExpanded.get(c), "node " + c + " expanded twice");
                beamExpanded.set(c);
                for (int nb : links[c]) {
                    if (!seen.get(nb)) {
                        seen.set(nb);
                        beam.offer(nb, dist[nb]);
                    }
                }
            }
            assertEquals(heapExpanded, beamExpanded, "trial " + trial);
            assertEquals(heapResults.length, beam.size(), "trial " + trial);
            for (int i = 0; i < heapResults.length; i++) {
                assertEquals(heapResults[i], beam.node(i), "trial " + trial + ", rank " + i);
            }
        }
    }

    @Test
    void clearResetsAndGrows() {
        Beam beam = new Beam();
        beam.clear(2);
        assertTrue(beam.offer(1, 1f) >= 0);
        assertTrue(beam.offer(2, 2f) >= 0);
        assertTrue(beam.offer(3, 3f) < 0);
        assertEquals(0, beam.offer(0, 0f)); // pushes node 2 out
        assertEquals(2, beam.size());
        assertEquals(1, beam.node(1));
        beam.clear(500);
        assertEquals(0, beam.size());
        assertFalse(beam.hasNext());
        for (int i = 0; i < 500; i++) {
            assertTrue(beam.offer(i, 500 - i) >= 0);
        }
        assertTrue(beam.offer(500, 1000) < 0);
        assertEquals(499, beam.next());
        assertThrows(IllegalArgumentException.class, () -> beam.clear(0));
    }
}
