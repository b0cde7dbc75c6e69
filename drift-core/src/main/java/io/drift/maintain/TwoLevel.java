package io.drift.maintain;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * The two-level path of {@link KMeans}, for large k (its class comment): {@code round(√k)} top
 * clusters trained flat, each split on its own (in parallel) into a share of the k centroids
 * proportional to its rows, then one Lloyd step in which a row chooses among the centroids of its
 * top cluster and of the {@link KMeans#NEIGHBOURS} − 1 top clusters nearest it.
 */
final class TwoLevel {

    private TwoLevel() {}

    /** The two-level clustering of the class comment, up to (not including) the final assignment. */
    static KMeans.Trained train(float[] data, int d, int[] rows, int k, KMeans.Params p) {
        int n = rows.length;
        int k1 = (int) Math.round(Math.sqrt(k));
        KMeans.Trained top = KMeans.train(data, d, rows, k1, p.seed(), p.maxIterations(), p);
        int[] topAssignment = new int[n];
        KMeans.assign(data, d, rows, null, top.centroids(), k1, topAssignment, new float[n], false);
        int[] topSizes = new int[k1];
        KMeans.count(topAssignment, topSizes);
        int[][] groups = new int[k1][];
        for (int g = 0; g < k1; g++) {
            groups[g] = new int[topSizes[g]];
        }
        int[] fill = new int[k1];
        for (int i = 0; i < n; i++) {
            int g = topAssignment[i];
            groups[g][fill[g]++] = rows[i];
        }
        int[] share = share(topSizes, k);
        int[] offset = new int[k1 + 1];
        for (int g = 0; g < k1; g++) {
            offset[g + 1] = offset[g] + share[g];
        }
        float[] centroids = new float[k * d];
        int[] iterations = new int[k1];
        int subIterations = Math.min(p.maxIterations(), KMeans.SUB_ITERATIONS);
        IntStream.range(0, k1).parallel().forEach(g -> {
            if (share[g] > 0) {
                KMeans.Trained sub = KMeans.train(data, d, groups[g], share[g], mix(p.seed() + (g + 1) * 0x9E3779B97F4A7C15L),
                        subIterations, p);
                System.arraycopy(sub.centroids(), 0, centroids, offset[g] * d, share[g] * d);
                iterations[g] = sub.iterations();
            }
        });
        int longest = 0;
        for (int it : iterations) {
            longest = Math.max(longest, it);
        }
        int[][] candidates = new int[k1][];
        for (int g = 0; g < k1; g++) {
            candidates[g] = share[g] == 0 ? new int[0] : neighbourCentroids(top.centroids(), d, k1, g, share, offset);
        }
        KMeans.refine(data, d, n, groups, candidates, centroids, k);
        return new KMeans.Trained(centroids, top.iterations() + longest + 1, true);
    }

    /**
     * The centroids (ascending) of top cluster {@code g} and of the {@link KMeans#NEIGHBOURS} − 1 other
     * non-empty top clusters whose centres are nearest {@code g}'s (ties to the lower index).
     */
    private static int[] neighbourCentroids(float[] top, int d, int k1, int g, int[] share, int[] offset) {
        DotBlocks blocks = DotBlocks.get();
        Integer[] order = new Integer[k1];
        float[] dist = new float[k1];
        for (int h = 0; h < k1; h++) {
            order[h] = h;
            dist[h] = h == g ? Float.NEGATIVE_INFINITY : blocks.squaredDistance(top, g * d, top, h * d, d);
        }
        Arrays.sort(order, (a, b) -> dist[a] != dist[b] ? Float.compare(dist[a], dist[b]) : Integer.compare(a, b));
        int count = 0;
        int used = 0;
        for (int t = 0; t < k1 && used < KMeans.NEIGHBOURS; t++) {
            if (share[order[t]] > 0) {
                count += share[order[t]];
                used++;
            }
        }
        int[] list = new int[count];
        int at = 0;
        used = 0;
        for (int t = 0; t < k1 && used < KMeans.NEIGHBOURS; t++) {
            int h = order[t];
            if (share[h] > 0) {
                for (int c = offset[h]; c < offset[h + 1]; c++) {
                    list[at++] = c;
                }
                used++;
            }
        }
        Arrays.sort(list);
        return list;
    }

    /**
     * Shares {@code k} centroids out among groups of {@code sizes[g]} rows ({@code k <=} total
     * rows): one to each non-empty group, then one at a time to the group with the most rows per
     * centroid (ties to the lower index), never more than a group has rows.
     */
    static int[] share(int[] sizes, int k) {
        int[] share = new int[sizes.length];
        PriorityQueue<Integer> queue = new PriorityQueue<>((a, b) -> {
            int c = Long.compare((long) sizes[b] * share[a], (long) sizes[a] * share[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int left = k;
        for (int g = 0; g < sizes.length; g++) {
            if (sizes[g] > 0) {
                share[g] = 1;
                left--;
                if (sizes[g] > 1) {
                    queue.add(g);
                }
            }
        }
        while (left > 0) {
            int g = queue.poll();
            share[g]++;
            left--;
            if (share[g] < sizes[g]) {
                queue.add(g);
            }
        }
        return share;
    }

    /** SplitMix64's finaliser: decorrelates seeds derived from one another. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
