package io.drift.filter;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The payload fields a collection indexes, and how (declared by {@code CreateFieldIndex}). Kept in
 * the manifest as one setting, {@code payload_indexes}: {@code type:field} pairs separated by
 * commas, the field percent-encoded (UTF-8), e.g. {@code keyword:cls,integer:meta.year}. Immutable.
 */
public final class IndexSpec {

    /** The manifest setting that holds the declarations. */
    public static final String SETTING = "payload_indexes";
    private static final IndexSpec NONE = new IndexSpec(Map.of());

    private final Map<FieldPath, FieldType> fields;

    private IndexSpec(Map<FieldPath, FieldType> fields) {
        this.fields = fields;
    }

    public static IndexSpec none() {
        return NONE;
    }

    /** The fields indexed, in the order they were declared. */
    public Map<FieldPath, FieldType> fields() {
        return fields;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** These declarations with {@code field} indexed as {@code type} (replacing an index of another type). */
    public IndexSpec with(FieldPath field, FieldType type) {
        Map<FieldPath, FieldType> m = new LinkedHashMap<>(fields);
        m.put(field, type);
        return new IndexSpec(java.util.Collections.unmodifiableMap(m));
    }

    /** These declarations without {@code field}. */
    public IndexSpec without(FieldPath field) {
        Map<FieldPath, FieldType> m = new LinkedHashMap<>(fields);
        m.remove(field);
        return m.isEmpty() ? NONE : new IndexSpec(java.util.Collections.unmodifiableMap(m));
    }

    /** The manifest value; empty without declarations. */
    public String encode() {
        StringJoiner j = new StringJoiner(",");
        fields.forEach((f, t) -> j.add(t.name().toLowerCase(java.util.Locale.ROOT) + ":"
                + URLEncoder.encode(f.name(), StandardCharsets.UTF_8)));
        return j.toString();
    }

    /** Reads what {@link #encode} wrote; null or empty is no declaration. */
    public static IndexSpec decode(String s) {
        if (s == null || s.isEmpty()) {
            return NONE;
        }
        Map<FieldPath, FieldType> m = new LinkedHashMap<>();
        for (String pair : s.split(",")) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("payload index '" + pair + "' is not type:field");
            }
            FieldType type = FieldType.valueOf(pair.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
            m.put(FieldPath.of(URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8)), type);
        }
        return new IndexSpec(java.util.Collections.unmodifiableMap(m));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexSpec i && fields.equals(i.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return encode();
    }
}
