package io.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random filters over the payloads of {@link PayloadModelTest}, each built twice: as a
 * {@link Filter} for the collection and as a predicate over the model's plain maps, written
 * independently of the engine's evaluation (paths walk maps, lists are flattened).
 */
final class FilterOracle {

    /** A filter and what it means for a point named {@code n} with payload {@code p}. */
    record Pair(Filter filter, Test test) {}

    @FunctionalInterface
    interface Test {
        boolean test(int name, long id, Map<String, Object> payload);
    }

    private record Cond(Filter.Cond cond, Test test) {}

    private FilterOracle() {}

    static Pair random(SplittableRandom rnd, boolean keyed) {
        Filter.Builder b = Filter.builder();
        List<Test> must = new ArrayList<>();
        List<Test> should = new ArrayList<>();
        List<Test> mustNot = new ArrayList<>();
        for (int i = rnd.nextInt(3); i >= 0; i--) {
            Cond c = condition(rnd, keyed, 0);
            switch (rnd.nextInt(4)) {
                case 0, 1 -> {
                    b.must(c.cond());
                    must.add(c.test());
                }
                case 2 -> {
                    b.should(c.cond());
                    should.add(c.test());
                }
                default -> {
                    b.mustNot(c.cond());
                    mustNot.add(c.test());
                }
            }
        }
        return new Pair(b.build(), (n, id, p) -> must.stream().allMatch(t -> t.test(n, id, p))
                && (should.isEmpty() || should.stream().anyMatch(t -> t.test(n, id, p)))
                && mustNot.stream().noneMatch(t -> t.test(n, id, p)));
    }

    private static Cond condition(SplittableRandom rnd, boolean keyed, int depth) {
        switch (rnd.nextInt(depth < 2 ? 9 : 8)) {
            case 0, 1 -> {
                String cls = PayloadModelTest.CLASSES[rnd.nextInt(PayloadModelTest.CLASSES.length)];
                String other = PayloadModelTest.CLASSES[rnd.nextInt(PayloadModelTest.CLASSES.length)];
                boolean two = rnd.nextBoolean();
                return new Cond(two ? Filter.matchAny("cls", cls, other) : Filter.match("cls", cls),
                        (n, id, p) -> values(p, "cls").stream().anyMatch(v -> v.equals(cls) || two && v.equals(other)));
            }
            case 2 -> {
                double lo = rnd.nextInt(100);
                double hi = lo + rnd.nextInt(60);
                return new Cond(Filter.range("price", null, lo, hi, null), (n, id, p) -> values(p, "price").stream()
                        .anyMatch(v -> v instanceof Number x && x.doubleValue() >= lo && x.doubleValue() < hi));
            }
            case 3 -> {
                long lo = rnd.nextInt(1000) - 500;
                return new Cond(Filter.range("n", (double) lo, null, null, null), (n, id, p) -> values(p, "n").stream()
                        .anyMatch(v -> v instanceof Number x && x.doubleValue() > lo));
            }
            case 4 -> {
                String tag = "t" + rnd.nextInt(4);
                return new Cond(Filter.match("tags", tag), (n, id, p) -> values(p, "tags").contains(tag));
            }
            case 5 -> {
                boolean v = rnd.nextBoolean();
                return new Cond(Filter.match("meta.in_stock", v), (n, id, p) -> values(p, "meta.in_stock").contains(v));
            }
            case 6 -> {
                String field = rnd.nextBoolean() ? "tags" : "meta.note";
                return rnd.nextBoolean()
                        ? new Cond(Filter.isEmpty(field), (n, id, p) -> values(p, field).stream().allMatch(x -> x == null))
                        : new Cond(Filter.isNull(field), (n, id, p) -> values(p, field).contains(null));
            }
            case 7 -> {
                int[] names = rnd.ints(1 + rnd.nextInt(30), 0, PayloadModelTest.NAMES).toArray();
                Filter.Cond c = keyed
                        ? Filter.hasKey(java.util.Arrays.stream(names).mapToObj(PayloadModelTest::key).toArray(String[]::new))
                        : Filter.hasId(java.util.Arrays.stream(names).mapToLong(x -> x).toArray());
                return new Cond(c, (n, id, p) -> java.util.Arrays.stream(names).anyMatch(x -> x == n));
            }
            default -> {
                Pair inner = random(rnd, keyed);
                return new Cond(inner.filter().asCondition(), inner.test());
            }
        }
    }

    /** The values at a dotted path: objects walked by key, lists flattened; a null kept as null. */
    static List<Object> values(Map<String, Object> payload, String path) {
        List<Object> out = new ArrayList<>();
        walk(payload, path.split("\\."), 0, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object v, String[] path, int at, List<Object> out) {
        if (v instanceof List<?> l) {
            for (Object x : l) {
                walk(x, path, at, out);
            }
        } else if (at == path.length) {
            out.add(v);
        } else if (v instanceof Map<?, ?> m && m.containsKey(path[at])) {
            walk(((Map<String, Object>) m).get(path[at]), path, at + 1, out);
        }
    }
}
