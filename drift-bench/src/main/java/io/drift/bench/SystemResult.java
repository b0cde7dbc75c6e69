package io.drift.bench;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One system at one search-time setting: an entry of the report's {@code systems} array.
 *
 * @param system the system name
 * @param setting the setting's label (not serialised: its parameters are in {@code params})
 * @param params the setting's parameters followed by the system's build parameters
 * @param buildSeconds wall time of {@link BenchSystem#build}
 * @param recall mean recall@k over the queries
 * @param qps single-thread queries per second
 * @param p50Millis median query latency
 * @param p99Millis 99th percentile query latency
 * @param diskBytes bytes of the index on disk
 * @param stats what the system reports it did per query (for example {@code rows_scanned}),
 *     written as further fields after {@code disk_bytes}
 */
@JsonPropertyOrder({"system", "params", "build_seconds", "recall", "qps", "p50_ms", "p99_ms", "disk_bytes"})
public record SystemResult(
        @JsonProperty("system") String system,
        @JsonIgnore String setting,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("build_seconds") double buildSeconds,
        @JsonProperty("recall") double recall,
        @JsonProperty("qps") double qps,
        @JsonProperty("p50_ms") double p50Millis,
        @JsonProperty("p99_ms") double p99Millis,
        @JsonProperty("disk_bytes") long diskBytes,
        @JsonIgnore Map<String, Object> stats) {

    public SystemResult {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(setting, "setting");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
    }

    @JsonAnyGetter
    Map<String, Object> extraFields() {
        return stats;
    }

    /** The result of measuring {@code system} at {@code setting}, rounded for the report. */
    public static SystemResult of(
            BenchSystem system, SearchSetting setting, double buildSeconds, LatencyStats latency, double recall,
            long diskBytes, Map<String, Object> stats) {
        Map<String, Object> params = new LinkedHashMap<>(setting.params());
        params.putAll(system.buildParams());
        return new SystemResult(
                system.name(),
                setting.label(),
                params,
                round(buildSeconds, 3),
                round(recall, 5),
                round(latency.qps(), 1),
                round(latency.p50Millis(), 4),
                round(latency.p99Millis(), 4),
                diskBytes,
                stats);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
