package io.drift.filter;

import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * A condition as a string that two equal conditions share and unequal ones do not: the key of
 * cached filter results ({@link SegmentIndexes}). Records of arrays compare by identity, so the
 * conditions cannot serve as keys themselves.
 */
public final class ConditionKey {

    private ConditionKey() {}

    public static String of(Condition c) {
        StringBuilder b = new StringBuilder(64);
        append(c, b);
        return b.toString();
    }

    private static void append(Condition c, StringBuilder b) {
        switch (c) {
            case Condition.Clause k -> {
                b.append("C(");
                list(k.must(), b);
                b.append('|');
                list(k.should(), b);
                b.append('|');
                list(k.mustNot(), b);
                b.append(')');
            }
            case Condition.MatchKeywords m -> {
                StringJoiner j = new StringJoiner("\u0000", "K(" + m.field().name() + "\u0000", ")");
                m.values().stream().sorted().forEach(j::add);
                b.append(j);
            }
            case Condition.MatchIntegers m -> b.append("I(").append(m.field().name()).append('\u0000')
                    .append(Arrays.toString(m.values())).append(')');
            case Condition.MatchBool m -> b.append("B(").append(m.field().name()).append('\u0000').append(m.value())
                    .append(')');
            case Condition.Range r -> b.append("R(").append(r.field().name()).append('\u0000').append(r.gt()).append(',')
                    .append(r.gte()).append(',').append(r.lt()).append(',').append(r.lte()).append(')');
            case Condition.IsEmpty e -> b.append("E(").append(e.field().name()).append(')');
            case Condition.IsNull n -> b.append("N(").append(n.field().name()).append(')');
            case Condition.HasId h -> b.append("H(").append(Arrays.toString(h.ids())).append(')');
            case Condition.HasKeys h -> {
                b.append("Y(");
                h.keys().stream().map(Arrays::toString).sorted().forEach(k -> b.append(k).append(';'));
                b.append(')');
            }
        }
    }

    private static void list(List<Condition> cs, StringBuilder b) {
        for (Condition c : cs) {
            append(c, b);
            b.append(',');
        }
    }
}
