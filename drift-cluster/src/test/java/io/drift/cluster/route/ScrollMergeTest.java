package io.drift.cluster.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.proto.v1.Point;
import io.drift.proto.v1.PointId;
import io.drift.proto.v1.ScrollResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ScrollMergeTest {

    private static ScrollResponse page(Long next, long... ids) {
        ScrollResponse.Builder b = ScrollResponse.newBuilder();
        for (long id : ids) {
            b.addPoints(Point.newBuilder().setId(id));
        }
        if (next != null) {
            b.setNextOffset(PointId.newBuilder().setId(next));
        }
        return b.build();
    }

    private static ScrollResponse keyPage(String next, String... keys) {
        ScrollResponse.Builder b = ScrollResponse.newBuilder();
        for (String k : keys) {
            b.addPoints(Point.newBuilder().setKey(k));
        }
        if (next != null) {
            b.setNextOffset(PointId.newBuilder().setKey(next));
        }
        return b.build();
    }

    private static List<Long> ids(ScrollResponse r) {
        return r.getPointsList().stream().map(Point::getId).toList();
    }

    @Test
    void mergesInUnsignedIdOrder() {
        ScrollResponse r = ScrollMerge.merge(List.of(page(null, 1, -1), page(null, 2, Long.MIN_VALUE)), 10, false);
        assertEquals(List.of(1L, 2L, Long.MIN_VALUE, -1L), ids(r));
        assertFalse(r.hasNextOffset(), "everything fit");
    }

    @Test
    void mergesInUnsignedUtf8KeyOrder() {
        // UTF-16 order would put the emoji (a surrogate pair, 0xD83D...) before U+FF5A; UTF-8 bytes do not
        ScrollResponse r = ScrollMerge.merge(List.of(keyPage(null, "a", "\uFF5A"), keyPage(null, "Z", "é", "😀")),
                10, true);
        assertEquals(List.of("Z", "a", "é", "\uFF5A", "😀"), r.getPointsList().stream().map(Point::getKey).toList());
        assertFalse(r.hasNextOffset());
    }

    @Test
    void nextIsTheSmallestPointNotTaken() {
        ScrollResponse r = ScrollMerge.merge(List.of(page(null, 1, 3), page(null, 2, 4)), 3, false);
        assertEquals(List.of(1L, 2L, 3L), ids(r));
        assertEquals(PointId.newBuilder().setId(4).build(), r.getNextOffset());
    }

    @Test
    void nextIsAShardsNextWhenThatIsSmaller() {
        ScrollResponse r = ScrollMerge.merge(List.of(page(3L, 1, 2), page(7L, 5, 6)), 2, false);
        assertEquals(List.of(1L, 2L), ids(r));
        assertEquals(3, r.getNextOffset().getId());

        r = ScrollMerge.merge(List.of(page(4L, 1, 2, 3), page(null, 10)), 3, false);
        assertEquals(List.of(1L, 2L, 3L), ids(r));
        assertEquals(4, r.getNextOffset().getId());
    }

    @Test
    void keyedNextOffsetsAreKeys() {
        ScrollResponse r = ScrollMerge.merge(List.of(keyPage("c", "a", "b"), keyPage(null, "bb")), 2, true);
        assertEquals(List.of("a", "b"), r.getPointsList().stream().map(Point::getKey).toList());
        assertEquals(PointId.newBuilder().setKey("bb").build(), r.getNextOffset());
    }

    @Test
    void noPagesNoNext() {
        ScrollResponse r = ScrollMerge.merge(List.of(page(null), page(null)), 5, false);
        assertEquals(0, r.getPointsCount());
        assertFalse(r.hasNextOffset());
    }

    // ---------------------------------------------------------------- paging through random shards

    @Property(tries = 300)
    void pagingThroughIdsYieldsEachOnceInOrder(@ForAll @Size(max = 60) Set<Long> ids,
                                               @ForAll @IntRange(min = 1, max = 6) int shards,
                                               @ForAll @IntRange(min = 1, max = 8) int limit, @ForAll long seed) {
        List<Point> points = ids.stream().map(id -> Point.newBuilder().setId(id).build()).toList();
        pageThrough(points, (a, b) -> Long.compareUnsigned(a.getId(), b.getId()), false, shards, limit, seed);
    }

    @Property(tries = 300)
    void pagingThroughKeysYieldsEachOnceInOrder(@ForAll @Size(max = 60) Set<@From("keys") String> keys,
                                                @ForAll @IntRange(min = 1, max = 6) int shards,
                                                @ForAll @IntRange(min = 1, max = 8) int limit, @ForAll long seed) {
        List<Point> points = keys.stream().map(k -> Point.newBuilder().setKey(k).build()).toList();
        pageThrough(points, (a, b) -> Arrays.compareUnsigned(a.getKey().getBytes(StandardCharsets.UTF_8),
                b.getKey().getBytes(StandardCharsets.UTF_8)), true, shards, limit, seed);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of("a", "Z", "0", "é", "\uFF5A", "😀", "キ").list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> String.join("", parts));
    }

    /**
     * Splits {@code points} over {@code shards} at random, then scrolls: each shard answers with its
     * first {@code limit} points at or after the offset and, as its next offset, the point after them;
     * the merged pages must give every point once, in {@code order}.
     */
    private static void pageThrough(List<Point> points, Comparator<Point> order, boolean keyed, int shards,
                                    int limit, long seed) {
        Random random = new Random(seed);
        List<List<Point>> byShard = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            byShard.add(new ArrayList<>());
        }
        for (Point p : points) {
            byShard.get(random.nextInt(shards)).add(p);
        }
        byShard.forEach(l -> l.sort(order));

        List<Point> seen = new ArrayList<>();
        Point offset = null;
        for (int pages = 0; ; pages++) {
            assertTrue(pages <= points.size() + 1, "too many pages");
            List<ScrollResponse> answers = new ArrayList<>();
            for (List<Point> shard : byShard) {
                Point from = offset;
                List<Point> rest = shard.stream().filter(p -> from == null || order.compare(p, from) >= 0).toList();
                ScrollResponse.Builder b = ScrollResponse.newBuilder()
                        .addAllPoints(rest.subList(0, Math.min(limit, rest.size())));
                if (rest.size() > limit) {
                    Point next = rest.get(limit);
                    b.setNextOffset(keyed ? PointId.newBuilder().setKey(next.getKey()).build()
                            : PointId.newBuilder().setId(next.getId()).build());
                }
                answers.add(b.build());
            }
            ScrollResponse merged = ScrollMerge.merge(answers, limit, keyed);
            assertTrue(merged.getPointsCount() <= limit);
            seen.addAll(merged.getPointsList());
            if (!merged.hasNextOffset()) {
                break;
            }
            PointId next = merged.getNextOffset();
            offset = keyed ? Point.newBuilder().setKey(next.getKey()).build()
                    : Point.newBuilder().setId(next.getId()).build();
        }
        List<Point> expected = new ArrayList<>(points);
        expected.sort(order);
        assertEquals(expected, seen);
    }
}
