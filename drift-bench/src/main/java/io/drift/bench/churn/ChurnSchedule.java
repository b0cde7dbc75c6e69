package io.drift.bench.churn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The churn workload as a fixed sequence of write batches and checkpoints (DESIGN §10), computed
 * once and replayed identically by every system. Ids are base row numbers.
 *
 * <ol>
 *   <li><b>fill</b>: the first {@code round(n · fillFraction)} rows of the stream order are
 *       inserted in batches of {@code batch}; checkpoint 0.
 *   <li><b>stream</b>: the remaining rows, in stream order, in batches of at most {@code batch};
 *       each batch inserts its rows and then deletes as many of the oldest live rows (first
 *       inserted, first deleted), so the live count stays at the fill size. The stream is cut into
 *       {@code checkpoints - 2} equal parts (batches end at the cuts) with a checkpoint after each.
 *   <li><b>delete</b>: {@code round(live · deleteFraction)} of the live rows, chosen at random
 *       (seeded), are deleted in batches of {@code batch}; the last checkpoint.
 * </ol>
 *
 * <p>The stream order is the dataset's drift order: Fashion-MNIST grouped by class (see {@link
 * #groupedByClass}), the synthetic set as generated (its rows come out phase by phase).
 */
public final class ChurnSchedule {

    /** What part of the workload an operation belongs to. */
    public enum Phase {
        FILL("fill"),
        STREAM("stream"),
        DELETE("delete");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        /** The name in reports. */
        public String label() {
            return label;
        }
    }

    /** One operation of the schedule, applied in order. */
    public sealed interface Op permits Write, Checkpoint {}

    /**
     * One write batch: insert {@code upserts}, then delete {@code deletes} (row numbers; either may
     * be empty).
     */
    public record Write(Phase phase, int[] upserts, int[] deletes) implements Op {}

    /**
     * A measurement point after everything before it was applied.
     *
     * @param step checkpoint number, from 0
     * @param phase the phase it closes a part of
     * @param label short description, for example {@code stream 30%}
     * @param inserted rows inserted so far
     * @param deleted rows deleted so far
     * @param live the live rows, ascending
     */
    public record Checkpoint(int step, Phase phase, String label, int inserted, int deleted, int[] live)
            implements Op {}

    private final List<Op> ops;
    private final List<Checkpoint> checkpoints;
    private final int fill;

    private ChurnSchedule(List<Op> ops, int fill) {
        this.ops = List.copyOf(ops);
        this.checkpoints = ops.stream().filter(o -> o instanceof Checkpoint).map(o -> (Checkpoint) o).toList();
        this.fill = fill;
    }

    /**
     * The schedule over {@code order} (a permutation of the base rows in stream order).
     *
     * @param fillFraction share of the rows inserted before the stream, in (0, 1)
     * @param batch rows per write batch
     * @param checkpoints total checkpoints, at least 3 (fill, at least one in the stream, delete)
     * @param deleteFraction share of the live rows deleted at random at the end, in [0, 1]
     * @param seed chooses the rows of the final delete
     */
    public static ChurnSchedule build(int[] order, double fillFraction, int batch, int checkpoints,
                                      double deleteFraction, long seed) {
        check(order, fillFraction, batch, checkpoints, deleteFraction);
        int n = order.length;
        int fill = (int) Math.round(n * fillFraction);
        int streamLength = n - fill;
        int streamParts = checkpoints - 2;
        if (fill < 1 || streamLength < streamParts) {
            throw new IllegalArgumentException(n + " rows are too few for a fill of " + fillFraction + " and "
                    + streamParts + " stream checkpoints");
        }

        List<Op> ops = new ArrayList<>();
        ArrayDeque<Integer> live = new ArrayDeque<>(); // oldest first
        int inserted = 0;
        int deleted = 0;
        int step = 0;

        for (int from = 0; from < fill; from += batch) {
            int to = Math.min(fill, from + batch);
            int[] rows = Arrays.copyOfRange(order, from, to);
            ops.add(new Write(Phase.FILL, rows, new int[0]));
            for (int row : rows) {
                live.addLast(row);
            }
            inserted += rows.length;
        }
        ops.add(new Checkpoint(step++, Phase.FILL, "fill", inserted, deleted, sorted(live)));

        int done = 0;
        for (int part = 1; part <= streamParts; part++) {
            int end = (int) Math.round((double) streamLength * part / streamParts);
            while (done < end) {
                int to = Math.min(end, done + batch);
                int[] rows = Arrays.copyOfRange(order, fill + done, fill + to);
                for (int row : rows) {
                    live.addLast(row);
                }
                int[] oldest = new int[rows.length];
                for (int i = 0; i < oldest.length; i++) {
                    oldest[i] = live.pollFirst();
                }
                ops.add(new Write(Phase.STREAM, rows, oldest));
                inserted += rows.length;
                deleted += oldest.length;
                done = to;
            }
            String label = String.format(java.util.Locale.ROOT, "stream %d%%",
                    Math.round(100.0 * part / streamParts));
            ops.add(new Checkpoint(step++, Phase.STREAM, label, inserted, deleted, sorted(live)));
        }

        List<Integer> victims = new ArrayList<>(live);
        Collections.shuffle(victims, new java.util.Random(new SplittableRandom(seed).nextLong()));
        int count = (int) Math.round(victims.size() * deleteFraction);
        boolean[] gone = new boolean[n];
        for (int from = 0; from < count; from += batch) {
            int to = Math.min(count, from + batch);
            int[] rows = new int[to - from];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = victims.get(from + i);
                gone[rows[i]] = true;
            }
            ops.add(new Write(Phase.DELETE, new int[0], rows));
            deleted += rows.length;
        }
        live.removeIf(row -> gone[row]);
        ops.add(new Checkpoint(step, Phase.DELETE, String.format(java.util.Locale.ROOT, "delete %d%%",
                Math.round(100 * deleteFraction)), inserted, deleted, sorted(live)));
        return new ChurnSchedule(ops, fill);
    }

    /** Refuses arguments {@link #build} cannot make a schedule of, naming the one that is wrong. */
    private static void check(int[] order, double fillFraction, int batch, int checkpoints, double deleteFraction) {
        Objects.requireNonNull(order, "order");
        int n = order.length;
        if (!(fillFraction > 0 && fillFraction < 1)) {
            throw new IllegalArgumentException("fill fraction must be in (0, 1), got " + fillFraction);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive, got " + batch);
        }
        if (checkpoints < 3) {
            throw new IllegalArgumentException("at least 3 checkpoints (fill, stream, delete), got " + checkpoints);
        }
        if (!(deleteFraction >= 0 && deleteFraction <= 1)) {
            throw new IllegalArgumentException("delete fraction must be in [0, 1], got " + deleteFraction);
        }
        boolean[] seen = new boolean[n];
        for (int row : order) {
            if (row < 0 || row >= n || seen[row]) {
                throw new IllegalArgumentException("order is not a permutation of 0.." + (n - 1));
            }
            seen[row] = true;
        }
    }

    /**
     * Row numbers grouped by label, labels ascending, rows ascending within a label (a stable sort
     * of the rows by label): Fashion-MNIST's drift order.
     */
    public static int[] groupedByClass(int[] labels) {
        Objects.requireNonNull(labels, "labels");
        Integer[] rows = new Integer[labels.length];
        Arrays.setAll(rows, i -> i);
        Arrays.sort(rows, (a, b) -> Integer.compare(labels[a], labels[b])); // stable: rows ascending within a label
        return Arrays.stream(rows).mapToInt(Integer::intValue).toArray();
    }

    /** Rows {@code 0..n-1} in their own order: the synthetic set's drift order. */
    public static int[] identity(int n) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        return order;
    }

    private static int[] sorted(ArrayDeque<Integer> live) {
        int[] rows = live.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(rows);
        return rows;
    }

    /** Every operation in order. */
    public List<Op> ops() {
        return ops;
    }

    /** The checkpoints in order. */
    public List<Checkpoint> checkpoints() {
        return checkpoints;
    }

    /** Rows inserted by the fill, which is also the live count during the stream. */
    public int fill() {
        return fill;
    }
}
