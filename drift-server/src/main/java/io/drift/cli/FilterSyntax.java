package io.drift.cli;

import io.drift.cli.FilterTokens.Kind;
import io.drift.cli.FilterTokens.Token;
import io.drift.cli.FilterTree.And;
import io.drift.cli.FilterTree.Leaf;
import io.drift.cli.FilterTree.Node;
import io.drift.cli.FilterTree.Not;
import io.drift.cli.FilterTree.Or;
import io.drift.proto.v1.Condition;
import io.drift.proto.v1.FieldCondition;
import io.drift.proto.v1.Filter;
import io.drift.proto.v1.HasIdCondition;
import io.drift.proto.v1.IsEmptyCondition;
import io.drift.proto.v1.IsNullCondition;
import io.drift.proto.v1.Match;
import io.drift.proto.v1.Range;
import io.drift.proto.v1.RepeatedIntegers;
import io.drift.proto.v1.RepeatedStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The readable filter syntax of the command line ({@code --filter}), parsed into a
 * {@code drift.v1.Filter}:
 *
 * <pre>
 * cls = shirt and price &gt;= 10 and price &lt; 20 and not (tags in [red, blue] or meta.sold is null)
 * </pre>
 *
 * <ul>
 *   <li>Conditions: {@code FIELD = VALUE} (also {@code ==}), {@code FIELD != VALUE} (the field does
 *       not hold it, true for points without the field), {@code FIELD < N}, {@code <=}, {@code >},
 *       {@code >=} (a range, any number), {@code FIELD in [V, ...]} and {@code FIELD not in [...]}
 *       (keywords or integers, not both), {@code FIELD is null}, {@code FIELD is empty} (missing,
 *       null or an empty list) and their {@code is not} forms, {@code has_id 1, 2, 3} (ids, also in
 *       brackets) and {@code has_key a, b} (keys of a string-keyed collection).
 *   <li>Values: {@code true} and {@code false} are booleans; {@code 12} or {@code -3} integers (they
 *       match integers and floats of the value); {@code 9.5} or {@code 1e3} floats, for which
 *       {@code =} is the range {@code gte = lte = x}; any other word a keyword. A value in single or
 *       double quotes is always a keyword ({@code '12'}, {@code "t shirt"}); a backslash quotes the
 *       next character. Field names are dotted paths ({@code meta.sold}), bare or quoted.
 *   <li>{@code not} negates what follows, {@code and} binds tighter than {@code or}, parentheses
 *       group. Keywords ({@code and or not in is null empty has_id has_key}) are case-insensitive;
 *       quote a field or value that is one of them.
 * </ul>
 *
 * A mistake is a {@link ParseError} naming the column (from 1) where parsing failed.
 */
final class FilterSyntax {

    /** A filter that does not parse: where and why. */
    static final class ParseError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int column;

        ParseError(int column, String problem) {
            super("column " + column + ": " + problem);
            this.column = column;
        }

        /** The column (from 1) where parsing failed; one past the end for a filter cut short. */
        int column() {
            return column;
        }
    }

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?");
    private static final List<String> RESERVED = List.of("and", "or", "not", "in", "is");

    private final List<Token> tokens;
    private int pos;

    private FilterSyntax(List<Token> tokens) {
        this.tokens = tokens;
    }

    /**
     * The filter {@code text} states.
     *
     * @throws ParseError naming the column where it stops making sense
     */
    static Filter parse(String text) {
        FilterSyntax p = new FilterSyntax(FilterTokens.of(text));
        if (p.peek().kind() == Kind.END) {
            throw new ParseError(1, "the filter is empty");
        }
        Node n = p.or();
        Token t = p.peek();
        if (t.kind() != Kind.END) {
            throw new ParseError(t.column(), "expected 'and', 'or' or the end, found " + t.describe());
        }
        return FilterTree.filter(n);
    }

    // ------------------------------------------------------------------ grammar

    private Node or() {
        List<Node> parts = new ArrayList<>();
        addFlat(parts, and(), Or.class);
        while (keyword("or")) {
            pos++;
            addFlat(parts, and(), Or.class);
        }
        return parts.size() == 1 ? parts.getFirst() : new Or(parts);
    }

    private Node and() {
        List<Node> parts = new ArrayList<>();
        addFlat(parts, unary(), And.class);
        while (keyword("and")) {
            pos++;
            addFlat(parts, unary(), And.class);
        }
        return parts.size() == 1 ? parts.getFirst() : new And(parts);
    }

    /** Adds {@code n} to {@code parts}, or its parts when it is of the same kind (a parenthesised group). */
    private static void addFlat(List<Node> parts, Node n, Class<? extends Node> kind) {
        if (n instanceof And a && kind == And.class) {
            parts.addAll(a.parts());
        } else if (n instanceof Or o && kind == Or.class) {
            parts.addAll(o.parts());
        } else {
            parts.add(n);
        }
    }

    private Node unary() {
        if (keyword("not")) {
            pos++;
            Node inner = unary();
            return inner instanceof Not n ? n.inner() : new Not(inner);
        }
        return primary();
    }

    private Node primary() {
        Token t = peek();
        switch (t.kind()) {
            case LPAREN -> {
                pos++;
                Node inner = or();
                Token close = next();
                if (close.kind() != Kind.RPAREN) {
                    throw new ParseError(close.column(), "expected ')' to close the '(' at column " + t.column()
                            + ", found " + close.describe());
                }
                return inner;
            }
            case WORD -> {
                if (keyword("has_id")) {
                    pos++;
                    return new Leaf(hasIds());
                }
                if (keyword("has_key")) {
                    pos++;
                    return new Leaf(hasKeys());
                }
                if (RESERVED.contains(t.text().toLowerCase(Locale.ROOT))) {
                    throw new ParseError(t.column(), "expected a condition, found " + t.describe()
                            + " (quote a field named so)");
                }
                pos++;
                return test(t);
            }
            case STRING -> {
                pos++;
                return test(t);
            }
            default -> throw new ParseError(t.column(), "expected a condition, found " + t.describe());
        }
    }

    /** What follows a field name: an operator and its value, in, not in, or is. */
    private Node test(Token field) {
        String key = field.text();
        if (key.isEmpty()) {
            throw new ParseError(field.column(), "a field name must not be empty");
        }
        Token op = next();
        if (op.kind() == Kind.OP) {
            return compare(key, op);
        }
        if (op.kind() == Kind.WORD) {
            switch (op.text().toLowerCase(Locale.ROOT)) {
                case "in" -> {
                    return new Leaf(in(key));
                }
                case "not" -> {
                    Token in = next();
                    if (!in.isWord("in")) {
                        throw new ParseError(in.column(), "expected 'in' after 'not', found " + in.describe());
                    }
                    return new Not(new Leaf(in(key)));
                }
                case "is" -> {
                    return is(key);
                }
                default -> { }
            }
        }
        throw new ParseError(op.column(), "expected an operator (=, !=, <, <=, >, >=, in, not in, is) after field '"
                + key + "', found " + op.describe());
    }

    private Node compare(String key, Token op) {
        Object v = value(op.text());
        Token at = tokens.get(pos - 1);
        return switch (op.text()) {
            case "=", "==" -> new Leaf(equal(key, v));
            case "!=" -> new Not(new Leaf(equal(key, v)));
            default -> {
                if (!(v instanceof Number n)) {
                    throw new ParseError(at.column(), "'" + op.text() + "' takes a number, found " + at.describe());
                }
                double x = n.doubleValue();
                Range.Builder r = Range.newBuilder();
                switch (op.text()) {
                    case "<" -> r.setLt(x);
                    case "<=" -> r.setLte(x);
                    case ">" -> r.setGt(x);
                    default -> r.setGte(x);
                }
                yield new Leaf(field(key, null, r.build()));
            }
        };
    }

    /** {@code key = v}: a match, or for a float the range holding just it. */
    private static Condition equal(String key, Object v) {
        return switch (v) {
            case String s -> field(key, Match.newBuilder().setKeyword(s).build(), null);
            case Long l -> field(key, Match.newBuilder().setInteger(l).build(), null);
            case Boolean b -> field(key, Match.newBuilder().setBoolean(b).build(), null);
            case Double d -> field(key, null, Range.newBuilder().setGte(d).setLte(d).build());
            default -> throw new IllegalStateException("a value of " + v.getClass());
        };
    }

    private Condition in(String key) {
        List<Token> items = list(true);
        RepeatedStrings.Builder strings = RepeatedStrings.newBuilder();
        RepeatedIntegers.Builder integers = RepeatedIntegers.newBuilder();
        for (Token t : items) {
            Object v = valueOf(t);
            switch (v) {
                case String s -> strings.addStrings(s);
                case Long l -> integers.addIntegers(l);
                default -> throw new ParseError(t.column(), "'in' takes keywords or integers, found " + t.describe());
            }
            if (strings.getStringsCount() > 0 && integers.getIntegersCount() > 0) {
                throw new ParseError(t.column(), "'in' takes keywords or integers, not both: " + t.describe()
                        + " (quote numbers meant as keywords)");
            }
        }
        Match.Builder m = Match.newBuilder();
        return field(key, strings.getStringsCount() > 0 ? m.setKeywords(strings).build() : m.setIntegers(integers)
                .build(), null);
    }

    private Node is(String key) {
        boolean negated = keyword("not");
        if (negated) {
            pos++;
        }
        Token what = next();
        Condition c;
        if (what.isWord("null")) {
            c = Condition.newBuilder().setIsNull(IsNullCondition.newBuilder().setKey(key)).build();
        } else if (what.isWord("empty")) {
            c = Condition.newBuilder().setIsEmpty(IsEmptyCondition.newBuilder().setKey(key)).build();
        } else {
            throw new ParseError(what.column(), "expected 'null' or 'empty' after 'is" + (negated ? " not" : "")
                    + "', found " + what.describe());
        }
        return negated ? new Not(new Leaf(c)) : new Leaf(c);
    }

    private Condition hasIds() {
        HasIdCondition.Builder h = HasIdCondition.newBuilder();
        for (Token t : list(false)) {
            if (t.kind() != Kind.WORD || !INTEGER.matcher(t.text()).matches() || t.text().startsWith("-")) {
                throw new ParseError(t.column(), "has_id takes ids (unsigned 64-bit integers), found " + t.describe());
            }
            try {
                h.addIds(Long.parseUnsignedLong(t.text().startsWith("+") ? t.text().substring(1) : t.text()));
            } catch (NumberFormatException e) {
                throw new ParseError(t.column(), "id " + t.text() + " is out of range (at most 2^64 - 1)");
            }
        }
        return Condition.newBuilder().setHasId(h).build();
    }

    private Condition hasKeys() {
        HasIdCondition.Builder h = HasIdCondition.newBuilder();
        for (Token t : list(false)) {
            if (t.text().isEmpty()) {
                throw new ParseError(t.column(), "a key must not be empty");
            }
            h.addKeys(t.text());
        }
        return Condition.newBuilder().setHasId(h).build();
    }

    /**
     * The values of a list: {@code [a, b]}, or (unless {@code bracketed}) also {@code a, b} without
     * brackets. Not empty.
     */
    private List<Token> list(boolean bracketed) {
        Token open = peek();
        boolean brackets = open.kind() == Kind.LBRACKET;
        if (bracketed && !brackets) {
            throw new ParseError(open.column(), "expected '[' to start a list, found " + open.describe());
        }
        if (brackets) {
            pos++;
            if (peek().kind() == Kind.RBRACKET) {
                throw new ParseError(peek().column(), "the list is empty");
            }
        }
        List<Token> items = new ArrayList<>();
        while (true) {
            Token t = next();
            if (t.kind() != Kind.WORD && t.kind() != Kind.STRING) {
                throw new ParseError(t.column(), "expected a value, found " + t.describe());
            }
            if (t.kind() == Kind.WORD && RESERVED.contains(t.text().toLowerCase(Locale.ROOT))) {
                throw new ParseError(t.column(), "expected a value, found " + t.describe() + " (quote it to mean the word)");
            }
            items.add(t);
            if (peek().kind() != Kind.COMMA) {
                return close(items, brackets, open);
            }
            pos++;
        }
    }

    /** Ends a list: its closing bracket, if it opened with one. */
    private List<Token> close(List<Token> items, boolean brackets, Token open) {
        if (brackets) {
            Token close = next();
            if (close.kind() != Kind.RBRACKET) {
                throw new ParseError(close.column(), "expected ',' or ']' to close the '[' at column " + open.column()
                        + ", found " + close.describe());
            }
        }
        return items;
    }

    /** The value after operator {@code op}. */
    private Object value(String op) {
        Token t = next();
        if (t.kind() != Kind.WORD && t.kind() != Kind.STRING) {
            throw new ParseError(t.column(), "expected a value after '" + op + "', found " + t.describe());
        }
        if (t.kind() == Kind.WORD && RESERVED.contains(t.text().toLowerCase(Locale.ROOT))) {
            throw new ParseError(t.column(), "expected a value after '" + op + "', found " + t.describe()
                    + " (quote it to mean the word)");
        }
        return valueOf(t);
    }

    /** A value token as a String (keyword), Long, Double or Boolean. */
    private static Object valueOf(Token t) {
        if (t.kind() == Kind.STRING) {
            return t.text();
        }
        String s = t.text();
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        if (s.equalsIgnoreCase("null")) {
            throw new ParseError(t.column(), "null is not a value to compare with: use 'is null' (or quote it)");
        }
        if (INTEGER.matcher(s).matches()) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new ParseError(t.column(), "integer " + s + " is out of the 64-bit range");
            }
        }
        if (FLOAT.matcher(s).matches()) {
            double d = Double.parseDouble(s);
            if (Double.isInfinite(d)) {
                throw new ParseError(t.column(), "number " + s + " is out of range");
            }
            return d;
        }
        return s;
    }

    private static Condition field(String key, Match match, Range range) {
        FieldCondition.Builder f = FieldCondition.newBuilder().setKey(key);
        if (match != null) {
            f.setMatch(match);
        }
        if (range != null) {
            f.setRange(range);
        }
        return Condition.newBuilder().setField(f).build();
    }

    // ------------------------------------------------------------------ tokens

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) {
            pos++;
        }
        return t;
    }

    /** Whether the next token is the bare word {@code word} (any case). */
    private boolean keyword(String word) {
        return peek().isWord(word);
    }
}
