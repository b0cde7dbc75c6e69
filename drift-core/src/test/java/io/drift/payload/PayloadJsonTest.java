package io.drift.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PayloadJsonTest {
    /** RFC 8259's number grammar. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    static String json(Map<String, ?> doc) {
        return PayloadCodec.toJson(PayloadCodec.encode(doc));
    }

    @Test
    void everyTypePrintsCompactly() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("s", "a\"b\\c\n\u0001/é😀\t");
        doc.put("i", -5);
        doc.put("d", 5.0);
        doc.put("e", 1e21);
        doc.put("t", 1e-7);
        doc.put("n", null);
        doc.put("b", true);
        doc.put("l", List.of(1, List.of(), Map.of(), false));
        doc.put("o", Map.of("x", 0.1f));
        assertEquals("{\"b\":true,\"d\":5.0,\"e\":1.0E21,\"i\":-5,\"l\":[1,[],{},false],\"n\":null,"
                + "\"o\":{\"x\":0.10000000149011612},\"s\":\"a\\\"b\\\\c\\n\\u0001/é😀\\t\",\"t\":1.0E-7}", json(doc));
        assertEquals("{}", json(Map.of()));
        assertEquals("{\"\":{\"\":[[]]}}", json(Map.of("", Map.of("", List.of(List.of())))));
        assertEquals("{\"m\":" + Long.MIN_VALUE + "}", json(Map.of("m", Long.MIN_VALUE)));
        assertEquals("{\"z\":-0.0}", json(Map.of("z", -0.0)));
        byte[] encoded = PayloadCodec.encode(Map.of("a", 1));
        byte[] framed = new byte[encoded.length + 2];
        System.arraycopy(encoded, 0, framed, 1, encoded.length);
        assertEquals("{\"a\":1}", PayloadCodec.toJson(framed, 1, encoded.length));
    }

    @Property(tries = 1000)
    void floatsPrintAsJsonNumbersThatReadBackTheSame(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double d = PayloadDocs.floating(rnd);
        String json = json(Map.of("x", d));
        String text = json.substring("{\"x\":".length(), json.length() - 1);
        assertTrue(NUMBER.matcher(text).matches(), text);
        assertTrue(text.contains(".") || text.contains("E"), "a float keeps a fraction or an exponent: " + text);
        assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(Double.parseDouble(text)), text);
    }

    @Property(tries = 1000)
    void stringsAreEscapedAndReadBackTheSame(@ForAll long seed) {
        String s = PayloadDocs.string(new SplittableRandom(seed));
        String json = json(Map.of(s, s));
        assertTrue(json.chars().noneMatch(c -> c < 0x20), json);
        String literal = json.substring(1, (json.length() - 2) / 2 + 1);
        assertEquals("{" + literal + ":" + literal + "}", json);
        assertEquals(s, unescape(literal));
    }

    /** The string of a JSON string literal. */
    static String unescape(String literal) {
        assertTrue(literal.startsWith("\"") && literal.endsWith("\""), literal);
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            assertTrue(c != '"', "unescaped quote in " + literal);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case 'u' -> {
                    out.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                default -> {
                    assertTrue(e == '"' || e == '\\' || e == '/', "bad escape " + e);
                    out.append(e);
                }
            }
        }
        return out.toString();
    }

    /** The same JSON printed from the decoded document. */
    static String naive(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                    .replace("\r", "\\r").replace("\t", "\\t").replace("\b", "\\b").replace("\f", "\\f")
                    .chars().mapToObj(c -> c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c))
                    .reduce("", String::concat) + "\"";
            case List<?> l -> "[" + String.join(",", l.stream().map(PayloadJsonTest::naive).toList()) + "]";
            case Map<?, ?> m -> "{" + String.join(",", m.entrySet().stream()
                    .map(e -> naive(e.getKey()) + ":" + naive(e.getValue())).toList()) + "}";
            default -> v.toString();
        };
    }

    @Property(tries = 300)
    void documentsPrintAsTheirDecodedValues(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] doc = PayloadCodec.encode(PayloadDocs.document(rnd, 1 + rnd.nextInt(6)));
        assertEquals(naive(PayloadCodec.decode(doc)), PayloadCodec.toJson(doc), Arrays.toString(doc));
    }
}
