package io.drift.cluster.route;

import com.google.protobuf.ByteString;
import io.drift.proto.v1.Point;
import io.drift.proto.v1.PointId;
import io.drift.proto.v1.ScrollResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One page from the shards' pages of a scroll: each shard gave its first {@code limit} points from
 * the offset on, in id order (key order, by unsigned UTF-8 bytes, in a string-keyed collection), so
 * the first {@code limit} of them all are the collection's; the next page starts at the smallest
 * point not taken, or the smallest of the shards' own next offsets.
 */
public final class ScrollMerge {

    private ScrollMerge() {
    }

    /** The order of points by id, or by key when {@code keyed}. */
    static Comparator<Point> order(boolean keyed) {
        return keyed
                ? (a, b) -> ByteString.unsignedLexicographicalComparator().compare(a.getKeyBytes(), b.getKeyBytes())
                : (a, b) -> Long.compareUnsigned(a.getId(), b.getId());
    }

    public static ScrollResponse merge(List<ScrollResponse> shards, int limit, boolean keyed) {
        Comparator<Point> order = order(keyed);
        List<Point> all = new ArrayList<>();
        List<Point> nexts = new ArrayList<>();
        for (ScrollResponse r : shards) {
            all.addAll(r.getPointsList());
            if (r.hasNextOffset()) {
                nexts.add(point(r.getNextOffset()));
            }
        }
        all.sort(order);
        ScrollResponse.Builder b = ScrollResponse.newBuilder().addAllPoints(all.subList(0, Math.min(limit, all.size())));
        if (all.size() > limit) {
            nexts.add(all.get(limit));
        }
        nexts.stream().min(order).ifPresent(p -> b.setNextOffset(keyed
                ? PointId.newBuilder().setKey(p.getKey()).build()
                : PointId.newBuilder().setId(p.getId()).build()));
        return b.build();
    }

    private static Point point(PointId id) {
        return id.hasKey() ? Point.newBuilder().setKey(id.getKey()).build() : Point.newBuilder().setId(id.getId()).build();
    }
}
