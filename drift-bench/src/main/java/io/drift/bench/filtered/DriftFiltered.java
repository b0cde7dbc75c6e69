package io.drift.bench.filtered;

import io.drift.CollectionConfig;
import io.drift.DriftEngine;
import io.drift.FieldIndexType;
import io.drift.Metric;
import io.drift.Point;
import io.drift.SearchOptions;
import io.drift.SearchResult;
import io.drift.VectorCollection;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Drift through its Java API, as an application runs it: points upserted with their payloads in
 * batches, payload indexes declared on the three fields, flushed into segments, and the background
 * maintenance left to finish (the build time includes it). The sweep runs
 * {@code target_confidence} values, then {@code recall_target} values.
 */
final class DriftFiltered implements FilteredSystem {

    static final List<String> SETTINGS = List.of("conf=0.8", "conf=0.9", "conf=0.95", "conf=0.99", "conf=1.0",
            "recall=0.95", "recall=0.99");

    private DriftEngine engine;
    private VectorCollection collection;

    @Override
    public String name() {
        return "drift";
    }

    @Override
    public void build(Vectors base, Metric metric, FilteredWorkload w, Path dir) throws IOException {
        engine = DriftEngine.open(dir);
        collection = engine.createCollection("filtered", base.dim(), metric, CollectionConfig.defaults());
        collection.createFieldIndex(FilteredWorkload.CLS, FieldIndexType.KEYWORD);
        collection.createFieldIndex(FilteredWorkload.INT, FieldIndexType.INTEGER);
        collection.createFieldIndex(FilteredWorkload.FLOAT, FieldIndexType.FLOAT);
        List<Point> batch = new ArrayList<>();
        for (int r = 0; r < base.size(); r++) {
            batch.add(new Point(r, base.row(r), w.payload(r)));
            if (batch.size() == 1000 || r == base.size() - 1) {
                collection.upsert(batch);
                batch.clear();
            }
        }
        collection.flush();
        try {
            io.drift.bench.Settle.untilQuiet(collection); // the partition merges after the load, before timing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while maintenance settled", e);
        }
    }

    @Override
    public List<String> settings() {
        return SETTINGS;
    }

    @Override
    public Searcher searcher(String setting, FilteredWorkload.Case filter, int k) {
        double value = Double.parseDouble(setting.substring(setting.indexOf('=') + 1));
        SearchOptions o = setting.startsWith("conf") ? SearchOptions.defaults().withTargetConfidence(value)
                : SearchOptions.defaults().withRecallTarget(value);
        SearchOptions options = o.withFilter(filter.drift());
        return (query, out) -> {
            SearchResult r = collection.search(query, k, options);
            int n = Math.min(r.size(), out.length);
            for (int i = 0; i < n; i++) {
                out[i] = r.get(i).id();
            }
            return n;
        };
    }

    @Override
    public void close() throws IOException {
        if (engine != null) {
            engine.close();
        }
    }
}
