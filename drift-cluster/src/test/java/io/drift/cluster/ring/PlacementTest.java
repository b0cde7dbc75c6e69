package io.drift.cluster.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private static final int COLLECTIONS = 200;

    private static List<String> nodes(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "node-" + i).toList();
    }

    private static List<String> collections() {
        return IntStream.range(0, COLLECTIONS).mapToObj(i -> "coll-" + i).toList();
    }

    @Test
    void everyShardHasAnOwnerWhateverTheOrderOfTheNodes() {
        Random random = new Random(7);
        for (int n = 1; n <= 5; n++) {
            List<String> nodes = nodes(n);
            for (String c : collections()) {
                List<String> owners = Placement.owners(c, 12, nodes);
                assertEquals(12, owners.size());
                assertTrue(nodes.containsAll(owners), owners.toString());
                List<String> shuffled = new ArrayList<>(nodes);
                Collections.shuffle(shuffled, random);
                assertEquals(owners, Placement.owners(c, 12, shuffled), c + " over " + shuffled);
            }
        }
    }

    @Test
    void ringWalkVisitsEveryNodeOnceOwnerFirst() {
        HashRing ring = new HashRing(List.of("b", "a", "c", "a"), 16);
        assertEquals(List.of("a", "b", "c"), ring.nodes());
        for (long position : new long[] {0, 1, -1, Long.MIN_VALUE, StableHash.ofString("x")}) {
            List<String> walk = ring.walk(position);
            assertEquals(3, walk.size());
            assertEquals(3, walk.stream().distinct().count());
            assertEquals(ring.owner(position), walk.get(0));
        }
        assertThrows(IllegalArgumentException.class, () -> new HashRing(List.of(), 16));
        assertThrows(IllegalArgumentException.class, () -> new HashRing(List.of("a"), 0));
    }

    @Test
    void noNodeHoldsMoreThanTheBound() {
        for (int shards : new int[] {12, 48}) {
            for (int n = 3; n <= 5; n++) {
                int bound = (int) Math.ceil(1.25 * shards / n);
                int worst = 0;
                for (String c : collections()) {
                    Map<String, Integer> load = new HashMap<>();
                    Placement.owners(c, shards, nodes(n)).forEach(o -> load.merge(o, 1, Integer::sum));
                    int max = Collections.max(load.values());
                    assertTrue(max <= bound, c + ": " + load + ", bound " + bound);
                    worst = Math.max(worst, max);
                }
                System.out.printf("balance: %d shards over %d nodes: fullest node %d, bound %d, mean %.1f%n",
                        shards, n, worst, bound, (double) shards / n);
            }
        }
    }

    /**
     * Over the collections, the mean fraction of shards whose owner differs between {@code before}
     * and {@code after}, and the fraction of those moves that went to {@code joiner}.
     */
    private static double[] moved(int shards, List<String> before, List<String> after, String joiner) {
        double sum = 0;
        int moves = 0;
        int toJoiner = 0;
        for (String c : collections()) {
            List<String> a = Placement.owners(c, shards, before);
            List<String> b = Placement.owners(c, shards, after);
            int changed = 0;
            for (int s = 0; s < shards; s++) {
                if (!a.get(s).equals(b.get(s))) {
                    changed++;
                    toJoiner += b.get(s).equals(joiner) ? 1 : 0;
                }
            }
            moves += changed;
            sum += (double) changed / shards;
        }
        return new double[] {sum / COLLECTIONS, (double) toJoiner / moves};
    }

    @Test
    void aJoiningNodeTakesAboutOneNth() {
        for (int shards : new int[] {12, 48}) {
            for (int n = 4; n <= 5; n++) {
                double[] m = moved(shards, nodes(n - 1), nodes(n), "node-" + n);
                System.out.printf("join %d -> %d nodes, %d shards: mean fraction moved %.3f (1/N = %.3f),"
                        + " %.0f%% of the moves to the new node%n", n - 1, n, shards, m[0], 1.0 / n, 100 * m[1]);
                assertTrue(m[0] >= 0.5 / n && m[0] <= 2.0 / n, "moved " + m[0] + " with N = " + n);
            }
        }
    }

    @Test
    void aLeavingNodesShardsMoveAndFewOthers() {
        for (int shards : new int[] {12, 48}) {
            List<String> four = nodes(4);
            double leaverShare = 0;
            double othersMoved = 0;
            int runs = 0;
            for (String leaver : four) {
                List<String> three = four.stream().filter(n -> !n.equals(leaver)).toList();
                for (String c : collections()) {
                    List<String> a = Placement.owners(c, shards, four);
                    List<String> b = Placement.owners(c, shards, three);
                    int own = 0;
                    int others = 0;
                    for (int s = 0; s < shards; s++) {
                        if (a.get(s).equals(leaver)) {
                            own++;
                        } else if (!a.get(s).equals(b.get(s))) {
                            others++;
                        }
                    }
                    leaverShare += (double) own / shards;
                    othersMoved += (double) others / shards;
                    runs++;
                }
            }
            leaverShare /= runs;
            othersMoved /= runs;
            System.out.printf("leave 4 -> 3 nodes, %d shards: leaver's shards %.3f of all (must move), "
                    + "other shards moved %.3f of all%n", shards, leaverShare, othersMoved);
            // measured 0.032 (12 shards) and 0.014 (48): the bounded loads shift a few shards besides
            assertTrue(othersMoved < 0.08, "other shards moved: " + othersMoved);
        }
    }
}
