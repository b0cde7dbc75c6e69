package io.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.proto.v1.Filter;
import org.junit.jupiter.api.Test;

/**
 * The readable filter syntax: each form becomes the Filter it documents (written as the JSON the
 * command line also takes), {@code and} binds tighter than {@code or}, {@code not} negates what
 * follows, parentheses group, quoting makes keywords, and mistakes name the column where parsing
 * failed.
 */
class FilterSyntaxTest {

    /** The filter of this JSON (protobuf's JSON mapping), for the expected values. */
    private static Filter json(String json) {
        return FilterJson.parse(json);
    }

    private static String field(String key, String test) {
        return "{\"field\": {\"key\": \"" + key + "\", " + test + "}}";
    }

    private static String keyword(String key, String value) {
        return field(key, "\"match\": {\"keyword\": \"" + value + "\"}");
    }

    private static String integer(String key, long value) {
        return field(key, "\"match\": {\"integer\": " + value + "}");
    }

    private static void same(String expectedJson, String syntax) {
        assertEquals(json(expectedJson), FilterSyntax.parse(syntax), syntax);
    }

    @Test
    void comparisonsMakeMatchesAndRanges() {
        same("{\"must\": [" + keyword("cls", "shirt") + "]}", "cls = shirt");
        same("{\"must\": [" + keyword("cls", "shirt") + "]}", "cls == shirt");
        same("{\"must\": [" + integer("n", 12) + "]}", "n = 12");
        same("{\"must\": [" + integer("n", -3) + "]}", "n=-3");
        same("{\"must\": [" + field("flag", "\"match\": {\"boolean\": true}") + "]}", "flag = true");
        same("{\"must\": [" + field("flag", "\"match\": {\"boolean\": false}") + "]}", "flag = false");
        same("{\"must\": [" + field("price", "\"range\": {\"gte\": 9.5, \"lte\": 9.5}") + "]}", "price = 9.5");
        same("{\"must\": [" + field("t", "\"range\": {\"gt\": -3.5}") + "]}", "t > -3.5");
        same("{\"must\": [" + field("t", "\"range\": {\"gte\": 10}") + "]}", "t >= 10");
        same("{\"must\": [" + field("t", "\"range\": {\"lt\": 1000}") + "]}", "t < 1e3");
        same("{\"must\": [" + field("t", "\"range\": {\"lte\": 0.25}") + "]}", "t<=.25");
        same("{\"must_not\": [" + keyword("cls", "shirt") + "]}", "cls != shirt");
        same("{\"must\": [" + field("meta.color", "\"match\": {\"keyword\": \"red\"}") + "]}", "meta.color = red");
    }

    @Test
    void quotingMakesKeywordsAndFieldNames() {
        same("{\"must\": [" + keyword("n", "12") + "]}", "n = '12'");
        same("{\"must\": [" + keyword("cls", "t shirt") + "]}", "cls = \"t shirt\"");
        same("{\"must\": [" + keyword("cls", "it's") + "]}", "cls = 'it\\'s'");
        same("{\"must\": [" + keyword("cls", "true") + "]}", "cls = \"true\"");
        same("{\"must\": [" + keyword("cls", "and") + "]}", "cls = 'and'");
        same("{\"must\": [" + keyword("my field", "x") + "]}", "'my field' = x");
        same("{\"must\": [" + keyword("in", "x") + "]}", "\"in\" = x");
        same("{\"must\": [" + keyword("path", "a/b:c-d@e") + "]}", "path = a/b:c-d@e");
    }

    @Test
    void listsNullsAndIds() {
        same("{\"must\": [" + field("n", "\"match\": {\"integers\": {\"integers\": [1, 2, 3]}}") + "]}",
                "n in [1, 2, 3]");
        same("{\"must\": [" + field("tags", "\"match\": {\"keywords\": {\"strings\": [\"red\", \"dark blue\", \"7\"]}}")
                + "]}", "tags in [red, 'dark blue', '7']");
        same("{\"must_not\": [" + field("n", "\"match\": {\"integers\": {\"integers\": [4]}}") + "]}", "n not in [4]");
        same("{\"must\": [{\"is_null\": {\"key\": \"meta.sold\"}}]}", "meta.sold is null");
        same("{\"must_not\": [{\"is_null\": {\"key\": \"meta.sold\"}}]}", "meta.sold is not null");
        same("{\"must\": [{\"is_empty\": {\"key\": \"note\"}}]}", "note is empty");
        same("{\"must_not\": [{\"is_empty\": {\"key\": \"note\"}}]}", "note IS NOT EMPTY");
        same("{\"must\": [{\"has_id\": {\"ids\": [1, 2, 3]}}]}", "has_id 1, 2, 3");
        same("{\"must\": [{\"has_id\": {\"ids\": [7, \"18446744073709551615\"]}}]}", "has_id [7, 18446744073709551615]");
        same("{\"must\": [{\"has_id\": {\"keys\": [\"a\", \"b c\"]}}]}", "has_key a, 'b c'");
        same("{\"must\": [{\"has_id\": {\"ids\": [1, 2]}}, " + integer("n", 3) + "]}", "has_id 1, 2 and n = 3");
    }

    @Test
    void andBindsTighterThanOr() {
        same("{\"should\": [" + integer("a", 1) + ", {\"filter\": {\"must\": [" + integer("b", 2) + ", "
                + integer("c", 3) + "]}}]}", "a = 1 or b = 2 and c = 3");
        same("{\"should\": [{\"filter\": {\"must\": [" + integer("a", 1) + ", " + integer("b", 2) + "]}}, "
                + integer("c", 3) + "]}", "a = 1 AND b = 2 Or c = 3");
        same("{\"must\": [{\"filter\": {\"should\": [" + integer("a", 1) + ", " + integer("b", 2) + "]}}, "
                + integer("c", 3) + "]}", "(a = 1 or b = 2) and c = 3");
        same("{\"should\": [" + integer("a", 1) + ", " + integer("b", 2) + ", " + integer("c", 3) + "]}",
                "a = 1 or (b = 2 or c = 3)");
        same("{\"must\": [" + integer("a", 1) + ", " + integer("b", 2) + ", " + integer("c", 3) + "]}",
                "a = 1 and (b = 2 and c = 3)");
    }

    @Test
    void notNegatesWhatFollows() {
        same("{\"must\": [" + integer("b", 2) + "], \"must_not\": [" + integer("a", 1) + "]}", "not a = 1 and b = 2");
        same("{\"must_not\": [" + integer("a", 1) + ", " + integer("b", 2) + "]}", "not (a = 1 or b = 2)");
        same("{\"must_not\": [{\"filter\": {\"must\": [" + integer("a", 1) + ", " + integer("b", 2) + "]}}]}",
                "NOT (a = 1 and b = 2)");
        same("{\"must\": [" + integer("a", 1) + "]}", "not not a = 1");
        same("{\"should\": [{\"filter\": {\"must_not\": [" + integer("a", 1) + "]}}, " + integer("b", 2) + "]}",
                "not a = 1 or b = 2");
        same("{\"must\": [" + keyword("cls", "shirt") + ", " + field("price", "\"range\": {\"gte\": 10}") + ", "
                        + field("price", "\"range\": {\"lt\": 20}") + "], \"must_not\": ["
                        + field("tags", "\"match\": {\"keywords\": {\"strings\": [\"red\", \"blue\"]}}")
                        + ", {\"is_null\": {\"key\": \"meta.sold\"}}]}",
                "cls = shirt and price >= 10 and price < 20 and not (tags in [red, blue] or meta.sold is null)");
    }

    private static void error(String syntax, int column, String problem) {
        FilterSyntax.ParseError e = assertThrows(FilterSyntax.ParseError.class, () -> FilterSyntax.parse(syntax), syntax);
        assertEquals(column, e.column(), syntax + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith("column " + column + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "'" + problem + "' in " + e.getMessage());
    }

    @Test
    void mistakesNameTheColumn() {
        error("", 1, "the filter is empty");
        error("   ", 1, "the filter is empty");
        error("cls =", 6, "expected a value after '=', found the end of the filter");
        error("cls = shirt and", 16, "expected a condition, found the end of the filter");
        error("cls shirt", 5, "expected an operator (=, !=, <, <=, >, >=, in, not in, is) after field 'cls'");
        error("(a = 1", 7, "expected ')' to close the '(' at column 1");
        error("a = 1)", 6, "expected 'and', 'or' or the end, found ')'");
        error("a = 1 b = 2", 7, "expected 'and', 'or' or the end, found 'b'");
        error("tags in [red, 1]", 15, "keywords or integers, not both");
        error("tags in [red, 1.5]", 15, "'in' takes keywords or integers, found '1.5'");
        error("tags in []", 10, "the list is empty");
        error("tags in red", 9, "expected '[' to start a list");
        error("tags in [red blue]", 14, "expected ',' or ']' to close the '[' at column 9");
        error("price < cheap", 9, "'<' takes a number, found 'cheap'");
        error("price >= '10'", 10, "'>=' takes a number, found the string '10'");
        error("name = 'abc", 8, "the string opened here is not closed");
        error("a ! b", 3, "expected '!='");
        error("has_id 1, x", 11, "has_id takes ids");
        error("has_id -1", 8, "has_id takes ids");
        error("has_id 18446744073709551616", 8, "out of range");
        error("a is nothing", 6, "expected 'null' or 'empty' after 'is'");
        error("a is not 3", 10, "after 'is not'");
        error("a not b", 7, "expected 'in' after 'not'");
        error("a = null", 5, "use 'is null'");
        error("and = 1", 1, "quote a field named so");
        error("a = and", 5, "quote it to mean the word");
        error("n = 99999999999999999999", 5, "out of the 64-bit range");
        error("cls = shirt or or", 16, "expected a condition, found 'or'");
        error("= 3", 1, "expected a condition, found '='");
        error("'' = 3", 1, "a field name must not be empty");
    }
}
