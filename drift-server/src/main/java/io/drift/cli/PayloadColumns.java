package io.drift.cli;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The payload columns of a CSV file, as {@code --payload-columns} names them: {@code name:type,...}
 * for the last columns of every row, after the vector's components. Types: {@code keyword} or
 * {@code string} (the cell's text, spaces around it removed), {@code integer} (64-bit),
 * {@code float} and {@code bool} ({@code true} or {@code false}). An empty cell leaves its field
 * out of the point's payload.
 */
final class PayloadColumns {

    /** No payload columns. */
    static final PayloadColumns NONE = new PayloadColumns(List.of());

    /** What a column holds. */
    enum Type { STRING, INTEGER, FLOAT, BOOL }

    /** One column: the payload field it fills and its type. */
    record Column(String field, Type type) {}

    private final List<Column> columns;

    private PayloadColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /**
     * The columns of {@code spec}, e.g. {@code cls:keyword,n:integer,price:float}.
     *
     * @throws IllegalArgumentException for a column without a name or with an unknown type, or a
     *     name given twice
     */
    static PayloadColumns parse(String spec) {
        List<Column> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : spec.split(",", -1)) {
            int colon = part.lastIndexOf(':');
            String field = (colon < 0 ? part : part.substring(0, colon)).strip();
            if (colon < 0 || field.isEmpty()) {
                throw new IllegalArgumentException("'" + part.strip() + "' is not NAME:TYPE");
            }
            if (!seen.add(field)) {
                throw new IllegalArgumentException("field '" + field + "' is named twice");
            }
            out.add(new Column(field, type(part.substring(colon + 1).strip())));
        }
        return new PayloadColumns(out);
    }

    private static Type type(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "keyword", "string" -> Type.STRING;
            case "integer", "int", "long" -> Type.INTEGER;
            case "float", "double" -> Type.FLOAT;
            case "bool", "boolean" -> Type.BOOL;
            default -> throw new IllegalArgumentException("unknown type '" + name
                    + "'; known: keyword (or string), integer, float, bool");
        };
    }

    /** How many columns there are. */
    int size() {
        return columns.size();
    }

    /**
     * The payload of {@code cells[from..from + size())}.
     *
     * @throws IllegalArgumentException for a cell that is not of its column's type, naming the
     *     column (counted from 1)
     */
    Struct payload(String[] cells, int from) {
        Struct.Builder b = Struct.newBuilder();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            String cell = cells[from + i].strip();
            if (cell.isEmpty()) {
                continue;
            }
            try {
                b.putFields(c.field(), value(c.type(), cell));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column " + (from + i + 1) + ": '" + cell + "' is not "
                        + switch (c.type()) {
                            case INTEGER -> "an integer";
                            case FLOAT -> "a finite number";
                            default -> "true or false";
                        } + " (payload field " + c.field() + ")");
            }
        }
        return b.build();
    }

    /** The value of a non-empty cell; IllegalArgumentException when it is not of the type. */
    private static Value value(Type type, String cell) {
        Value.Builder v = Value.newBuilder();
        switch (type) {
            case STRING -> v.setStringValue(cell);
            case INTEGER -> v.setNumberValue(Long.parseLong(cell));
            case FLOAT -> {
                double d = Double.parseDouble(cell);
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException();
                }
                v.setNumberValue(d);
            }
            case BOOL -> {
                if (!cell.equalsIgnoreCase("true") && !cell.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException();
                }
                v.setBoolValue(cell.equalsIgnoreCase("true"));
            }
        }
        return v.build();
    }
}
