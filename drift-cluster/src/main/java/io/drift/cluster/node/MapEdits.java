package io.drift.cluster.node;

import io.drift.cluster.meta.ClusterView;
import io.drift.cluster.meta.ClusterWatcher;
import io.drift.cluster.meta.EtcdStore;
import io.drift.cluster.meta.Json;
import io.drift.cluster.meta.Keys;
import io.drift.cluster.meta.ShardMap;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Changes to a collection's shard map: read the newest map, change one shard's entry, write it
 * back in a transaction that compares the map's revision, and again on a conflict (the map is one
 * key per collection, and nodes moving different shards of it change it concurrently).
 */
final class MapEdits {

    private static final int ATTEMPTS = 20;

    private final EtcdStore store;
    private final ClusterWatcher watcher;

    MapEdits(EtcdStore store, ClusterWatcher watcher) {
        this.store = store;
        this.watcher = watcher;
    }

    /** A map's change, or null when it no longer applies (the map moved on without it). */
    interface Edit extends UnaryOperator<ShardMap> {
    }

    /** Applies {@code edit} to {@code collection}'s map; false if it no longer applies or the map is gone. */
    boolean apply(String collection, Edit edit) throws IOException {
        String key = Keys.shards(collection);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ClusterView view = watcher.view();
            ShardMap map = view.shardMaps().get(collection);
            ShardMap next = map == null ? null : edit.apply(map);
            if (next == null) {
                return false;
            }
            if (store.compareAndSet(key, view.modRevision(key), Map.of(key, Json.write(next)), List.of())) {
                watcher.refresh();
                return true;
            }
            watcher.refresh(); // someone else changed the map: read it again
        }
        throw new IOException("the shard map of " + collection + " kept changing; gave up after " + ATTEMPTS
                + " attempts");
    }
}
