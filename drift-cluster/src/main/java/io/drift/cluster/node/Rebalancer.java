package io.drift.cluster.node;

import io.drift.CollectionNotFoundException;
import io.drift.DriftEngine;
import io.drift.cluster.meta.ClusterView;
import io.drift.cluster.meta.ClusterWatcher;
import io.drift.cluster.meta.CollectionRecord;
import io.drift.cluster.meta.EtcdStore;
import io.drift.cluster.meta.Keys;
import io.drift.cluster.meta.Member;
import io.drift.cluster.meta.ShardMap;
import io.drift.cluster.ring.Placement;
import io.drift.cluster.route.ShardNames;
import java.io.IOException;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * This node's share of keeping the cluster placed: one background thread that, after every change
 * of the cluster's metadata and at least once a second,
 * <ul>
 *   <li>moves a shard this node owns to where the ring places it now ({@link Placement} over the
 *       active members), when that node is live: a join or a leave moves about 1/N of the shards,
 *       each by its owner, one at a time ({@link ShardMover}); a member that is down keeps its
 *       shards (it comes back with them);
 *   <li>forgets a move of its own that a crash left marked in the map;
 *   <li>drops the copies of shards it holds but no longer owns nor receives (moved away, a move
 *       given up);
 *   <li>leaves the cluster (deletes its member key) once it is leaving and owns nothing.
 * </ul>
 */
final class Rebalancer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Rebalancer.class.getName());

    private final String self;
    private final DriftEngine engine;
    private final ClusterWatcher watcher;
    private final EtcdStore store;
    private final MapEdits maps;
    private final ShardMover mover;
    private final ShardGate gate;
    private final Thread thread;
    private final Object poke = new Object();
    private volatile boolean closed;
    /** Shard collections of collections etcd does not know, logged once each. */
    private final java.util.Set<String> unknown = new java.util.HashSet<>();

    Rebalancer(String self, DriftEngine engine, ClusterWatcher watcher, EtcdStore store, MapEdits maps,
               ShardMover mover, ShardGate gate) {
        this.self = self;
        this.engine = engine;
        this.watcher = watcher;
        this.store = store;
        this.maps = maps;
        this.mover = mover;
        this.gate = gate;
        this.thread = Thread.ofPlatform().daemon().name("drift-rebalancer").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Looks again now: the metadata changed. */
    void poke() {
        synchronized (poke) {
            poke.notifyAll();
        }
    }

    private void run() {
        while (!closed) {
            try {
                pass();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "rebalancing pass failed: {0}", e.toString());
            } catch (InterruptedException e) {
                return;
            }
            synchronized (poke) {
                try {
                    poke.wait(TimeUnit.SECONDS.toMillis(1));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One pass: at most one move, then the clean-ups. */
    void pass() throws IOException, InterruptedException {
        ClusterView view = watcher.view();
        Member me = view.members().get(self);
        if (me == null) {
            return; // not joined (yet), or left
        }
        List<String> active = view.activeMembers();
        int owned = 0;
        for (CollectionRecord c : new TreeMap<>(view.collections()).values()) {
            ShardMap map = view.shardMaps().get(c.name());
            if (map == null || !c.ready()) {
                continue;
            }
            List<String> desired = active.isEmpty() ? null : Placement.owners(c.name(), c.shards(), active);
            for (int s = 0; s < map.shards(); s++) {
                if (!self.equals(map.owner(s))) {
                    continue;
                }
                owned++;
                int shard = s;
                if (map.target(s) != null) { // a move of ours a crash interrupted: forget it
                    maps.apply(c.name(), m -> self.equals(m.owner(shard)) && m.target(shard) != null
                            ? m.withTarget(shard, null) : null);
                    gate.open(ShardNames.of(c.name(), s));
                    return;
                }
                String to = desired == null ? null : desired.get(s);
                if (to != null && !to.equals(self) && view.live().containsKey(to)) {
                    try {
                        mover.move(c.name(), s, to);
                    } catch (IOException e) {
                        LOG.log(System.Logger.Level.WARNING, "shard {0} stays here for now: {1}",
                                ShardNames.label(c.name(), s), e.getMessage());
                    }
                    return; // one move per pass: the view has changed
                }
            }
        }
        dropStrays(watcher.view());
        if (!me.active() && owned == 0) {
            store.delete(Keys.member(self));
            LOG.log(System.Logger.Level.INFO, "node {0} owns no shard any more and has left the cluster", self);
        }
    }

    /**
     * Drops the shard collections here that this node neither owns nor is receiving, by its
     * collection's shard map. A shard of a collection etcd does not know is kept (and logged once):
     * a drop finishes only once every shard is gone, so an unknown collection means an etcd that
     * lost its data, not a drop this node missed.
     */
    private void dropStrays(ClusterView view) throws IOException {
        if (view.revision() == 0) {
            return; // no view yet
        }
        for (String name : engine.listCollections()) {
            String collection = ShardNames.collectionOf(name);
            if (collection == null) {
                continue;
            }
            ShardMap map = view.shardMaps().get(collection);
            if (map == null) {
                if (unknown.add(name)) {
                    LOG.log(System.Logger.Level.WARNING, "{0} belongs to no collection etcd knows; kept", name);
                }
                continue;
            }
            int s = ShardNames.shardOf(name);
            if (s < map.shards() && (self.equals(map.owner(s)) || self.equals(map.target(s)))) {
                continue;
            }
            gate.moved(name);
            try {
                engine.dropCollection(name); // searches still running on it finish first
                LOG.log(System.Logger.Level.INFO, "dropped {0}: owned by {1} now", name,
                        s < map.shards() ? map.owner(s) : "no one");
            } catch (CollectionNotFoundException gone) {
                // dropped meanwhile
            }
            gate.forget(name);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
