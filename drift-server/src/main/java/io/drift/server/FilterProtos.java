package io.drift.server;

import io.drift.FieldIndexType;
import io.drift.Filter;
import io.drift.KeyType;
import io.drift.VectorCollection;
import io.drift.proto.v1.Condition;
import io.drift.proto.v1.FieldCondition;
import io.drift.proto.v1.FieldType;
import io.drift.proto.v1.HasIdCondition;
import io.drift.proto.v1.Match;
import io.drift.proto.v1.Range;
import java.util.ArrayList;
import java.util.List;

/**
 * Filters between the {@code drift.v1} messages and the API's {@link Filter}, checked condition by
 * condition: a bad one is {@code INVALID_ARGUMENT} naming its path in the request, e.g.
 * {@code filter.must[2].field.range: has no bound} or
 * {@code filter.must_not[1].filter.must[0].has_id: ...}. Also the payload index types.
 */
final class FilterProtos {

    private FilterProtos() {}

    /**
     * The filter of a request's {@code filter} field ({@link Filter#all()} when it is unset or has no
     * condition), for collection {@code c}, whose key type decides whether has_id takes ids or keys.
     */
    static Filter filter(boolean present, io.drift.proto.v1.Filter f, VectorCollection c) {
        return present ? filter(f, "filter", c) : Filter.all();
    }

    static Filter filter(io.drift.proto.v1.Filter f, String path, VectorCollection c) {
        Filter.Builder b = Filter.builder();
        b.must(conditions(f.getMustList(), path + ".must", c));
        b.should(conditions(f.getShouldList(), path + ".should", c));
        b.mustNot(conditions(f.getMustNotList(), path + ".must_not", c));
        return b.build();
    }

    private static Filter.Cond[] conditions(List<Condition> list, String path, VectorCollection c) {
        Filter.Cond[] out = new Filter.Cond[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = condition(list.get(i), path + "[" + i + "]", c);
        }
        return out;
    }

    private static Filter.Cond condition(Condition cond, String path, VectorCollection c) {
        return switch (cond.getConditionCase()) {
            case FIELD -> field(cond.getField(), path + ".field");
            case FILTER -> filter(cond.getFilter(), path + ".filter", c).asCondition();
            case HAS_ID -> hasId(cond.getHasId(), path + ".has_id", c);
            case IS_EMPTY -> Filter.isEmpty(key(cond.getIsEmpty().getKey(), path + ".is_empty.key"));
            case IS_NULL -> Filter.isNull(key(cond.getIsNull().getKey(), path + ".is_null.key"));
            case CONDITION_NOT_SET -> throw Protos.invalid(path, "a condition with nothing set: give one of field,"
                    + " filter, has_id, is_empty or is_null");
        };
    }

    /** A field name as a filter or an index takes it: a dotted path without empty parts. */
    static String key(String key, String path) {
        if (key.isEmpty()) {
            throw Protos.invalid(path, "empty: name a payload field");
        }
        if (key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
            throw Protos.invalid(path, "'" + key + "' is not a field name: parts between dots must not be empty");
        }
        return key;
    }

    private static Filter.Cond field(FieldCondition f, String path) {
        String key = key(f.getKey(), path + ".key");
        if (f.hasMatch() == f.hasRange()) {
            throw Protos.invalid(path, f.hasMatch() ? "give match or range, not both"
                    : "neither match nor range is set");
        }
        return f.hasMatch() ? match(key, f.getMatch(), path + ".match") : range(key, f.getRange(), path + ".range");
    }

    private static Filter.Cond match(String key, Match m, String path) {
        return switch (m.getMatchValueCase()) {
            case KEYWORD -> Filter.match(key, m.getKeyword());
            case INTEGER -> Filter.match(key, m.getInteger());
            case BOOLEAN -> Filter.match(key, m.getBoolean());
            case KEYWORDS -> {
                if (m.getKeywords().getStringsCount() == 0) {
                    throw Protos.invalid(path + ".keywords", "empty: name at least one keyword");
                }
                yield Filter.matchAny(key, m.getKeywords().getStringsList().toArray(String[]::new));
            }
            case INTEGERS -> {
                if (m.getIntegers().getIntegersCount() == 0) {
                    throw Protos.invalid(path + ".integers", "empty: name at least one integer");
                }
                yield Filter.matchAny(key, m.getIntegers().getIntegersList().stream().mapToLong(Long::longValue)
                        .toArray());
            }
            case MATCHVALUE_NOT_SET -> throw Protos.invalid(path, "no value set: give one of keyword, integer, boolean,"
                    + " keywords or integers");
        };
    }

    private static Filter.Cond range(String key, Range r, String path) {
        if (!r.hasGt() && !r.hasGte() && !r.hasLt() && !r.hasLte()) {
            throw Protos.invalid(path, "has no bound: give at least one of gt, gte, lt, lte");
        }
        return Filter.range(key, bound(r.hasGt(), r.getGt(), path, "gt"), bound(r.hasGte(), r.getGte(), path, "gte"),
                bound(r.hasLt(), r.getLt(), path, "lt"), bound(r.hasLte(), r.getLte(), path, "lte"));
    }

    private static Double bound(boolean present, double value, String path, String name) {
        if (!present) {
            return null;
        }
        if (Double.isNaN(value)) {
            throw Protos.invalid(path, name + " is NaN");
        }
        return value;
    }

    private static Filter.Cond hasId(HasIdCondition h, String path, VectorCollection c) {
        if (h.getIdsCount() > 0 && h.getKeysCount() > 0) {
            throw Protos.invalid(path, "give ids or keys, not both");
        }
        boolean byKey = c.config().keyType() == KeyType.STRING;
        if (byKey ? h.getIdsCount() > 0 : h.getKeysCount() > 0) {
            throw Protos.invalid(path + (byKey ? ".ids" : ".keys"), "collection '" + c.name() + "' names points by "
                    + (byKey ? "string keys" : "ids"));
        }
        if (!byKey) {
            return Filter.hasId(h.getIdsList().stream().mapToLong(Long::longValue).toArray());
        }
        List<String> keys = new ArrayList<>(h.getKeysCount());
        for (int i = 0; i < h.getKeysCount(); i++) {
            if (h.getKeys(i).isEmpty()) {
                throw Protos.invalid(path + ".keys[" + i + "]", "empty: a key has 1 to 256 bytes");
            }
            keys.add(h.getKeys(i));
        }
        return Filter.hasKey(keys.toArray(String[]::new));
    }

    /** The index type of a request. */
    static FieldIndexType fieldType(FieldType t, String field) {
        return switch (t) {
            case FIELD_TYPE_KEYWORD -> FieldIndexType.KEYWORD;
            case FIELD_TYPE_INTEGER -> FieldIndexType.INTEGER;
            case FIELD_TYPE_FLOAT -> FieldIndexType.FLOAT;
            case FIELD_TYPE_BOOL -> FieldIndexType.BOOL;
            default -> throw Protos.invalid(field, "must be FIELD_TYPE_KEYWORD, FIELD_TYPE_INTEGER, FIELD_TYPE_FLOAT or"
                    + " FIELD_TYPE_BOOL, got " + t);
        };
    }

    static FieldType fieldType(FieldIndexType t) {
        return switch (t) {
            case KEYWORD -> FieldType.FIELD_TYPE_KEYWORD;
            case INTEGER -> FieldType.FIELD_TYPE_INTEGER;
            case FLOAT -> FieldType.FIELD_TYPE_FLOAT;
            case BOOL -> FieldType.FIELD_TYPE_BOOL;
        };
    }
}
