package io.drift.cluster.route;

import io.drift.proto.v1.ScoredPoint;
import io.drift.proto.v1.SearchResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One global answer from the shards' answers to a search for {@code k + offset}: their results
 * merged by distance (ties: smaller id first, as on one node), the first {@code offset} skipped,
 * {@code k} kept; the scan report summed; the confidence the lowest of the shards'; the estimated
 * recall the shards' estimates weighted by how many of the global results each shard gave (a
 * result is missed by the global answer only if its shard's search missed it).
 */
public final class SearchMerge {

    private static final Comparator<ScoredPoint> ORDER = Comparator.comparingDouble(ScoredPoint::getDistance)
            .thenComparing(ScoredPoint::getId, Long::compareUnsigned);

    private SearchMerge() {
    }

    public static SearchResponse merge(List<SearchResponse> shards, int k, int offset, List<String> unavailable) {
        record Tagged(ScoredPoint point, int shard) {
        }
        List<Tagged> all = new ArrayList<>();
        long buckets = 0;
        long rows = 0;
        long reranked = 0;
        double confidence = 1;
        double lowestRecall = 1;
        for (int s = 0; s < shards.size(); s++) {
            SearchResponse r = shards.get(s);
            for (ScoredPoint p : r.getResultsList()) {
                all.add(new Tagged(p, s));
            }
            buckets += Integer.toUnsignedLong(r.getBucketsScanned());
            rows += r.getRowsScanned();
            reranked += Integer.toUnsignedLong(r.getRowsReranked());
            confidence = Math.min(confidence, r.getConfidence());
            lowestRecall = Math.min(lowestRecall, r.getEstimatedRecall());
        }
        all.sort(Comparator.comparing(Tagged::point, ORDER));
        int end = Math.min(all.size(), offset + k);
        double recallSum = 0;
        SearchResponse.Builder b = SearchResponse.newBuilder();
        for (int i = 0; i < end; i++) {
            Tagged t = all.get(i);
            recallSum += shards.get(t.shard()).getEstimatedRecall();
            if (i >= offset) {
                b.addResults(t.point());
            }
        }
        return b.setBucketsScanned((int) Math.min(buckets, 0xffffffffL))
                .setRowsScanned(rows)
                .setRowsReranked((int) Math.min(reranked, 0xffffffffL))
                .setConfidence(shards.isEmpty() ? 0 : confidence)
                .setEstimatedRecall(shards.isEmpty() ? 0 : end == 0 ? lowestRecall : recallSum / end)
                .setPartial(!unavailable.isEmpty())
                .addAllUnavailableShards(unavailable)
                .build();
    }
}
