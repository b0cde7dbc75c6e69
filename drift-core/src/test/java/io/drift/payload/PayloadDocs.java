package io.drift.payload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Random documents for the payload tests, and the Java values decoding them must give. */
final class PayloadDocs {
    private PayloadDocs() {}

    /** Few keys, so that random paths often meet them; some sort differently as UTF-8 than as UTF-16. */
    static final String[] KEYS = {"", "a", "b", "ab", "a.b", "z", "é", "\uffff", "😀", "tags", "meta"};

    /** A random document of at most {@code maxDepth} levels, the document included. */
    static Map<String, Object> document(SplittableRandom rnd, int maxDepth) {
        return object(rnd, 1, maxDepth);
    }

    static Map<String, Object> object(SplittableRandom rnd, int depth, int maxDepth) {
        Map<String, Object> m = rnd.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
        int n = rnd.nextInt(depth == 1 ? 8 : 5);
        for (int i = 0; i < n; i++) {
            String key = rnd.nextInt(6) == 0 ? string(rnd) : KEYS[rnd.nextInt(KEYS.length)];
            m.put(key, value(rnd, depth, maxDepth));
        }
        return m;
    }

    /** A random value inside a container at {@code depth}. */
    static Object value(SplittableRandom rnd, int depth, int maxDepth) {
        int kind = rnd.nextInt(depth < maxDepth ? 10 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> rnd.nextBoolean();
            case 2 -> integer(rnd);
            case 3 -> floating(rnd);
            case 4, 5 -> string(rnd);
            case 6 -> rnd.nextBoolean() ? (Object) (int) integer(rnd) : (Object) (float) (floating(rnd) % 1e30);
            case 7 -> rnd.nextBoolean() ? (Object) (short) rnd.nextInt() : (Object) (byte) rnd.nextInt();
            case 8 -> list(rnd, depth + 1, maxDepth);
            default -> object(rnd, depth + 1, maxDepth);
        };
    }

    static List<Object> list(SplittableRandom rnd, int depth, int maxDepth) {
        int n = rnd.nextInt(5);
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(value(rnd, depth, maxDepth));
        }
        return l;
    }

    static long integer(SplittableRandom rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> Long.MIN_VALUE + rnd.nextInt(2);
            case 1 -> Long.MAX_VALUE - rnd.nextInt(2);
            case 2 -> rnd.nextLong();
            case 3 -> rnd.nextLong() >> rnd.nextInt(64);
            default -> rnd.nextInt(-300, 300);
        };
    }

    static double floating(SplittableRandom rnd) {
        return switch (rnd.nextInt(8)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> rnd.nextInt(-1000, 1000);
            case 3 -> Double.MIN_VALUE * rnd.nextInt(1, 5);
            case 4 -> Double.MAX_VALUE / rnd.nextInt(1, 5);
            case 5 -> {
                double d;
                do {
                    d = Double.longBitsToDouble(rnd.nextLong());
                } while (!Double.isFinite(d));
                yield d;
            }
            default -> (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(-30, 30));
        };
    }

    /** A random valid UTF-16 string: ASCII, controls, quotes, accents, supplementary characters. */
    static String string(SplittableRandom rnd) {
        int n = rnd.nextInt(12);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(6)) {
                case 0 -> s.append((char) rnd.nextInt(0x20));
                case 1 -> s.append("\"\\/".charAt(rnd.nextInt(3)));
                case 2 -> s.appendCodePoint(rnd.nextInt(0x80, 0xD800));
                case 3 -> s.appendCodePoint(rnd.nextInt(0xE000, 0x10000));
                case 4 -> s.appendCodePoint(rnd.nextInt(0x10000, 0x110000));
                default -> s.append((char) rnd.nextInt(0x20, 0x7F));
            }
        }
        return s.toString();
    }

    /** What decoding gives for {@code v}: integers as Long, floats as Double, containers alike. */
    static Object normalized(Object v) {
        return switch (v) {
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case Float f -> (double) f;
            case List<?> l -> l.stream().map(PayloadDocs::normalized).toList();
            case Map<?, ?> m -> {
                Map<Object, Object> out = new HashMap<>();
                m.forEach((k, x) -> out.put(k, normalized(x)));
                yield out;
            }
            case null, default -> v;
        };
    }
}
