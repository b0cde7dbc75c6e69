package io.drift.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One point of a system's search-time sweep, for example HNSW's {@code ef_search=64}.
 *
 * @param label short human-readable form for progress lines and chart labels
 * @param params the parameters as reported in JSON, in report order (unmodifiable)
 */
public record SearchSetting(String label, Map<String, Object> params) {

    /** The only setting of a system that has no search-time knob. */
    public static final SearchSetting DEFAULT = new SearchSetting("default", Map.of());

    public SearchSetting {
        Objects.requireNonNull(label, "label");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The integer parameter {@code name}; fails clearly if the setting does not have it. */
    public int intParam(String name) {
        Object value = params.get(name);
        if (!(value instanceof Integer i)) {
            throw new IllegalArgumentException("setting " + label + " has no integer parameter " + name);
        }
        return i;
    }
}
