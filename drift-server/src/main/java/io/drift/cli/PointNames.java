package io.drift.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The points a command names on its command line: unsigned 64-bit ids, or with {@code --keys}
 * string keys (collections created with {@code --key-type string}); each once, in the order given.
 * One of the two lists is empty.
 */
record PointNames(List<Long> ids, List<String> keys) {

    /**
     * The names in {@code args}: keys when {@code byKey}, otherwise ids.
     *
     * @throws ParameterException for an argument that is not an id, or an empty key
     */
    static PointNames parse(CommandSpec spec, List<String> args, boolean byKey) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>(args);
        if (byKey) {
            if (distinct.contains("")) {
                throw new ParameterException(spec.commandLine(), "a key must not be empty");
            }
            return new PointNames(List.of(), List.copyOf(distinct));
        }
        List<Long> ids = new ArrayList<>(distinct.size());
        for (String a : distinct) {
            ids.add(id(spec, a, "'" + a + "' is not an id (an unsigned 64-bit integer; --keys takes string keys)"));
        }
        return new PointNames(List.copyOf(new LinkedHashSet<>(ids)), List.of());
    }

    /**
     * {@code value} as an unsigned 64-bit id.
     *
     * @throws ParameterException with {@code problem} as its message when it is not one
     */
    static long id(CommandSpec spec, String value, String problem) {
        try {
            return Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), problem);
        }
    }

    /** How many points are named. */
    int size() {
        return ids.size() + keys.size();
    }

    /** What the names are, for messages: "ids" or "keys". */
    String noun() {
        return keys.isEmpty() ? "ids" : "keys";
    }
}
