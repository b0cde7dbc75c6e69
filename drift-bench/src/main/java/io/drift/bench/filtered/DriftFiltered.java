package io.drift.bench.filtered;

import io.drift.CollectionConfig;
import io.drift.DriftEngine;
import io.drift.FieldIndexType;
import io.drift.JanitorConfig;
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
 * batches, payload indexes declared on the three fields, flushed into one partition of segments
 * (maintenance off, so that the index does not change during the sweep). The sweep runs
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
        // one memtable takes the whole load, so one flush makes one partition, and maintenance stays
        // off: the index stays as built through the sweep, like Lucene's force-merged segment (with it
        // on, searches warm buckets and the janitor rewrites some mid-sweep, new segments whose
        // filter results are not cached yet)
        long bytes = Math.max(64L << 20, 2L * base.size() * base.dim() * Float.BYTES);
        collection = engine.createCollection("filtered", base.dim(), metric, CollectionConfig.builder()
                .memtableBytes(bytes).maxUnlinkedBytes(bytes)
                .janitor(JanitorConfig.builder().enabled(false).build()).build());
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
        if (collection.stats().partitions() != 1) {
            throw new IllegalStateException("the load made " + collection.stats().partitions() + " partitions, not one");
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
