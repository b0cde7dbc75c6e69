package io.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.proto.v1.Condition;
import io.drift.proto.v1.FieldCondition;
import io.drift.proto.v1.Filter;
import io.drift.proto.v1.IsNullCondition;
import io.drift.proto.v1.Match;
import io.drift.proto.v1.Range;
import io.drift.proto.v1.RepeatedStrings;
import org.junit.jupiter.api.Test;

/**
 * Filters as JSON: protobuf's JSON mapping read into the message by field descriptors (proto and
 * JSON names, integers as strings, a list for a one-list message), and mistakes named by path.
 */
class FilterJsonTest {

    @Test
    void readsTheJsonMapping() {
        Filter expected = Filter.newBuilder()
                .addMust(Condition.newBuilder().setField(FieldCondition.newBuilder().setKey("cls")
                        .setMatch(Match.newBuilder().setKeyword("shirt"))))
                .addMust(Condition.newBuilder().setField(FieldCondition.newBuilder().setKey("price")
                        .setRange(Range.newBuilder().setGte(10).setLt(Double.POSITIVE_INFINITY))))
                .addShould(Condition.newBuilder().setField(FieldCondition.newBuilder().setKey("tags")
                        .setMatch(Match.newBuilder().setKeywords(RepeatedStrings.newBuilder().addStrings("a")
                                .addStrings("b")))))
                .addMustNot(Condition.newBuilder().setIsNull(IsNullCondition.newBuilder().setKey("meta.sold")))
                .build();
        assertEquals(expected, FilterJson.parse("""
                {"must": [{"field": {"key": "cls", "match": {"keyword": "shirt"}}},
                          {"field": {"key": "price", "range": {"gte": 10, "lt": "Infinity"}}}],
                 "should": [{"field": {"key": "tags", "match": {"keywords": {"strings": ["a", "b"]}}}}],
                 "must_not": [{"is_null": {"key": "meta.sold"}}]}"""));
        assertEquals(expected, FilterJson.parse("""
                {"must": [{"field": {"key": "cls", "match": {"keyword": "shirt"}}},
                          {"field": {"key": "price", "range": {"gte": "10", "lt": "Infinity", "lte": null}}}],
                 "should": [{"field": {"key": "tags", "match": {"keywords": ["a", "b"]}}}],
                 "mustNot": [{"isNull": {"key": "meta.sold"}}]}"""), "JSON names, a list for RepeatedStrings");
        assertEquals(Filter.getDefaultInstance(), FilterJson.parse("{}"));
        Filter ids = FilterJson.parse("{\"must\": [{\"has_id\": {\"ids\": [1, \"18446744073709551615\"]}},"
                + " {\"field\": {\"key\": \"n\", \"match\": {\"integer\": \"-5\"}}}]}");
        assertEquals(-1L, ids.getMust(0).getHasId().getIds(1));
        assertEquals(-5L, ids.getMust(1).getField().getMatch().getInteger());
    }

    private static void error(String json, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FilterJson.parse(json), json);
        assertTrue(e.getMessage().contains(problem), "'" + problem + "' in " + e.getMessage());
    }

    @Test
    void mistakesNameThePath() {
        error("{\"must\": [", "not valid JSON");
        error("[1]", "filter: must be a JSON object (Filter), not a list");
        error("{\"must\": {}}", "filter.must: must be a list, not an object");
        error("{\"must\": [{\"field\": {\"key\": \"a\", \"match\": {\"keywrd\": \"x\"}}}]}",
                "filter.must[0].field.match: unknown field 'keywrd' (Match has keyword, integer, boolean, keywords,"
                        + " integers)");
        error("{\"should\": [{}, {\"field\": {\"key\": 5}}]}",
                "filter.should[1].field.key: must be a string, not a number");
        error("{\"must\": [{\"field\": {\"key\": \"a\"}, \"is_null\": {\"key\": \"a\"}}]}",
                "filter.must[0].is_null: field is set already; give one of field, filter, has_id, is_empty, is_null");
        error("{\"must\": [{\"field\": {\"key\": \"n\", \"match\": {\"integer\": 9223372036854775808}}}]}",
                "filter.must[0].field.match.integer: 9223372036854775808 is out of range for int64");
        error("{\"must\": [{\"has_id\": {\"ids\": [-1]}}]}",
                "filter.must[0].has_id.ids[0]: -1 is out of range for uint64");
        error("{\"must\": [{\"field\": {\"key\": \"n\", \"range\": {\"gt\": \"lots\"}}}]}",
                "filter.must[0].field.range.gt: must be a number, not 'lots'");
        error("{\"must\": [{\"field\": {\"key\": \"n\", \"match\": {\"boolean\": \"yes\"}}}]}",
                "filter.must[0].field.match.boolean: must be true or false, not a string");
    }
}
