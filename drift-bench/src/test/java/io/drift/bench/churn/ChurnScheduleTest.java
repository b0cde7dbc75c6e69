package io.drift.bench.churn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.Metric;
import io.drift.dataset.GroundTruth;
import io.drift.dataset.Neighbors;
import io.drift.dataset.Vectors;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChurnScheduleTest {

    @Test
    void groupsRowsByClassKeepingRowOrderWithinAClass() {
        int[] labels = {2, 0, 1, 0, 2, 1, 0};
        assertArrayEquals(new int[] {1, 3, 6, 2, 5, 0, 4}, ChurnSchedule.groupedByClass(labels));
    }

    @Test
    void defaultScheduleHasTwelveCheckpointsAndKeepsTheLiveCountDuringTheStream() {
        int n = 10_000;
        int[] labels = new int[n];
        Random random = new Random(1);
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
        }
        int[] order = ChurnSchedule.groupedByClass(labels);
        ChurnSchedule s = ChurnSchedule.build(order, 0.5, 300, 12, 0.5, 7);

        assertEquals(5_000, s.fill());
        List<ChurnSchedule.Checkpoint> cps = s.checkpoints();
        assertEquals(12, cps.size());
        assertEquals(ChurnSchedule.Phase.FILL, cps.getFirst().phase());
        assertEquals(ChurnSchedule.Phase.DELETE, cps.getLast().phase());
        for (int i = 0; i < cps.size(); i++) {
            assertEquals(i, cps.get(i).step());
        }
        for (int i = 1; i <= 10; i++) {
            assertEquals(ChurnSchedule.Phase.STREAM, cps.get(i).phase());
            assertEquals(5_000, cps.get(i).live().length, cps.get(i).label());
            assertEquals(5_000 + 500 * i, cps.get(i).inserted());
        }
        assertEquals("stream 100%", cps.get(10).label());
        assertEquals(2_500, cps.getLast().live().length);

        // replay: the live set is what the checkpoints say, inserts follow the order, deletes take the oldest
        ArrayDeque<Integer> fifo = new ArrayDeque<>();
        Set<Integer> live = new HashSet<>();
        int next = 0;
        for (ChurnSchedule.Op op : s.ops()) {
            switch (op) {
                case ChurnSchedule.Write w -> {
                    assertTrue(w.upserts().length <= 300 && w.deletes().length <= 300);
                    for (int row : w.upserts()) {
                        assertEquals(order[next++], row);
                        assertTrue(live.add(row));
                        fifo.addLast(row);
                    }
                    if (w.phase() == ChurnSchedule.Phase.STREAM) {
                        assertEquals(w.upserts().length, w.deletes().length);
                        for (int row : w.deletes()) {
                            assertEquals(fifo.pollFirst(), row);
                        }
                        assertEquals(5_000, live.size() - w.deletes().length);
                    } else if (w.phase() == ChurnSchedule.Phase.FILL) {
                        assertEquals(0, w.deletes().length);
                    }
                    for (int row : w.deletes()) {
                        assertTrue(live.remove(row));
                    }
                }
                case ChurnSchedule.Checkpoint c -> {
                    int[] expected = live.stream().mapToInt(Integer::intValue).sorted().toArray();
                    assertArrayEquals(expected, c.live(), c.label());
                    assertEquals(c.inserted() - c.deleted(), c.live().length);
                }
            }
        }
        assertEquals(n, next);
    }

    @Test
    void streamOfFashionMnistShapeMovesFromTheFirstClassesToTheLast() {
        int n = 1_000;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        ChurnSchedule s = ChurnSchedule.build(ChurnSchedule.groupedByClass(labels), 0.5, 100, 12, 0.5, 1);
        int[] afterFill = s.checkpoints().getFirst().live();
        assertTrue(Arrays.stream(afterFill).allMatch(row -> labels[row] < 5));
        int[] endOfStream = s.checkpoints().get(10).live();
        assertTrue(Arrays.stream(endOfStream).allMatch(row -> labels[row] >= 5));
    }

    @Test
    void finalDeleteIsSeeded() {
        int[] order = ChurnSchedule.identity(2_000);
        int[] a = ChurnSchedule.build(order, 0.5, 100, 5, 0.5, 3).checkpoints().getLast().live();
        int[] b = ChurnSchedule.build(order, 0.5, 100, 5, 0.5, 3).checkpoints().getLast().live();
        int[] c = ChurnSchedule.build(order, 0.5, 100, 5, 0.5, 4).checkpoints().getLast().live();
        assertArrayEquals(a, b);
        assertTrue(!Arrays.equals(a, c));
        assertEquals(500, a.length);
    }

    @Test
    void rejectsSchedulesThatCannotBeBuilt() {
        int[] order = ChurnSchedule.identity(100);
        assertThrows(IllegalArgumentException.class, () -> ChurnSchedule.build(order, 0, 10, 12, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> ChurnSchedule.build(order, 0.5, 10, 2, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> ChurnSchedule.build(order, 0.5, 0, 12, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> ChurnSchedule.build(new int[] {0, 0, 1}, 0.5, 1, 3, 0.5, 1));
    }

    @Test
    void groundTruthOverTheLiveRowsIsInRowNumbers() {
        Random random = new Random(5);
        int n = 300;
        int d = 4;
        float[] data = new float[n * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        Vectors base = new Vectors(d, data);
        Vectors queries = base.slice(0, 3);
        int[] live = java.util.stream.IntStream.range(0, n).filter(i -> i % 3 != 0).toArray();
        Neighbors truth = ChurnMeasurements.groundTruth(base, live, queries, 5, Metric.L2);
        Neighbors all = GroundTruth.compute(base, queries, n, Metric.L2);
        for (int q = 0; q < 3; q++) {
            int r = 0;
            for (int rank = 0; rank < n && r < 5; rank++) {
                int id = all.id(q, rank);
                if (id % 3 != 0) {
                    assertEquals(id, truth.id(q, r++));
                }
            }
        }
    }
}
