package io.drift.filter;

import io.drift.payload.PayloadPath;
import io.drift.payload.RowDoc;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decides a condition for one row from its id and its document (key and payload), reading only the
 * fields the condition names: the payload scan, for fields without an index and for rows that have
 * none (memtables). Not thread-safe: one per thread (it keeps the keyword bytes and a visitor).
 */
public final class DocMatcher {

    private final Probe probe = new Probe();

    /** Whether the row with id {@code id} and document {@code doc} (null: none) meets {@code c}. */
    public boolean matches(Condition c, long id, byte[] doc) {
        return switch (c) {
            case Condition.Clause k -> clause(k, id, doc);
            case Condition.HasId h -> h.contains(id);
            case Condition.HasKeys h -> hasKey(h, doc);
            case Condition.MatchKeywords m -> probe.run(m.field(), doc, m, false);
            case Condition.MatchIntegers m -> probe.run(m.field(), doc, m, false);
            case Condition.MatchBool m -> probe.run(m.field(), doc, m, false);
            case Condition.Range r -> probe.run(r.field(), doc, r, false);
            case Condition.IsNull n -> probe.run(n.field(), doc, n, false);
            case Condition.IsEmpty e -> !probe.run(e.field(), doc, e, true);
        };
    }

    private static boolean hasKey(Condition.HasKeys h, byte[] doc) {
        for (byte[] k : h.keys()) {
            if (doc != null && RowDoc.keyEquals(doc, k)) {
                return true;
            }
        }
        return false;
    }

    private boolean clause(Condition.Clause k, long id, byte[] doc) {
        for (Condition c : k.must()) {
            if (!matches(c, id, doc)) {
                return false;
            }
        }
        for (Condition c : k.mustNot()) {
            if (matches(c, id, doc)) {
                return false;
            }
        }
        if (k.should().isEmpty()) {
            return true;
        }
        for (Condition c : k.should()) {
            if (matches(c, id, doc)) {
                return true;
            }
        }
        return false;
    }

    /** Walks one field and records whether a value passed the condition. */
    private static final class Probe implements PayloadPath.ValueVisitor {
        private Condition test;
        private boolean anyValue; // is_empty: any value that is not null
        private boolean hit;
        private byte[][] keywords = new byte[0][];
        private Condition.MatchKeywords keywordsOf;

        /** Whether some value at {@code field} of {@code doc} passes {@code c} (or, {@code anyValue}, exists). */
        boolean run(FieldPath field, byte[] doc, Condition c, boolean anyValue) {
            if (doc == null) {
                return false;
            }
            int len = RowDoc.payloadLength(doc);
            if (len == 0) {
                return false;
            }
            this.test = c;
            this.anyValue = anyValue;
            this.hit = false;
            if (c instanceof Condition.MatchKeywords m && m != keywordsOf) {
                keywords = m.values().stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
                keywordsOf = m;
            }
            PayloadPath.forEach(doc, RowDoc.payloadOffset(doc), len, field.parts(), this);
            return hit;
        }

        @Override
        public void nullValue() {
            hit |= test instanceof Condition.IsNull;
        }

        @Override
        public void bool(boolean v) {
            hit |= anyValue || test instanceof Condition.MatchBool b && b.value() == v;
        }

        @Override
        public void integer(long v) {
            hit |= anyValue || switch (test) {
                case Condition.MatchIntegers m -> Arrays.binarySearch(m.values(), v) >= 0;
                case Condition.Range r -> r.contains(v);
                default -> false;
            };
        }

        @Override
        public void floating(double v) {
            hit |= anyValue || switch (test) {
                case Condition.MatchIntegers m -> v == Math.rint(v) && Math.abs(v) <= 0x1p63
                        && Arrays.binarySearch(m.values(), (long) v) >= 0;
                case Condition.Range r -> r.contains(v);
                default -> false;
            };
        }

        @Override
        public void string(byte[] utf8, int off, int len) {
            if (anyValue) {
                hit = true;
                return;
            }
            if (test instanceof Condition.MatchKeywords) {
                for (byte[] k : keywords) {
                    if (k.length == len && Arrays.equals(k, 0, len, utf8, off, off + len)) {
                        hit = true;
                        return;
                    }
                }
            }
        }

        @Override
        public void object() {
            hit |= anyValue;
        }
    }
}
