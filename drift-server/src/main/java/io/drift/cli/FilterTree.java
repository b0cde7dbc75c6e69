package io.drift.cli;

import io.drift.proto.v1.Condition;
import io.drift.proto.v1.Filter;
import java.util.List;

/**
 * A parsed filter expression ({@link FilterSyntax}) and the {@code drift.v1.Filter} it stands for:
 * {@code a and b} is {@code must: [a, b]}, {@code a or b} is {@code should: [a, b]}, {@code not a}
 * is {@code must_not: [a]} ({@code not (a or b)}: {@code must_not: [a, b]}), and the negated parts
 * of an {@code and} are its {@code must_not}. A part that is not a single condition nests as a
 * filter condition.
 */
final class FilterTree {

    private FilterTree() {}

    /** A parsed expression. */
    sealed interface Node permits Leaf, And, Or, Not {}

    /** One condition. */
    record Leaf(Condition condition) implements Node {}

    /** All of the parts. */
    record And(List<Node> parts) implements Node {}

    /** Any of the parts. */
    record Or(List<Node> parts) implements Node {}

    /** Not the inner expression. */
    record Not(Node inner) implements Node {}

    /** The filter {@code n} stands for. */
    static Filter filter(Node n) {
        Filter.Builder b = Filter.newBuilder();
        switch (n) {
            case And a -> {
                for (Node part : a.parts()) {
                    if (part instanceof Not not) {
                        addNot(b, not.inner());
                    } else {
                        b.addMust(condition(part));
                    }
                }
            }
            case Or o -> o.parts().forEach(part -> b.addShould(condition(part)));
            case Not not -> addNot(b, not.inner());
            case Leaf l -> b.addMust(l.condition());
        }
        return b.build();
    }

    /** Adds {@code not inner} to {@code b}: none of an or's parts, else the inner expression. */
    private static void addNot(Filter.Builder b, Node inner) {
        if (inner instanceof Or o) {
            o.parts().forEach(part -> b.addMustNot(condition(part)));
        } else {
            b.addMustNot(condition(inner));
        }
    }

    private static Condition condition(Node n) {
        return n instanceof Leaf l ? l.condition() : Condition.newBuilder().setFilter(filter(n)).build();
    }
}
