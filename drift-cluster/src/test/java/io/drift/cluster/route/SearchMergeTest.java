package io.drift.cluster.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.proto.v1.ScoredPoint;
import io.drift.proto.v1.SearchResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchMergeTest {

    private static ScoredPoint p(long id, float distance) {
        return ScoredPoint.newBuilder().setId(id).setDistance(distance).build();
    }

    private static SearchResponse shard(double confidence, double recall, ScoredPoint... results) {
        return SearchResponse.newBuilder().addAllResults(List.of(results)).setConfidence(confidence)
                .setEstimatedRecall(recall).setBucketsScanned(3).setRowsScanned(100).setRowsReranked(7).build();
    }

    // id -1 is the largest unsigned id: it ties with 2 at 0.1 and comes after it
    private static final SearchResponse A = shard(0.95, 0.9, p(-1, 0.1f), p(1, 0.5f), p(9, 0.9f));
    private static final SearchResponse B = shard(0.99, 0.6, p(2, 0.1f), p(5, 0.5f));

    private static List<Long> ids(SearchResponse r) {
        return r.getResultsList().stream().map(ScoredPoint::getId).toList();
    }

    @Test
    void mergesByDistanceThenUnsignedId() {
        SearchResponse r = SearchMerge.merge(List.of(A, B), 10, 0, List.of());
        assertEquals(List.of(2L, -1L, 1L, 5L, 9L), ids(r));
    }

    @Test
    void skipsTheOffsetAndKeepsK() {
        assertEquals(List.of(2L, -1L, 1L), ids(SearchMerge.merge(List.of(A, B), 3, 0, List.of())));
        assertEquals(List.of(-1L, 1L), ids(SearchMerge.merge(List.of(A, B), 2, 1, List.of())));
        assertEquals(List.of(9L), ids(SearchMerge.merge(List.of(A, B), 2, 4, List.of())));
        assertEquals(List.of(), ids(SearchMerge.merge(List.of(A, B), 2, 5, List.of())));
    }

    @Test
    void sumsTheScanReportAndTakesTheLowestConfidence() {
        SearchResponse r = SearchMerge.merge(List.of(A, B), 3, 0, List.of());
        assertEquals(6, r.getBucketsScanned());
        assertEquals(200, r.getRowsScanned());
        assertEquals(14, r.getRowsReranked());
        assertEquals(0.95, r.getConfidence());
    }

    @Test
    void unsignedCountersSaturate() {
        SearchResponse big = SearchResponse.newBuilder().setBucketsScanned(0x80000000).setRowsReranked(-1).build();
        SearchResponse r = SearchMerge.merge(List.of(big, big), 1, 0, List.of());
        assertEquals(0xffffffffL, Integer.toUnsignedLong(r.getBucketsScanned()));
        assertEquals(0xffffffffL, Integer.toUnsignedLong(r.getRowsReranked()));
    }

    @Test
    void recallIsWeightedByEachShardsShareOfTheTopKPlusOffset() {
        // top 3 (k 2 + offset 1): 2 from B, -1 and 1 from A
        assertEquals((0.6 + 0.9 + 0.9) / 3, SearchMerge.merge(List.of(A, B), 2, 1, List.of()).getEstimatedRecall(),
                1e-12);
        // top 4: 2 and 5 from B, -1 and 1 from A
        assertEquals((0.6 + 0.6 + 0.9 + 0.9) / 4, SearchMerge.merge(List.of(A, B), 4, 0, List.of())
                .getEstimatedRecall(), 1e-12);
        // no results at all: the lowest shard estimate
        assertEquals(0.6, SearchMerge.merge(List.of(shard(1, 0.9), shard(1, 0.6)), 5, 0, List.of())
                .getEstimatedRecall());
    }

    @Test
    void noShardsAnswerNothing() {
        SearchResponse r = SearchMerge.merge(List.of(), 5, 0, List.of("docs/0", "docs/1"));
        assertEquals(0, r.getResultsCount());
        assertEquals(0, r.getConfidence());
        assertEquals(0, r.getEstimatedRecall());
        assertTrue(r.getPartial());
        assertEquals(List.of("docs/0", "docs/1"), r.getUnavailableShardsList());
    }

    @Test
    void partialOnlyWhenAShardIsUnavailable() {
        SearchResponse whole = SearchMerge.merge(List.of(A, B), 3, 0, List.of());
        assertFalse(whole.getPartial());
        assertEquals(0, whole.getUnavailableShardsCount());
        SearchResponse partial = SearchMerge.merge(List.of(A), 3, 0, List.of("docs/1"));
        assertTrue(partial.getPartial());
        assertEquals(List.of("docs/1"), partial.getUnavailableShardsList());
        assertEquals(List.of(-1L, 1L, 9L), ids(partial));
    }
}
