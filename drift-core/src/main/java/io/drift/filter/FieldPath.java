package io.drift.filter;

import io.drift.payload.PayloadPath;
import java.util.Objects;

/**
 * A payload field as filters and indexes name it: its dotted name ({@code meta.color}) and the
 * parts as UTF-8, ready for {@link PayloadPath}.
 */
public record FieldPath(String name, byte[][] parts) {

    public static FieldPath of(String name) {
        Objects.requireNonNull(name, "field");
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw new IllegalArgumentException("'" + name + "' is not a field name: parts between dots must not be empty");
        }
        return new FieldPath(name, PayloadPath.parse(name));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath f && name.equals(f.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
