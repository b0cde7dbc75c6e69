package io.drift.bench;

import io.drift.bench.drift.DriftSystem;
import io.drift.bench.lucene.LuceneHnswSystem;
import io.drift.bench.lucene.LuceneVectorFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The systems a benchmark can run, by name. Adding a system is one entry in {@link #FACTORIES}.
 */
public final class BenchSystems {

    private static final Map<String, Supplier<BenchSystem>> FACTORIES = factories();

    private static Map<String, Supplier<BenchSystem>> factories() {
        Map<String, Supplier<BenchSystem>> factories = new LinkedHashMap<>();
        factories.put(ExactSystem.NAME, ExactSystem::new);
        factories.put(DriftSystem.NAME, DriftSystem::new);
        for (LuceneVectorFormat format : LuceneVectorFormat.values()) {
            factories.put(format.systemName(), () -> new LuceneHnswSystem(format));
        }
        return Collections.unmodifiableMap(factories);
    }

    private BenchSystems() {}

    /** Every known system name, in a stable order. */
    public static Set<String> names() {
        return FACTORIES.keySet();
    }

    /** A new, unbuilt instance of the system called {@code name}. */
    public static BenchSystem create(String name) {
        Supplier<BenchSystem> factory = FACTORIES.get(name);
        if (factory == null) {
            throw new IllegalArgumentException(unknown(name));
        }
        return factory.get();
    }

    /**
     * As {@link #create(String)}, with {@code --drift-param} values for the {@code drift} system
     * (ignored by the others).
     */
    public static BenchSystem create(String name, Map<String, String> driftParams) {
        return DriftSystem.NAME.equals(name) ? new DriftSystem(driftParams) : create(name);
    }

    /**
     * Parses a comma-separated list such as {@code exact,lucene-hnsw}: trims blanks, lower-cases,
     * drops repeats (keeping the first), and rejects empty lists and unknown names.
     */
    public static List<String> parseList(String list) {
        List<String> names = new ArrayList<>();
        for (String part : list.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!FACTORIES.containsKey(name)) {
                throw new IllegalArgumentException(unknown(name));
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no system given; known systems: " + String.join(", ", names()));
        }
        return List.copyOf(names);
    }

    private static String unknown(String name) {
        return "unknown system '" + name + "'; known systems: " + String.join(", ", names());
    }
}
